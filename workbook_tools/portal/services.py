"""What happens on each action, in one place: batches, downloads, uploads, 提交 / 退回 / 通过, links.

Every state change runs in a transaction with its audit entry, so the board and the log never disagree.
Views only parse the request and call one of these.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from workbook_tools.portal import checking
from workbook_tools.portal.models import AuditEntry, Batch, State, Unit, Upload, new_token
from workbook_tools.portal.store import BlobStore


class ActionRefused(Exception):
    """An action not allowed in the unit's state; the message is shown to the user (Chinese)."""


def data_dir() -> Path:
    """The portal's data folder (settings.DATA_DIR)."""
    return Path(settings.DATA_DIR)


def store() -> BlobStore:
    """The content-addressed store of every uploaded file and every annotated copy."""
    return BlobStore(data_dir() / "store")


def audit(actor: str, action: str, *, batch=None, unit=None, upload=None, detail: str = "", ip=None) -> None:
    """Record one event (inside the caller's transaction when there is one)."""
    if unit is not None and batch is None:
        batch = unit.batch
    AuditEntry.objects.create(
        actor=actor, action=action, batch=batch, unit=unit, upload=upload, detail=detail, ip=ip or None
    )


def unit_actor(unit: Unit) -> str:
    """How the log names a unit acting through its link (the link's last characters, not the whole token)."""
    return f"单位 {unit.code}（链接 …{unit.token[-6:]}）"


def collector_actor(user) -> str:
    """How the log names a collector."""
    return f"汇总人员 {user.get_username()}"


# --- batches ------------------------------------------------------------------------------------------


def create_batch(user, name: str, roster_path: Path, roster_name: str, form: str, profile: str = "") -> Batch:
    """A batch from a roster file: distribute's pre-filled templates, one unit and link per roster row.

    Raises the library's Chinese errors (RosterError, UnknownFormError, …) for a bad roster or form.
    """
    from workbook_tools.collect.distribute import distribute, new_batch_id
    from workbook_tools.collect.roster import read_roster

    batch_id = f"{new_batch_id(form)}-{secrets.token_hex(2)}"
    folder = data_dir() / "batches" / batch_id
    folder.mkdir(parents=True)
    try:
        kept = folder / f"名单{checking.suffix_of(roster_name)}"
        shutil.copyfile(roster_path, kept)
        roster = read_roster(kept)
        dist = distribute(roster, form, folder / "templates", batch_id=batch_id, profile=profile or None)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    store().put_file(roster_path)  # the roster as sent, kept like every other input
    with transaction.atomic():
        batch = Batch.objects.create(
            name=name or batch_id,
            batch_id=batch_id,
            form=form,
            profile=profile,
            roster_name=roster_name,
            folder=str(folder.relative_to(data_dir())),
            created_by=user,
        )
        for sent in dist.files:
            Unit.objects.create(
                batch=batch,
                code=sent.unit_code,
                name=sent.unit_name,
                project=sent.project,
                template=sent.file,
            )
        audit(collector_actor(user), "创建批次", batch=batch, detail=f"{len(dist.files)} 个单位，表单 {form}")
    return batch


def batch_folder(batch: Batch) -> Path:
    """The batch's folder (roster copy, templates, manifest)."""
    return data_dir() / batch.folder


def roster_path(batch: Batch) -> Path:
    """The batch's copy of its roster."""
    return next(batch_folder(batch).glob("名单.*"))


def template_path(unit: Unit) -> Path:
    """The unit's pre-filled template."""
    return batch_folder(unit.batch) / "templates" / unit.template


