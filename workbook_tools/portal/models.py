"""The portal's records: batches, units with their private links, stored uploads and the audit log.

Files themselves live in the content-addressed store (store.py); a row names a file by its SHA-256.
Nothing a unit does deletes or changes an Upload: a new version is a new row.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class State(models.TextChoices):
    """Where a unit stands in a batch (the board's columns)."""

    NOT_DOWNLOADED = "not_downloaded", "未下载"
    DOWNLOADED = "downloaded", "已下载"
    UPLOADED = "uploaded", "已上传"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "退回"
    APPROVED = "approved", "通过"


def new_token() -> str:
    """An unguessable link token: 32 random bytes, URL-safe (256 bits; guessing one is hopeless)."""
    return secrets.token_urlsafe(32)


class Batch(models.Model):
    """One 批次: a roster sent out as pre-filled templates of one form."""

    name = models.CharField("名称", max_length=200)
    batch_id = models.CharField("批次标识", max_length=80, unique=True)  # stamped in every template
    form = models.CharField("表单", max_length=40)
    profile = models.CharField("规则配置", max_length=80, blank=True)
    roster_name = models.CharField("名单文件", max_length=255)
    folder = models.CharField(max_length=255)  # relative to the data folder: batches/<batch_id>
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """One roster row of a batch, with its private link and state."""

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="units")
    code = models.CharField("单位编码", max_length=80)
    name = models.CharField("单位名称", max_length=200)
    project = models.CharField("项目名称", max_length=300)
    template = models.CharField(max_length=255)  # file name of its pre-filled template in the batch folder
    token = models.CharField(max_length=64, unique=True, default=new_token)
    revoked = models.BooleanField("链接已停用", default=False)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.NOT_DOWNLOADED)
    return_reason = models.TextField("退回原因", blank=True)
    submitted = models.ForeignKey("Upload", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["batch", "code"]
        constraints = [models.UniqueConstraint(fields=["batch", "code"], name="unit_code_once_per_batch")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def latest_upload(self) -> Upload | None:
        """The newest version the unit sent, or None."""
        return self.uploads.order_by("-uploaded_at", "-pk").first()


class Upload(models.Model):
    """One file a unit sent, stored unchanged; its findings as the validator reported them."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="uploads")
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    original_name = models.CharField("文件名", max_length=255)
    suffix = models.CharField(max_length=8)
    uploaded_at = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    link = models.CharField(max_length=64)  # the token the file came through (links can be reissued)
    report = models.JSONField(default=dict)  # validate's Report.to_dict(), with the portal's unit check
    problem = models.TextField(blank=True)  # a portal-level refusal (another unit's template …)
    errors = models.IntegerField(default=0)
    explains = models.IntegerField(default=0)
    advices = models.IntegerField(default=0)
    readable = models.BooleanField(default=False)
    # Set only by versions before annotated copies became lazy (services.annotated_copy builds them now).
    annotated_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    @property
    def has_annotated_copy(self) -> bool:
        """Whether this version has an annotated copy to download (built on first download)."""
        from workbook_tools.portal.checking import annotatable

        findings = bool(self.report.get("findings"))
        return bool(self.annotated_sha256) or annotatable(self.suffix, self.readable, findings)

    @property
    def headline(self) -> str:
        """The first 错误 (else 需说明) message, for the board; "" when there is none."""
        for severity in ("error", "explain"):
            for found in self.report.get("findings", []):
                if found.get("severity") == severity:
                    return str(found.get("message", ""))
        return ""

    @property
    def can_submit(self) -> bool:
        """Readable, this unit's form, and no 错误 left."""
        return self.readable and not self.problem and self.errors == 0


class AuditEntry(models.Model):
    """One state change or file event: who, when, from where, what."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.CharField(max_length=200)  # "汇总人员 name" or "单位 code（链接 …abcd）"
    action = models.CharField(max_length=40)
    batch = models.ForeignKey(Batch, null=True, on_delete=models.PROTECT, related_name="audit")
    unit = models.ForeignKey(Unit, null=True, on_delete=models.PROTECT, related_name="audit")
    upload = models.ForeignKey(Upload, null=True, on_delete=models.PROTECT, related_name="audit")
    detail = models.TextField(blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]


class LoginFailure(models.Model):
    """A failed collector login, counted per IP and user name to throttle guessing."""

    key = models.CharField(max_length=300, db_index=True)
    at = models.DateTimeField(default=timezone.now)
