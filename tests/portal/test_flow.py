"""The whole flow through the pages: batch, link, template, upload with errors, fix, submit, 退回, 通过."""

from __future__ import annotations

import io

import openpyxl
from django.test import Client

from workbook_tools.portal import services
from workbook_tools.portal.models import AuditEntry, State, Unit


def _unit(batch, code):
    return Unit.objects.get(batch=batch, code=code)


def test_batch_creates_one_unit_and_link_per_roster_row(batch, demo, collector):
    units = list(batch.units.all())
    assert [u.code for u in units] == sorted(r.code for r in demo["units"])
    assert len({u.token for u in units}) == len(units)
    assert all(len(u.token) >= 43 for u in units)  # 32 random bytes
    assert all(u.state == State.NOT_DOWNLOADED for u in units)
    board = collector.get(f"/collector/batch/{batch.pk}/")
    text = board.content.decode()
    assert board.status_code == 200
    assert "未下载" in text and f"/u/{units[0].token}/" in text
    assert 'hx-trigger="every 5s"' in text and "/static/portal/htmx.min.js" in text


def test_office_round_trip(batch, demo, collector):
    unit = _unit(batch, demo["buto"].code)
    office = Client()
    page = office.get(f"/u/{unit.token}/")
    assert page.status_code == 200 and unit.name in page.content.decode()

    template = office.get(f"/u/{unit.token}/template/")
    assert template.status_code == 200
    assert template["Content-Disposition"].startswith("attachment")
    assert template["X-Content-Type-Options"] == "nosniff"
    assert template.content[:2] == b"PK"
    assert _unit(batch, unit.code).state == State.DOWNLOADED

    copies = services.data_dir() / "annotated"
    copies_before = set(copies.rglob("*"))
    with open(demo["buto_bad"], "rb") as fh:
        sent = office.post(f"/u/{unit.token}/upload/", {"file": fh})
    assert sent.status_code == 302
    findings = office.get(sent["Location"])
    text = findings.content.decode()
    assert "FORMULA_OVERWRITTEN" in text and "错误" in text and "下载标注副本" in text
    assert set(copies.rglob("*")) == copies_before  # neither the upload nor its findings page made one
    unit.refresh_from_db()
    assert unit.state == State.UPLOADED
    bad = unit.latest_upload()
    assert bad.errors > 0 and bad.has_annotated_copy

    refused = office.post(f"/u/{unit.token}/submit/", follow=True)
    assert "还有错误" in refused.content.decode()
    assert _unit(batch, unit.code).state == State.UPLOADED

    # The annotated copy is made on its first download (not at upload), then served from where it was kept.
    assert not bad.annotated_sha256
    annotated = office.get(f"/u/{unit.token}/v/{bad.pk}/annotated/")
    assert annotated.status_code == 200 and annotated["Content-Disposition"].startswith("attachment")
    assert "校验结果" in openpyxl.load_workbook(io.BytesIO(annotated.content)).sheetnames
    kept = services.annotated_copy(bad)  # the same file again, not a second build
    assert kept.is_file() and kept.read_bytes() == annotated.content
    assert office.get(f"/u/{unit.token}/v/{bad.pk}/annotated/").content == annotated.content

    with open(demo["buto_fixed"], "rb") as fh:
        office.post(f"/u/{unit.token}/upload/", {"file": fh})
    unit.refresh_from_db()
    fixed = unit.latest_upload()
    assert fixed.pk != bad.pk and fixed.errors == 0, fixed.report
    office.post(f"/u/{unit.token}/submit/")
    unit.refresh_from_db()
    assert unit.state == State.SUBMITTED and unit.submitted_id == fixed.pk

    # 退回 needs a reason; the unit sees it.
    collector.post(f"/collector/unit/{unit.pk}/return/", {"reason": "  "})
    assert _unit(batch, unit.code).state == State.SUBMITTED
    collector.post(f"/collector/unit/{unit.pk}/return/", {"reason": "请补充偏差原因<script>x</script>"})
    assert _unit(batch, unit.code).state == State.RETURNED
    page = office.get(f"/u/{unit.token}/").content.decode()
    assert "请补充偏差原因&lt;script&gt;" in page and "<script>x" not in page

    office.post(f"/u/{unit.token}/submit/")
    assert _unit(batch, unit.code).state == State.SUBMITTED
    collector.post(f"/collector/unit/{unit.pk}/approve/")
    assert _unit(batch, unit.code).state == State.APPROVED
    actions = list(AuditEntry.objects.filter(unit=unit).order_by("at", "pk").values_list("action", flat=True))
    assert actions == ["下载模板", "上传", "上传", "提交", "退回", "提交", "通过"]


def test_a_bad_roster_is_refused_in_chinese_and_leaves_nothing(collector, tmp_path):
    from django.conf import settings

    from workbook_tools.portal.models import Batch

    roster = tmp_path / "名单.csv"
    roster.write_text("单位编码,单位名称\nA1,某单位\n", encoding="utf-8")
    before = Batch.objects.count()
    folders = (
        set((settings.DATA_DIR / "batches").glob("*")) if (settings.DATA_DIR / "batches").exists() else set()
    )
    with open(roster, "rb") as fh:
        response = collector.post(
            "/collector/", {"name": "坏名单", "roster": fh, "form": "mof-project", "profile": ""}
        )
    text = response.content.decode()
    assert response.status_code == 200 and "无法用这份名单创建批次" in text and "项目名称" in text
    assert Batch.objects.count() == before
    assert set((settings.DATA_DIR / "batches").glob("*")) == folders