def online_template_path(unit: Unit, portal_url: str) -> Path:
    """The unit's pre-filled .xlsm with the 在线校验 button, posting to `portal_url` with the unit's token.

    Built on first request (our macros only: no Python or xlwings needed on the office's PC) and kept per
    address and token, so a reissued link gets a new file and a revoked one's file stops working.
    """
    from workbook_tools.collect.distribute import write_unit_template
    from workbook_tools.collect.roster import read_roster
    from workbook_tools.excel.xlsm import native_build
    from workbook_tools.forms.registry import get_form

    digest = hashlib.sha256(f"{portal_url}\n{unit.token}".encode()).hexdigest()[:16]
    path = batch_folder(unit.batch) / "templates-online" / f"{Path(unit.template).stem}-{digest}.xlsm"
    if not path.is_file():
        row = read_roster(roster_path(unit.batch)).by_code()[unit.code]
        build = native_build().with_online(portal_url, unit.token)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_unit_template(
            row, get_form(unit.batch.form), path, unit.batch.batch_id, unit.batch.profile or None, build
        )  # atomic: a second request at the same time writes the same bytes
    return path


# --- the office's actions --------------------------------------------------------------------------------


def record_download(unit: Unit, ip: str | None) -> None:
    """The unit downloaded its template: 未下载 → 已下载 (later states stay)."""
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        if unit.state == State.NOT_DOWNLOADED:
            _set_state(unit, State.DOWNLOADED)
        audit(unit_actor(unit), "下载模板", unit=unit, ip=ip)


def receive_upload(unit: Unit, chunks: Iterable[bytes], name: str, ip: str | None, agent: str = "") -> Upload:
    """Store a return unchanged, check it, keep its findings; the unit becomes 已上传 (the annotated copy
    is made on its first download, see annotated_copy).

    Refused (ActionRefused) before anything is stored: a revoked link, an approved unit, a file type the
    reader does not take. A file over the size limit raises store.TooLarge and nothing is stored.
    """
    name = Path(name.replace("\\", "/")).name[:200] or "未命名"
    suffix = checking.suffix_of(name)
    if suffix not in checking.ACCEPTED_SUFFIXES:
        raise ActionRefused(
            f"不支持的文件类型“{suffix or '无扩展名'}”；请上传 {' / '.join(checking.ACCEPTED_SUFFIXES)} 文件"
        )
    if unit.state == State.APPROVED:
        raise ActionRefused("本单位的自评表已通过审核，不能再上传；如需修改请联系汇总人员")
    blobs = store()
    stored = blobs.put_chunks(chunks, limit=checking.MAX_UPLOAD_BYTES)
    with tempfile.TemporaryDirectory(prefix="wbt-portal-check-") as scratch:
        result = checking.check_return(stored.path, name, unit.code, Path(scratch), unit.batch.profile)
    counts = result.counts
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        upload = Upload.objects.create(
            unit=unit,
            sha256=stored.sha256,
            size=stored.size,
            original_name=name,
            suffix=suffix,
            ip=ip or None,
            user_agent=agent[:300],
            link=unit.token,
            report=result.report.to_dict(),
            problem=result.problem,
            errors=counts["error"],
            explains=counts["explain"],
            advices=counts["advice"],
            readable=result.report.readable,
        )
        detail = f"{name}（{stored.size} 字节，SHA-256 {stored.sha256[:12]}…）：错误 {counts['error']}，需说明 {counts['explain']}"
        audit(unit_actor(unit), "上传", unit=unit, upload=upload, detail=detail, ip=ip)
        if unit.state == State.SUBMITTED:
            audit(unit_actor(unit), "撤回提交", unit=unit, detail="上传了新版本，需重新提交", ip=ip)
        if unit.state != State.UPLOADED:
            unit.submitted = None
            _set_state(unit, State.UPLOADED)
    return upload


