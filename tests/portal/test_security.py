"""A link sees only its unit; hostile files and names stay harmless; limits, CSRF and login throttling."""

from __future__ import annotations

import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.portal.conftest import upload
from tests.security import hostile
from workbook_tools.forms.registry import get_form
from workbook_tools.portal import checking, services, throttle
from workbook_tools.portal.accounts import ensure_collector
from workbook_tools.portal.models import State, Unit, Upload
from workbook_tools.validate.layout import SpecLayout


def _units(batch, demo):
    rows = demo["roster"].rows
    return Unit.objects.get(batch=batch, code=rows[0].code), Unit.objects.get(batch=batch, code=rows[1].code)


def test_a_link_sees_only_its_own_unit(batch, demo):
    mine, theirs = _units(batch, demo)
    office = Client()
    assert upload(office, theirs, demo["clean"]).status_code == 302
    other = theirs.latest_upload()
    for path in (f"/u/{mine.token}/v/{other.pk}/", f"/u/{mine.token}/v/{other.pk}/original/"):
        assert office.get(path).status_code == 404
    assert office.get(f"/u/{mine.token}/v/{other.pk}/annotated/").status_code == 404
    # The board, a unit's page and the stored files of the collector side need a login, not a token.
    expired = office.get(f"/collector/batch/{batch.pk}/table/", HTTP_HX_REQUEST="true")
    assert expired.status_code == 286 and "登录已过期" in expired.content.decode()  # htmx stops polling
    assert theirs.name not in expired.content.decode()
    for path in (
        f"/collector/batch/{batch.pk}/",
        f"/collector/unit/{theirs.pk}/",
        f"/collector/file/{other.pk}/original/",
    ):
        response = office.get(path, HTTP_AUTHORIZATION=f"Token {mine.token}")
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert theirs.name not in office.get(f"/u/{mine.token}/").content.decode()


def test_revoked_and_reissued_links(batch, demo, collector):
    unit, _ = _units(batch, demo)
    old = unit.token
    collector.post(f"/collector/unit/{unit.pk}/revoke/")
    assert Client().get(f"/u/{old}/").status_code == 404
    collector.post(f"/collector/unit/{unit.pk}/reissue/")
    unit.refresh_from_db()
    assert unit.token != old and not unit.revoked
    assert Client().get(f"/u/{old}/").status_code == 404
    assert Client().get(f"/u/{unit.token}/").status_code == 200


def test_script_in_file_name_and_cell_text_stays_text(batch, demo, collector, tmp_path):
    unit, _ = _units(batch, demo)
    hostile_text = '<script>alert("x")</script>'
    # 实施单位 typed as a script: the collector's unit check quotes it in its message and value columns.
    path = tmp_path / "return.xlsx"
    wb = openpyxl.load_workbook(demo["clean"])
    sheet, cell = SpecLayout(get_form("mof-project")).locate("project.executor")
    wb[sheet][cell] = hostile_text
    wb.save(path)
    office = Client()
    sent = upload(office, unit, path, name="<b onmouseover=alert(1)>自评.xlsx")
    assert sent.status_code == 302
    stored = unit.latest_upload()
    assert any(f["code"] == "COLLECT_UNIT_MISMATCH" for f in stored.report["findings"])
    with_findings = [office.get(sent["Location"]), collector.get(f"/collector/unit/{unit.pk}/")]
    with_name = [
        office.get(f"/u/{unit.token}/"),
        collector.get(f"/collector/batch/{batch.pk}/"),
        collector.get(f"/collector/batch/{batch.pk}/table/"),
    ]
    for page in with_findings + with_name:
        text = page.content.decode()
        assert "<script>alert" not in text and "<b onmouseover" not in text
        assert "&lt;b onmouseover=alert(1)&gt;自评.xlsx" in text
        assert "script-src 'self'" in page["Content-Security-Policy"]
    for page in with_findings:
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page.content.decode()


