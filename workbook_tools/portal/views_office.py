"""The office's pages, reached by its private link only (no account): template, upload, findings, 提交.

A link sees its own unit and nothing else: every lookup goes through the token, and an upload is found
as `unit.uploads.get(pk=…)`, so another unit's version number is simply not there.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from workbook_tools.portal import checking, services
from workbook_tools.portal.http import attachment, client_ip
from workbook_tools.portal.models import AuditEntry, State, Unit
from workbook_tools.portal.store import TooLarge
from workbook_tools.validate.marks import FINDING_HEADERS

TOO_LARGE = f"文件过大（上限 {checking.MAX_UPLOAD_BYTES // (1024 * 1024)} MB），未保存；自评表通常不到 1 MB，请确认选对了文件"
_SEVERITY = {"error": "错误", "explain": "需说明", "advice": "提示"}


def unit_by_token(token: str) -> Unit:
    """The unit of a live link, or 404 (a revoked or unknown link looks the same as a wrong one)."""
    unit = Unit.objects.select_related("batch").filter(token=token, revoked=False).first()
    if unit is None:
        raise Http404("链接无效或已停用，请向汇总人员索取新的链接")
    return unit


def office(request: HttpRequest, token: str) -> HttpResponse:
    """The unit's page: its state, 退回 reasons, the template, the upload form and its versions."""
    unit = unit_by_token(token)
    returns = AuditEntry.objects.filter(unit=unit, action="退回").order_by("-at")
    latest = unit.latest_upload()
    context = {
        "unit": unit,
        "uploads": unit.uploads.all(),
        "latest": latest,
        "returns": returns,
        "states": State,
        "max_mb": checking.MAX_UPLOAD_BYTES // (1024 * 1024),
        "accept": ",".join(checking.ACCEPTED_SUFFIXES),
    }
    return render(request, "portal/office.html", context)


def template(request: HttpRequest, token: str) -> HttpResponse:
    """The unit's pre-filled template (未下载 → 已下载)."""
    unit = unit_by_token(token)
    services.record_download(unit, client_ip(request))
    return attachment(services.template_path(unit), unit.template)


def template_xlsm(request: HttpRequest, token: str) -> HttpResponse:
    """The unit's pre-filled .xlsm with the 在线校验 button (this portal's address and the unit's link in it)."""
    unit = unit_by_token(token)
    services.record_download(unit, client_ip(request))
    portal_url = request.build_absolute_uri("/").rstrip("/")
    path = services.online_template_path(unit, portal_url)
    return attachment(path, f"{Path(unit.template).stem}.xlsm")


def _too_large(request: HttpRequest) -> bool:
    # Checked before the body is read: an oversized request is refused without storing a byte of it.
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > checking.MAX_UPLOAD_BYTES + 64 * 1024
    except ValueError:
        return True


@require_POST
def upload(request: HttpRequest, token: str) -> HttpResponse:
    """Receive a return, check it at once, show its findings."""
    unit = unit_by_token(token)
    if _too_large(request):
        return render(request, "portal/refused.html", {"unit": unit, "message": TOO_LARGE}, status=413)
    sent = request.FILES.get("file")
    if sent is None:
        messages.error(request, "请选择要上传的文件")
        return redirect("office", token=token)
    try:
        version = services.receive_upload(
            unit, sent.chunks(), sent.name, client_ip(request), request.META.get("HTTP_USER_AGENT", "")
        )
    except TooLarge:
        return render(request, "portal/refused.html", {"unit": unit, "message": TOO_LARGE}, status=413)
    except services.ActionRefused as exc:
        messages.error(request, str(exc))
        return redirect("office", token=token)
    return redirect("office_version", token=token, pk=version.pk)


def finding_rows(report: dict) -> list[dict]:
    """The findings of a stored report as table rows (severity first, as the annotated copy orders them)."""
    order = {"error": 0, "explain": 1, "advice": 2}
    rows = sorted(report.get("findings", []), key=lambda f: order.get(f.get("severity"), 3))
    return [
        {
            "severity": f.get("severity"),
            "label": _SEVERITY.get(f.get("severity"), f.get("severity")),
            "where": f"{f.get('sheet')}!{f.get('cell')}" if f.get("cell") else "—",
            "message": f.get("message", ""),
            "expected": _shown(f.get("expected")),
            "actual": _shown(f.get("actual")),
            "code": f.get("code", ""),
        }
        for f in rows
    ]


def _shown(value) -> str:
    return "" if value is None else str(value)


def version(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    """One version's findings (only versions of this link's unit exist here)."""
    unit = unit_by_token(token)
    found = unit.uploads.filter(pk=pk).first()
    if found is None:
        raise Http404("没有这个版本")
    context = {
        "unit": unit,
        "upload": found,
        "rows": finding_rows(found.report),
        "headers": FINDING_HEADERS,
        "is_latest": unit.latest_upload() == found,
        "states": State,
    }
    return render(request, "portal/version.html", context)


def version_file(request: HttpRequest, token: str, pk: int, kind: str) -> HttpResponse:
    """This unit's own original or annotated copy."""
    from workbook_tools.portal.views_collector import _upload_attachment

    unit = unit_by_token(token)
    found = unit.uploads.filter(pk=pk).first()
    if found is None:
        raise Http404("没有这个版本")
    return _upload_attachment(found, kind)


@require_POST
def submit(request: HttpRequest, token: str) -> HttpResponse:
    """提交 the latest version (refused while it has 错误)."""
    unit = unit_by_token(token)
    try:
        services.submit(unit, client_ip(request))
    except services.ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已提交，等待汇总人员审核")
    return redirect("office", token=token)


@csrf_exempt  # called by Excel (WinHTTP), not a browser: the unit's token is the credential
@require_POST
def api_validate(request: HttpRequest) -> HttpResponse:
    """POST /api/validate (token in `Authorization: Token …` or the `token` field, file in `file`):
    the JSON `workbook-tools validate --format json` prints for that file."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    token = header[6:].strip() if header.startswith("Token ") else request.POST.get("token", "")
    unit = Unit.objects.filter(token=token, revoked=False).first() if token else None
    if unit is None:
        return JsonResponse(
            {"error": "链接令牌无效或已停用"}, status=403, json_dumps_params={"ensure_ascii": False}
        )
    if _too_large(request):
        return JsonResponse({"error": TOO_LARGE}, status=413, json_dumps_params={"ensure_ascii": False})
    sent = request.FILES.get("file")
    if sent is None:
        return JsonResponse(
            {"error": "缺少文件（字段 file）"}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    name = Path(sent.name.replace("\\", "/")).name or "未命名.xlsx"
    if checking.suffix_of(name) not in checking.ACCEPTED_SUFFIXES:
        return JsonResponse(
            {"error": f"不支持的文件类型；请上传 {' / '.join(checking.ACCEPTED_SUFFIXES)} 文件"},
            status=415,
            json_dumps_params={"ensure_ascii": False},
        )
    try:
        stored = services.store().put_chunks(sent.chunks(), limit=checking.MAX_UPLOAD_BYTES)
    except TooLarge:
        return JsonResponse({"error": TOO_LARGE}, status=413, json_dumps_params={"ensure_ascii": False})
    services.audit(
        services.unit_actor(unit),
        "在线校验",
        unit=unit,
        detail=f"{name}（SHA-256 {stored.sha256[:12]}…）",
        ip=client_ip(request),
    )
    body = checking.validate_json(stored.path, name)
    return HttpResponse(body, content_type="application/json; charset=utf-8")