def annotated_copy(upload: Upload) -> Path | None:
    """The version's annotated copy (None when it has none), built on first request and kept.

    Kept under annotated/ by the upload's SHA-256 and a digest of its stored findings (the same bytes sent
    through another unit's link have other findings). The findings are those of a fresh check of the stored
    file, which is deterministic; annotate_workbook writes atomically, so two first downloads at once
    each rename a complete file into place and neither sees a partial one.
    """
    if upload.annotated_sha256:  # made eagerly by an earlier version of the portal
        return store().path(upload.annotated_sha256)
    if not upload.has_annotated_copy:
        return None
    key = hashlib.sha256(json.dumps(upload.report, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    target = data_dir() / "annotated" / upload.sha256[:2] / f"{upload.sha256}-{key[:16]}{upload.suffix}"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        unit = upload.unit
        with tempfile.TemporaryDirectory(prefix="wbt-portal-annotate-") as scratch:
            checking.check_return(
                store().path(upload.sha256),
                upload.original_name,
                unit.code,
                Path(scratch),
                unit.batch.profile,
                annotate_to=target,
            )
    return target if target.is_file() else None


def submit(unit: Unit, ip: str | None) -> Upload:
    """提交 the latest version: only when it is readable, this unit's, and has no 错误."""
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        latest = unit.latest_upload()
        if unit.state == State.APPROVED:
            raise ActionRefused("已通过审核，无需再次提交")
        if unit.state == State.SUBMITTED:
            raise ActionRefused("已提交，等待汇总人员审核")
        if latest is None:
            raise ActionRefused("还没有上传自评表")
        if not latest.can_submit:
            raise ActionRefused(
                "最新上传的版本还有错误（或无法读取、不是本单位的表），改正并重新上传后才能提交"
            )
        unit.submitted = latest
        unit.return_reason = ""  # earlier 退回 reasons stay in the log (the office page lists them)
        _set_state(unit, State.SUBMITTED)
        audit(unit_actor(unit), "提交", unit=unit, upload=latest, detail=latest.original_name, ip=ip)
    return latest


# --- the collector's actions ---------------------------------------------------------------------------


def return_unit(unit: Unit, user, reason: str, ip: str | None) -> None:
    """退回 a submitted (or approved) return with a reason the unit sees."""
    reason = reason.strip()
    if not reason:
        raise ActionRefused("退回必须填写原因（填报单位会看到）")
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        if unit.state not in (State.SUBMITTED, State.APPROVED):
            raise ActionRefused(f"只能退回已提交或已通过的单位（当前：{unit.get_state_display()}）")
        unit.return_reason = reason[:2000]
        _set_state(unit, State.RETURNED)
        audit(collector_actor(user), "退回", unit=unit, upload=unit.submitted, detail=reason, ip=ip)


def approve(unit: Unit, user, ip: str | None) -> None:
    """通过 a submitted return."""
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        if unit.state != State.SUBMITTED:
            raise ActionRefused(f"只能通过已提交的单位（当前：{unit.get_state_display()}）")
        unit.return_reason = ""
        _set_state(unit, State.APPROVED)
        audit(collector_actor(user), "通过", unit=unit, upload=unit.submitted, ip=ip)


def revoke_link(unit: Unit, user, ip: str | None) -> None:
    """Stop the unit's link working (its files stay)."""
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        unit.revoked = True
        unit.save(update_fields=["revoked"])
        audit(collector_actor(user), "停用链接", unit=unit, detail=f"…{unit.token[-6:]}", ip=ip)


def reissue_link(unit: Unit, user, ip: str | None) -> None:
    """A new link for the unit; the old one stops working."""
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        old = unit.token
        unit.token, unit.revoked = new_token(), False
        unit.save(update_fields=["token", "revoked"])
        audit(collector_actor(user), "重发链接", unit=unit, detail=f"旧链接 …{old[-6:]} 已失效", ip=ip)


def _set_state(unit: Unit, state: State) -> None:
    unit.state = state
    unit.updated_at = timezone.now()
    unit.save(update_fields=["state", "submitted", "return_reason", "updated_at"])


# --- the collector's downloads -------------------------------------------------------------------------


def current_version(unit: Unit) -> Upload | None:
    """The version the collector's outputs use: the submitted one, else the latest upload."""
    return unit.submitted or unit.latest_upload()


def build_outputs(batch: Batch, folder: Path):
    """回收情况, 汇总 and the laid-out files of the batch's current versions, in `folder` (outputs.Outputs)."""
    from workbook_tools.portal.outputs import Return, collector_outputs

    blobs = store()
    returns = []
    for unit in batch.units.all():
        upload = current_version(unit)
        if upload is None:
            continue
        annotated = annotated_copy(upload)
        returns.append(Return(unit.code, upload.original_name, blobs.path(upload.sha256), annotated))
    manifest = batch_folder(batch) / "templates"
    return collector_outputs(returns, roster_path(batch), manifest, folder, batch.profile or None)
