"""The collector's pages (login required): batches, the live board, a unit's files, 退回 / 通过, downloads."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from workbook_tools.core.profile import known_profiles
from workbook_tools.errors import WorkbookToolsError
from workbook_tools.forms.registry import all_forms
from workbook_tools.portal import services, throttle
from workbook_tools.portal.http import attachment, attachment_bytes, client_ip
from workbook_tools.portal.models import Batch, State, Unit, Upload

ROSTER_SUFFIXES = (".csv", ".xlsx")
MAX_ROSTER_BYTES = 5 * 1024 * 1024


def login_view(request: HttpRequest) -> HttpResponse:
    """The collector's login, throttled per IP and user name (throttle.py)."""
    form = AuthenticationForm(request, data=request.POST or None)
    refused = ""
    if request.method == "POST":
        username = request.POST.get("username", "")
        ip = client_ip(request)
        if throttle.blocked(ip, username):
            refused = "登录失败次数过多，请 15 分钟后再试"
        elif form.is_valid():
            throttle.succeeded(ip, username)
            login(request, form.get_user())
            services.audit(services.collector_actor(form.get_user()), "登录", ip=ip)
            return redirect(_safe_next(request))
        else:
            throttle.failed(ip, username)
            refused = "用户名或密码不正确"
    status = 429 if refused.startswith("登录失败次数过多") else 200
    return render(request, "portal/login.html", {"form": form, "refused": refused}, status=status)


def _safe_next(request: HttpRequest) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.GET.get("next") or reverse("batches")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("batches")


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Log out (POST only, so a link elsewhere cannot log a collector out)."""
    logout(request)
    return redirect("login")


class BatchForm(forms.Form):
    """A new batch: name, roster file, form and (optional) rule profile."""

    name = forms.CharField(label="批次名称", max_length=200, required=False)
    roster = forms.FileField(label="名单文件（.csv 或 .xlsx）")
    form = forms.ChoiceField(label="表单")
    profile = forms.ChoiceField(label="规则配置", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = [(f.id, f"{f.title}（{f.id}）") for f in all_forms()]
        self.fields["profile"].choices = [("", "按表单默认")] + [(p, p) for p in known_profiles()]

    def clean_roster(self):
        roster = self.cleaned_data["roster"]
        if Path(roster.name).suffix.lower() not in ROSTER_SUFFIXES:
            raise forms.ValidationError("名单须为 .csv 或 .xlsx 文件")
        if roster.size > MAX_ROSTER_BYTES:
            raise forms.ValidationError("名单文件过大（上限 5 MB）")
        return roster


@login_required
def batches(request: HttpRequest) -> HttpResponse:
    """The list of batches and the form that creates one."""
    form = BatchForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["roster"]
        with tempfile.TemporaryDirectory(prefix="wbt-portal-roster-") as scratch:
            path = Path(scratch) / f"roster{Path(upload.name).suffix.lower()}"
            with open(path, "wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            try:
                batch = services.create_batch(
                    request.user,
                    form.cleaned_data["name"],
                    path,
                    upload.name,
                    form.cleaned_data["form"],
                    form.cleaned_data["profile"],
                )
            except (WorkbookToolsError, ValueError) as exc:
                form.add_error("roster", f"无法用这份名单创建批次：{exc}")
            except Exception as exc:  # noqa: BLE001 - a roster or form we did not foresee: say so, no 500 page
                form.add_error(
                    "roster", f"无法创建批次（{type(exc).__name__}: {exc}）；请把这条信息报告给维护人员"
                )
            else:
                messages.success(request, f"已创建批次“{batch.name}”，共 {batch.units.count()} 个单位")
                return redirect("board", pk=batch.pk)
    return render(request, "portal/batches.html", {"form": form, "batches": Batch.objects.all()})


def _board_context(request: HttpRequest, batch: Batch) -> dict:
    units = list(batch.units.all())
    latest = {}
    for upload in Upload.objects.filter(unit__batch=batch).order_by("unit_id", "-uploaded_at", "-pk"):
        latest.setdefault(upload.unit_id, upload)
    counts = Counter(u.state for u in units)
    uploads = Counter(Upload.objects.filter(unit__batch=batch).values_list("unit_id", flat=True))
    rows = [
        {"unit": u, "latest": latest.get(u.pk), "versions": uploads.get(u.pk, 0), "link": _link(request, u)}
        for u in units
    ]
    return {
        "batch": batch,
        "rows": rows,
        "counts": [(label, counts.get(value, 0)) for value, label in State.choices],
    }


def _link(request: HttpRequest, unit: Unit) -> str:
    return request.build_absolute_uri(reverse("office", args=[unit.token]))


@login_required
def board(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch's board (the table refreshes itself by htmx polling of board_table)."""
    batch = get_object_or_404(Batch, pk=pk)
    return render(request, "portal/board.html", _board_context(request, batch))