@pytest.mark.parametrize(
    "make", [hostile.xxe_sheet, hostile.laughs_sheet, hostile.bomb_lying, hostile.bomb_honest]
)
def test_hostile_upload_gets_one_clear_finding(batch, demo, tmp_path, make):
    unit, _ = _units(batch, demo)
    path = make(tmp_path)
    office = Client()
    sent = upload(office, unit, path)
    assert sent.status_code == 302
    stored = unit.latest_upload()
    findings = stored.report["findings"]
    assert len(findings) == 1 and findings[0]["code"] == "FILE_UNREADABLE", findings
    assert any(word in findings[0]["message"] for word in ("DTD", "解压", "实体"))
    assert not stored.readable and not stored.can_submit
    assert "FILE_UNREADABLE" in office.get(sent["Location"]).content.decode()
    assert office.get(f"/u/{unit.token}/").status_code == 200  # still serving
    # Stored unchanged all the same: the evidence is kept.
    assert services.store().path(stored.sha256).read_bytes() == path.read_bytes()


def test_oversized_upload_is_refused_in_chinese_and_not_stored(batch, demo, monkeypatch):
    unit, _ = _units(batch, demo)
    monkeypatch.setattr(checking, "MAX_UPLOAD_BYTES", 1024)
    before = set(services.store().files())
    response = upload(Client(), unit, demo["clean"])
    assert response.status_code == 413
    assert "文件过大" in response.content.decode()
    assert set(services.store().files()) == before
    assert not unit.uploads.exists()


def test_unsupported_type_is_refused_and_not_stored(batch, demo):
    unit, _ = _units(batch, demo)
    before = set(services.store().files())
    response = Client().post(
        f"/u/{unit.token}/upload/",
        {"file": SimpleUploadedFile("x.html", b"<script>alert(1)</script>")},
        follow=True,
    )
    assert "不支持的文件类型" in response.content.decode()
    assert set(services.store().files()) == before and not unit.uploads.exists()


def test_csrf_is_enforced(batch, demo):
    unit, _ = _units(batch, demo)
    strict = Client(enforce_csrf_checks=True)
    with open(demo["clean"], "rb") as fh:
        assert strict.post(f"/u/{unit.token}/upload/", {"file": fh}).status_code == 403
    assert strict.post(f"/u/{unit.token}/submit/").status_code == 403
    assert strict.post("/login/", {"username": "x", "password": "y"}).status_code == 403
    assert not unit.uploads.exists()


def test_login_is_throttled_per_ip_and_user_name():
    ensure_collector("throttled", "right-password")
    client = Client()
    for _ in range(throttle.MAX_FAILURES):
        response = client.post("/login/", {"username": "throttled", "password": "wrong"})
        assert "用户名或密码不正确" in response.content.decode()
    blocked = client.post("/login/", {"username": "throttled", "password": "right-password"})
    assert blocked.status_code == 429 and "登录失败次数过多" in blocked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another user name from the same address is not blocked by these failures.
    ensure_collector("other-user", "pw-other")
    assert client.post("/login/", {"username": "other-user", "password": "pw-other"}).status_code == 302


def test_approved_unit_cannot_upload_again(batch, demo, collector):
    unit, _ = _units(batch, demo)
    office = Client()
    upload(office, unit, demo["clean"])
    office.post(f"/u/{unit.token}/submit/")
    collector.post(f"/collector/unit/{unit.pk}/approve/")
    unit.refresh_from_db()
    assert unit.state == State.APPROVED
    response = upload(office, unit, demo["clean"])
    assert Upload.objects.filter(unit=unit).count() == 1
    assert "已通过审核" in office.get(response["Location"]).content.decode()


def test_another_units_template_is_caught(batch, demo):
    unit, _ = _units(batch, demo)
    office = Client()
    upload(office, unit, demo["buto_fixed"])  # 布拖县's return through the first unit's link
    stored = unit.latest_upload()
    assert stored.problem and demo["buto"].code in stored.problem and not stored.can_submit
    refused = office.post(f"/u/{unit.token}/submit/", follow=True).content.decode()
    assert "不是本单位的表" in refused
    unit.refresh_from_db()
    assert unit.state == State.UPLOADED


def test_wrong_unit_typed_is_an_error(batch, demo):
    code = next(r.code for r in demo["roster"].rows if r.name.startswith("宁南县"))
    unit = Unit.objects.get(batch=batch, code=code)
    upload(Client(), unit, demo["wrong_unit"])
    codes = [f["code"] for f in unit.latest_upload().report["findings"]]
    assert "COLLECT_UNIT_MISMATCH" in codes and unit.latest_upload().errors >= 1
    assert json.dumps(unit.latest_upload().report, ensure_ascii=False)  # stored as plain JSON
