"""Issue 13 item 5: a template built from a profile file carries its settings; validate uses them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.validate.cases import sc_project
from tests.validate.conftest import rewrite_part
from workbook_tools.cli import main
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import load_profile
from workbook_tools.read.reader import read_file
from workbook_tools.validate.batch import validate_paths
from workbook_tools.validate.codes import CODES, Severity
from workbook_tools.xlsx.fill import fill_workbook
from workbook_tools.xlsx.identity import META_SHEET, PREFIX, read_identity, settings_digest

BUNDLED = Path(__file__).parents[2] / "workbook_tools" / "profiles" / "sichuan-2023.toml"


@pytest.fixture
def my_prov(tmp_path) -> Path:
    """sichuan-2023 with a lower execution-reason threshold (0.8 instead of 0.9), as a province file."""
    text = BUNDLED.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^execution_reason_threshold = .*$", "execution_reason_threshold = 0.8", text)
    assert n == 1
    text = re.sub(r"(?m)^title = .*$", 'title = "某省 2024"', text)
    path = tmp_path / "cfg" / "my-prov.toml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def _eighty_five_percent() -> SelfEvaluation:
    """A clean form whose budget was 85 % executed, with no reason written."""
    data = sc_project()
    data["funding"][0]["executed"] = 8.5
    data["funding"][1]["executed"] = 8.5
    data.pop("profile")
    return SelfEvaluation.from_dict(data)


def _codes(path: Path, profile=None) -> list[str]:
    (record,) = read_file(path, profile=profile).records
    (report,) = (
        validate_paths([str(path)], profile=profile).reports
        if profile
        else validate_paths([str(path)]).reports
    )
    return [f.code for f in record.findings] + [f.code for f in report.findings]


def _meta_rows(path: Path) -> dict[str, str]:
    ws = openpyxl.load_workbook(path)[META_SHEET]
    return {row[0]: row[1] for row in ws.iter_rows(values_only=True)}


def test_new_with_a_profile_file_carries_its_settings(my_prov, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "x.xlsx"
    assert main(["new", "sc-project", "--profile", str(my_prov), "-o", str(out)]) == 0
    identity = read_identity(out)
    assert identity.profile == "my-prov"
    rows = _meta_rows(out)
    text = rows["profile_settings"]
    assert "execution_reason_threshold = 0.8" in text and "protection_password" not in text
    assert rows["profile_sha256"] == settings_digest(text)
    with zipfile.ZipFile(out) as zf:
        custom = zf.read("docProps/custom.xml").decode()
    assert f'name="{PREFIX}profile_source"' in custom and settings_digest(text) in custom
    assert all(len(v) <= 255 for v in re.findall(r"<vt:lpwstr>([^<]*)</vt:lpwstr>", custom))

    # the file is gone (another machine, another folder): the template alone still knows the rules
    my_prov.unlink()
    (record,) = read_file(out).records
    assert record.profile.name == "my-prov" and record.profile.execution_reason_threshold == 0.8
    (advice,) = [f for f in record.findings if f.code == "STAMP_PROFILE_EMBEDDED"]
    assert advice.severity is Severity.ADVICE
    assert advice.message == "按模板中携带的规则配置“my-prov”校验"
    assert "STAMP_PROFILE_UNKNOWN" not in [f.code for f in record.findings]


def test_validate_uses_the_carried_rules(my_prov, tmp_path):
    custom = fill_workbook(
        "sc-project", _eighty_five_percent(), tmp_path / "custom.xlsx", load_profile(str(my_prov))
    )
    default = fill_workbook("sc-project", _eighty_five_percent(), tmp_path / "default.xlsx")
    my_prov.unlink()

    codes = _codes(custom)
    assert "EXEC_REASON_MISSING" not in codes  # 85 % ≥ the carried 0.8
    assert "STAMP_PROFILE_EMBEDDED" in codes and "STAMP_PROFILE_UNKNOWN" not in codes
    assert "EXEC_REASON_MISSING" in _codes(default)  # the form's default asks for a reason below 90 %

    # an explicit --profile still wins, with no word about the stamp
    explicit = _codes(custom, profile="sichuan-2023")
    assert "EXEC_REASON_MISSING" in explicit and "STAMP_PROFILE_EMBEDDED" not in explicit


def test_validate_cli_uses_the_carried_rules(my_prov, tmp_path, capsys):
    book = fill_workbook(
        "sc-project", _eighty_five_percent(), tmp_path / "custom.xlsx", load_profile(str(my_prov))
    )
    my_prov.unlink()
    main(["validate", str(book)])
    out = capsys.readouterr().out
    assert "按模板中携带的规则配置“my-prov”校验" in out
    assert "EXEC_REASON_MISSING" not in out


def test_bundled_profiles_carry_nothing(tmp_path):
    out = fill_workbook(
        "sc-project", _eighty_five_percent(), tmp_path / "b.xlsx", load_profile("sichuan-2023")
    )
    assert "profile_settings" not in _meta_rows(out)
    with zipfile.ZipFile(out) as zf:
        assert "profile_source" not in zf.read("docProps/custom.xml").decode()


def _set_meta(path: Path, text: str, digest: str | None = None) -> None:
    """Replace the carried settings (and, unless told otherwise, a matching digest), as a tamperer would."""
    wb = openpyxl.load_workbook(path)
    ws = wb[META_SHEET]
    for row in ws.iter_rows():
        if row[0].value == "profile_settings":
            row[1].value = text
    wb.save(path)
    digest = settings_digest(text) if digest is None else digest
    rewrite_part(
        path,
        "docProps/custom.xml",
        lambda xml: re.sub(
            r'(name="wt_profile_sha256"[^>]*>\s*<vt:lpwstr[^>]*>)[^<]*', rf"\g<1>{digest}", xml
        ),
    )


def _fallback(path: Path) -> str:
    (record,) = read_file(path).records
    assert record.profile.name == "sichuan-2023"  # the form's default
    assert "STAMP_PROFILE_EMBEDDED" not in [f.code for f in record.findings]
    (warning,) = [f for f in record.findings if f.code == "STAMP_PROFILE_UNKNOWN"]
    assert warning.severity is Severity.ADVICE
    assert "my-prov" in warning.message and "“sichuan-2023”" in warning.message
    return warning.message


@pytest.fixture
def carried_book(my_prov, tmp_path) -> Path:
    book = fill_workbook(
        "sc-project", _eighty_five_percent(), tmp_path / "c.xlsx", load_profile(str(my_prov))
    )
    my_prov.unlink()
    return book


def test_unknown_key_in_carried_settings_falls_back(carried_book):
    text = _meta_rows(carried_book)["profile_settings"]
    _set_meta(carried_book, text + 'secret_path = "/etc/passwd"\n')
    message = _fallback(carried_book)
    assert "无法使用" in message and "secret_path" in message


def test_huge_carried_settings_fall_back(carried_book):
    text = _meta_rows(carried_book)["profile_settings"]
    huge = text + "#" + "x" * 70_000 + "\n"  # more than a cell holds: only a hand-edited package has it
    _set_meta(carried_book, "HUGE_MARKER", digest=settings_digest(huge))
    with zipfile.ZipFile(carried_book) as zf:  # openpyxl may store the text inline or as a shared string
        (part,) = [n for n in zf.namelist() if b"HUGE_MARKER" in zf.read(n)]
    rewrite_part(carried_book, part, lambda xml: xml.replace("HUGE_MARKER", huge))
    assert "过大" in _fallback(carried_book)


def test_altered_carried_settings_fall_back(carried_book):
    text = _meta_rows(carried_book)["profile_settings"]
    old_digest = settings_digest(text)
    _set_meta(carried_book, text.replace("0.8", "0.0"), digest=old_digest)
    assert "校验值不符" in _fallback(carried_book)


def test_broken_toml_falls_back(carried_book):
    _set_meta(carried_book, "name = [")
    assert "无法使用" in _fallback(carried_book)


def test_settings_of_another_name_fall_back(carried_book):
    text = _meta_rows(carried_book)["profile_settings"]
    _set_meta(carried_book, text.replace('name = "my-prov"', 'name = "other"'))
    assert "与模板标识不符" in _fallback(carried_book)


def test_missing_carried_settings_say_why(tmp_path):
    from tests.validate.conftest import set_stamp

    book = fill_workbook(
        "sc-project", _eighty_five_percent(), tmp_path / "m.xlsx", load_profile("sichuan-2023")
    )
    set_stamp(book, "profile", "lost-name")
    (record,) = read_file(book).records
    (warning,) = [f for f in record.findings if f.code == "STAMP_PROFILE_UNKNOWN"]
    assert "没有携带" in warning.message and "sichuan-2023" in warning.message


def test_the_new_code_is_advice_in_the_catalogue():
    assert CODES["STAMP_PROFILE_EMBEDDED"].severity is Severity.ADVICE


def test_distribute_with_a_profile_file_carries_its_settings(my_prov, tmp_path):
    import csv

    from tests.collect.test_distribute import HEAD, ROWS

    roster = tmp_path / "名单.csv"
    with open(roster, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEAD, *ROWS])
    out = tmp_path / "out"
    assert (
        main(["distribute", str(roster), "--form", "sc-project", "-o", str(out), "--profile", str(my_prov)])
        == 0
    )
    my_prov.unlink()
    books = sorted(out.glob("*.xlsx"))
    assert books
    for book in books:
        (record,) = read_file(book).records
        assert record.profile.execution_reason_threshold == 0.8
        assert "STAMP_PROFILE_EMBEDDED" in [f.code for f in record.findings]
