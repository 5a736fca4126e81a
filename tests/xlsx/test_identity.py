"""The identity stamp is in custom properties and in the hidden _meta sheet, and reads back fast."""

import openpyxl

from workbook_tools.forms.registry import get_form
from workbook_tools.forms.spec import TEMPLATE_VERSION
from workbook_tools.read.reader import read_file
from workbook_tools.xlsx.identity import Identity, read_identity
from workbook_tools.xlsx.writer import write_template


def test_stamp_round_trips_through_both_places(tmp_path):
    stamp = Identity(
        "sc-project", "2026.1", "sichuan-2023", "510700", "绵阳市科协 & <科普>", "科普经费", "B-7"
    )
    path = write_template(get_form("sc-project"), tmp_path / "t.xlsx", stamp=stamp)
    assert read_identity(path) == stamp
    wb = openpyxl.load_workbook(path)
    meta = wb["_meta"]
    assert meta.sheet_state == "hidden"
    assert dict(meta.iter_rows(values_only=True)) == dict(stamp.items())
    assert read_file(path).records[0].identity == stamp


def test_blank_template_is_stamped_with_form_version_and_profile(tmp_path):
    path = write_template(get_form("hb-dept"), tmp_path / "t.xlsx")
    assert read_identity(path) == Identity("hb-dept", TEMPLATE_VERSION, "hubei-2021")
