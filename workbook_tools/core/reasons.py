"""Reasons people write inside value cells: "因州安可办执行新政策……故未执行", "含年中追拨资金4.57万元".

On forms without a reason column (凉山, 绵阳's 完成值) the explanation of a miss is typed into the
actual's own cell; a 需说明 finding passes once such a reason is there. Pure text work, no I/O.
"""

from __future__ import annotations

import re

from workbook_tools.core.parse import normalize_text

# A cause stated: 因/由于/受…影响/鉴于/根据…要求/按照…规定/经…研究/执行…政策/疫情.
_CAUSE_RE = re.compile(
    r"(?:^|[，,；;。:：\s(（])?"
    r"(?P<reason>"
    r"(?:因|由于|鉴于)(?!此|而)[^，,；;。]{2,}"
    r"|受[^，,；;。]{1,30}(?:影响|指示|限制|通知)"
    r"|(?:根据|按照|依据)[^，,；;。]{2,40}(?:要求|规定|政策|通知|安排|办法)"
    r"|经[^，,；;。]{1,20}(?:研究|同意|批准|决定)"
    r"|执行[^，,；;。]{0,20}(?:新政策|政策|规定)"
    r"|(?:疫情|政策调整|政策暂停|暂停政策)[^，,；;。]{0,30}"
    # A budget change explains spending above a line's plan: "该项目含年中追拨省级项目资金25万元".
    r"|(?:含|系|为)?(?:年中|年内)?(?:追拨|追加|追补|调增|新增下达)[^，,；;。)）]{0,30}"
    r")"
)
_SHORT = 40


def stated_reason(text: object) -> str:
    """The first clause of a text that states a cause, shortened; "" when the text gives none."""
    if text is None:
        return ""
    body = normalize_text(str(text))
    m = _CAUSE_RE.search(body)
    if not m:
        return ""
    reason = m.group("reason").strip()
    return reason if len(reason) <= _SHORT else reason[: _SHORT - 1] + "…"
