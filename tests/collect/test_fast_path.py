"""The fast read path gives exactly the validator's findings, and reads Excel's shared formulas."""

from workbook_tools.collect.fast_check import check_file
from workbook_tools.collect.fast_read import formulas_of
from workbook_tools.validate.workbook import validate_workbook


def test_same_findings_as_the_validator(demo):
    files = sorted((demo["paths"]["03-回收文件"]).rglob("*.xlsx")) + sorted(demo["paths"]["02-下发模板"].glob("*.xlsx"))
    assert len(files) > 20
    for path in files:
        fast = check_file(path, "f")
        slow = validate_workbook(path, name="f")
        assert fast.report.flatten() == slow.flatten(), path.name


def test_shared_formulas_are_expanded():
    xml = ('<row r="2"><c r="I2"><f t="shared" ref="I2:I4" si="0">H2*2</f><v>2</v></c></row>'
           '<row r="3"><c r="I3"><f t="shared" si="0"/><v>4</v></c><c r="J3" s="1"><f>A1&amp;"&lt;"</f></c></row>')
    assert formulas_of(xml) == {"I2": "=H2*2", "I3": "=H3*2", "J3": '=A1&"<"'}