def board_table(request: HttpRequest, pk: int) -> HttpResponse:
    """The board's table alone, for htmx; once the login has expired, a note and 286 (htmx stops polling)."""
    if not request.user.is_authenticated:
        login_url = f"{reverse('login')}?next={reverse('board', args=[pk])}"
        note = f'<p class="msg error">登录已过期，请<a href="{login_url}">重新登录</a>。</p>'
        return HttpResponse(note, status=286)
    batch = get_object_or_404(Batch, pk=pk)
    return render(request, "portal/_board_table.html", _board_context(request, batch))


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One unit: its link, state, every version with its findings, the log; 退回 / 通过 here."""
    unit = get_object_or_404(Unit, pk=pk)
    context = {
        "unit": unit,
        "link": _link(request, unit),
        "uploads": unit.uploads.all(),
        "log": unit.audit.all()[:100],
        "states": State,
    }
    return render(request, "portal/unit.html", context)


@login_required
@require_POST
def unit_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """退回 (with reason) / 通过 / 停用链接 / 重发链接."""
    unit = get_object_or_404(Unit, pk=pk)
    ip = client_ip(request)
    try:
        if action == "return":
            services.return_unit(unit, request.user, request.POST.get("reason", ""), ip)
        elif action == "approve":
            services.approve(unit, request.user, ip)
        elif action == "revoke":
            services.revoke_link(unit, request.user, ip)
        elif action == "reissue":
            services.reissue_link(unit, request.user, ip)
        else:
            raise Http404
    except services.ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("unit", pk=unit.pk)


@login_required
def upload_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A stored original or its annotated copy, as an attachment."""
    upload = get_object_or_404(Upload, pk=pk)
    return _upload_attachment(upload, kind)


def _upload_attachment(upload: Upload, kind: str) -> HttpResponse:
    blobs = services.store()
    stem = Path(upload.original_name).stem
    if kind == "original":
        return attachment(blobs.path(upload.sha256), upload.original_name)
    annotated = services.annotated_copy(upload) if kind == "annotated" else None
    if annotated is not None:
        return attachment(annotated, f"{stem}_校验{upload.suffix}")
    raise Http404("没有这个文件")


@login_required
def batch_download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """回收情况 / 汇总 / zip of the batch's current versions, built now by the CLI's logic."""
    from workbook_tools.collect.naming import safe_stem
    from workbook_tools.portal.outputs import zip_outputs

    batch = get_object_or_404(Batch, pk=pk)
    if kind not in ("status", "summary", "zip"):
        raise Http404
    stem = safe_stem(batch.name)
    with tempfile.TemporaryDirectory(prefix="wbt-portal-out-") as scratch:
        outputs = services.build_outputs(batch, Path(scratch) / "out")
        if kind == "status":
            path, name = outputs.status, f"{stem}-回收情况.xlsx"
        elif kind == "summary":
            if outputs.summary is None:
                messages.error(request, "还没有可汇总的自评表")
                return redirect("board", pk=batch.pk)
            path, name = outputs.summary, f"{stem}-汇总.xlsx"
        else:
            path, name = zip_outputs(outputs, Path(scratch) / "all.zip"), f"{stem}-回收文件.zip"
        data = path.read_bytes()  # the scratch folder goes at the end of this block
    services.audit(
        services.collector_actor(request.user), "下载", batch=batch, detail=name, ip=client_ip(request)
    )
    return attachment_bytes(data, name)
