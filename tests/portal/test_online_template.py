"""The office's .xlsm with the 在线校验 button: this portal's address and the unit's own token in it, the
online modules in its VBA project, the button beside the others; a reissued link gets a new file."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from django.test import Client

from workbook_tools.errors import WorkbookToolsError
from workbook_tools.excel.xlsm import OnlineCheck
from workbook_tools.portal.models import State, Unit
from workbook_tools.vba import read_modules


def _download(unit: Unit) -> bytes:
    response = Client().get(f"/u/{unit.token}/template.xlsm")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"].startswith("attachment")
        and ".xlsm" in response["Content-Disposition"]
    )
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_xlsm_carries_the_portal_address_the_units_token_and_the_button(batch):
    unit = batch.units.order_by("code").first()
    data = _download(unit)
    assert Unit.objects.get(pk=unit.pk).state == State.DOWNLOADED
    wb = openpyxl.load_workbook(io.BytesIO(data), keep_vba=True)
    names = {n: wb.defined_names[n].attr_text for n in ("WT_PORTAL_URL", "WT_PORTAL_TOKEN")}
    assert names == {"WT_PORTAL_URL": '"http://testserver"', "WT_PORTAL_TOKEN": f'"{unit.token}"'}
    stamp = {r[0].value: r[1].value for r in wb["_meta"].iter_rows() if r[0].value}
    assert unit.code in stamp.values()  # pre-filled and stamped for this unit, as the .xlsx is
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        drawings = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".vml"))
        project = zf.read("xl/vbaProject.bin")
    assert re.search(r"WtOnlineCheck", drawings) and "在线校验" in drawings
    modules = read_modules(project)  # decoded with our own CFB reader, as the VBA project stores them
    assert "Public Sub WtOnlineCheck()" in modules["WtOnlineSend"]
    assert "Public Function WtApplyAnswer" in modules["WtOnlineMarks"]
    assert "WtCheck" in "".join(modules.values())  # the native buttons' macros are there too


def test_a_reissued_link_gets_its_own_file_and_the_old_link_none(batch, collector):
    unit = batch.units.order_by("code").first()
    first = _download(unit)
    old = unit.token
    assert collector.post(f"/collector/unit/{unit.pk}/reissue/").status_code in (200, 302)
    unit.refresh_from_db()
    assert unit.token != old
    assert Client().get(f"/u/{old}/template.xlsm").status_code == 404
    second = openpyxl.load_workbook(io.BytesIO(_download(unit)), keep_vba=True)
    assert second.defined_names["WT_PORTAL_TOKEN"].attr_text == f'"{unit.token}"'
    assert first != _download(unit)


@pytest.mark.parametrize(
    ("url", "token"),
    [
        ('https://x.cn/"),HYPERLINK("http://evil', "a" * 43),
        ("javascript:alert(1)", "a" * 43),
        ("https://x.cn", 'abc"&"def' * 5),
    ],
)
def test_only_plain_addresses_and_tokens_become_names(url, token):
    with pytest.raises(WorkbookToolsError):
        OnlineCheck(url, token)
