"""Batch check across workbooks: one unit's returns reporting the same event with different figures.

Pure: the batch hands in a compact summary of every form (FormSummary, built by the validator while it
checks the file, see summarise()) and gets back CROSS_FORM_MISMATCH findings per file.

Precision comes first (a false alarm costs more than a miss), so two rows of two different files are
taken as "the same event" only on strong evidence, and then only a clear clash of figures is reported:

- Same unit: the forms' unit keys agree (the stamp's unit code, else the unit / 实施单位 / 主管部门 name
  normalised); a form without a unit key is never compared, nor two forms of different known years.
- Same kind of row: both 数量指标 or both 成本指标.
- Same event: the rows' 三级指标 names share a distinctive run of at least ANCHOR Chinese characters
  (generic words such as 活动/项目/满意度/经费 break runs; a run found in the names of more than a few of
  the unit's files is generic for that unit). Against a summary form (项目名称 with 汇总), a summary
  row whose name begins with a distinctive part of a project form's 项目名称 ("天府科技云服务项目…"
  and "“天府科技云”项目购买社会服务…") is that project's: it pairs with all that form's rows, and with no
  other form's rows.
- Same quantity: within the two actual cells (else the two target cells), quantities pair up only by
  counted noun (a shared distinctive run of at least two characters outside the event's own name; a
  unit-less quantity is named by a short row name, and two quantities named by their rows need nearly
  the same row names) and the very same measure (人 with 人, 次 with 次; never 次 with 场, 项 with 家).
  Percentages, durations and bare numbers are never compared. Money is compared only between a
  summary and a project form, and only as a row's whole amount (its one amount or its 共计): two
  projects may each fund a part of one event, and a summary's breakdown is not the project's.
- Different figures: two plain values that differ (an approximate one by more than 10 %), or two
  bounds of the same kind that differ; a value that also stands in the other cell as another quantity
  of the same measure makes the pairing doubtful and is skipped.

One finding per pair of rows, on the row of the project form against a summary, else of the later file
in batch order; it names the other file and cell. The mirror finding is not emitted.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from workbook_tools.core import quantities as qmod
from workbook_tools.core.parse import normalize_text
from workbook_tools.core.value import UnitClass
from workbook_tools.validate.dept_goal import goal_claim
from workbook_tools.validate.finding import Finding

__all__ = ["FormSummary", "RowSummary", "cross_form_findings", "row_kind", "summarise", "unit_key"]

CODE = "CROSS_FORM_MISMATCH"
ANCHOR = 4  # Chinese characters two row names must share to be the same event
NOUN = 2  # characters two counted nouns must share
SHORT_NAME = 16  # a row name up to this long may name a unit-less quantity ("人员聘用数": "4人")
APPROX_TOLERANCE = 0.10
NAME_ALIKE = 0.5  # share of character pairs two row names have in common to be "the same name"
MAX_ROWS = 200  # per form: a summary never has more, and the pairing stays bounded

# Words that say nothing about which event a row is about; they break the shared runs.
_GENERIC = (
    "服务对象",
    "满意度",
    "满意率",
    "完成率",
    "合格率",
    "达标率",
    "覆盖率",
    "知晓率",
    "社会效益",
    "经济效益",
    "生态效益",
    "可持续",
    "本年度",
    "年度",
    "全年",
    "全市",
    "全州",
    "全省",
    "全县",
    "全国",
    "实际",
    "完成",
    "开展",
    "举办",
    "组织",
    "活动",
    "项目",
    "指标",
    "工作",
    "人员",
    "服务",
    "科普",
    "科技",
    "经费",
    "费用",
    "成本",
    "支出",
    "资金",
    "专项",
    "数量",
    "人数",
    "次数",
    "个数",
    "场次",
    "总数",
    "累计",
    "合计",
    "共计",
    "其中",
    "各类",
    "各种",
    "相关",
    "情况",
    "预计",
    "计划",
    "所有",
    "其他",
    "单位",
    "部门",
)
# Of those, the ones that still break an event's name: "天府科技云" and "科技辅导员" are names.
_NOT_ANCHOR_GENERIC = frozenset({"科普", "科技", "服务", "人员", "工作", "单位", "部门"})
_GENERIC_RE = re.compile("|".join(sorted(_GENERIC, key=len, reverse=True)))
_ANCHOR_GENERIC_RE = re.compile(
    "|".join(sorted((w for w in _GENERIC if w not in _NOT_ANCHOR_GENERIC), key=len, reverse=True))
)
_TOTAL_RE = re.compile(r"^(?:\d+[、.])?(?:以上)?(?:共计|合计|总计|共)")
_CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]+")
_PAREN_RE = re.compile(r"[(（][^()（）]*[)）]")
_UNIT_SPACE_RE = re.compile(r"\s+")
_SUMMARY_RE = re.compile(r"汇总")
_COMPARED = frozenset({UnitClass.COUNT, UnitClass.PEOPLE, UnitClass.OTHER})  # money: whole amounts only
_WHAT = {"money": "金额", "people": "人数"} | {
    c.value: "数量" for c in UnitClass if c.value not in ("money", "people")
}
_BOUNDS = frozenset({qmod.GE, qmod.GT, qmod.LE, qmod.LT, qmod.INTERVAL})


# --------------------------------------------------------------------------- summaries


@dataclass(frozen=True)
class RowSummary:
    """One 数量/成本 indicator row: what crossform needs, and where its cells are."""

    index: int  # 0-based, as indicators[i]
    kind: str  # "数量" | "成本"
    name: str
    target: str
    actual: str
    target_at: tuple[str, str] | None = None  # (sheet, cell)
    actual_at: tuple[str, str] | None = None


@dataclass(frozen=True)
class FormSummary:
    """One form of a file: its unit key, project name and comparable rows."""

    unit: str
    project: str
    rows: tuple[RowSummary, ...] = ()
    year: int | None = None  # returns of two different years are never compared
    goal: Any = None  # a 凉山 指标体系's 目标实现 claim (validate.dept_goal), checked against the projects


def row_kind(level1: str, level2: str) -> str:
    """ "数量" or "成本" for the rows crossform compares, else ""."""
    if "成本" in level2 or "成本" in level1:
        return "成本"
    if "数量" in level2:
        return "数量"
    return ""


def unit_key(identity: Any, unit_name: str, executor: str, authority: str) -> str:
    """The unit a return belongs to: the stamp's unit code, else a normalised unit name ("" = unknown)."""
    code = str(getattr(identity, "unit_code", "") or "").strip() if identity is not None else ""
    if code:
        return "code:" + code
    for name in (unit_name, executor, authority):
        key = _name_key(name)
        if key:
            return "name:" + key
    return ""


def _name_key(name: object) -> str:
    text = normalize_text(str(name or ""))
    text = _PAREN_RE.sub("", text)
    text = re.sub(r"[\s:：（）()“”\"'、,，.。]", "", text)
    return text if len(_CJK_RUN_RE.findall(text)) and len(text) >= 2 else ""


def _cell_text(value: object, unit: str) -> str:
    """A cell as text; a bare number takes the row's unit column ("5" + "万元")."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, int | float):
        unit = _UNIT_SPACE_RE.sub("", str(unit or ""))
        return f"{value:g}{unit}" if unit else ""
    return str(value).strip()


def summarise(rows: Sequence[Any], se: Any, layout: Any, identity: Any) -> FormSummary | None:
    """The summary of one checked form; `rows` are the rules' rows (rules.common.rows), used ones only.

    Cheap: no parsing here, only the texts and the addresses of the compared rows.
    """
    unit = unit_key(identity, se.unit.name, se.project.executor, se.project.authority)
    if not unit:
        return None
    year = se.year if isinstance(se.year, int) and not isinstance(se.year, bool) else None
    claim = goal_claim(se, layout)
    if claim is not None:
        return FormSummary(unit, "", (), year, goal=claim)
    out: list[RowSummary] = []
    for row in rows:
        kind = row_kind(row.level1, row.level2)
        if not kind:
            continue
        ind = row.result.indicator
        target = _cell_text(ind.target, ind.unit)
        actual = _cell_text(ind.actual, ind.unit)
        if not any(ch.isdigit() for ch in target + actual):
            continue
        i = row.result.index
        out.append(
            RowSummary(
                i,
                kind,
                str(ind.name or "").strip(),
                target,
                actual,
                _locate(layout, f"indicators[{i}].target"),
                _locate(layout, f"indicators[{i}].actual"),
            )
        )
        if len(out) >= MAX_ROWS:
            break
    if not out:
        return None
    return FormSummary(unit, str(se.project.name or "").strip(), tuple(out), year)


def _locate(layout: Any, path: str) -> tuple[str, str] | None:
    try:
        where = layout.locate(path) if layout is not None else None
    except (KeyError, ValueError, IndexError):
        return None
    return (str(where[0]), str(where[1])) if where else None


# --------------------------------------------------------------------------- text keys


def _cjk(text: str) -> str:
    """The Chinese characters of a text, with parenthesised remarks and other characters taken out."""
    return "".join(_CJK_RUN_RE.findall(_PAREN_RE.sub("", normalize_text(text))))


def _runs(text: str, generic: re.Pattern[str] = _GENERIC_RE) -> list[str]:
    """Runs of Chinese characters once generic words and everything else are taken out."""
    return _CJK_RUN_RE.findall(generic.sub("|", normalize_text(text)))


def _grams(text: str, size: int = ANCHOR) -> frozenset[str]:
    """Every distinctive run of `size` characters in a text (the anchors of an event)."""
    return frozenset(
        run[i : i + size] for run in _runs(text, _ANCHOR_GENERIC_RE) for i in range(len(run) - size + 1)
    )


def _bigrams(text: str) -> frozenset[str]:
    s = _cjk(text)
    return frozenset(s[i : i + 2] for i in range(len(s) - 1))


def _alike(a: str, b: str) -> bool:
    """Two row names that are nearly the same ("政府采购办公设施设备", "政府采购办公设备购置")."""
    ga, gb = _bigrams(a), _bigrams(b)
    return bool(ga and gb) and len(ga & gb) >= NAME_ALIKE * len(ga | gb)


def _shared(a: str, b: str) -> int:
    """Length of the longest distinctive run two short texts share (0 when under NOUN)."""
    best = 0
    runs_b = _runs(b)
    for run in _runs(a):
        for size in range(len(run), max(best, NOUN - 1), -1):
            if any(run[i : i + size] in rb for i in range(len(run) - size + 1) for rb in runs_b):
                best = max(best, size)
                break
    return best if best >= NOUN else 0


def _without(text: str, phrases: frozenset[str]) -> str:
    """The text with every occurrence of the phrases (the event's name) blanked out."""
    if not phrases:
        return text
    s = normalize_text(text)
    marked = [False] * len(s)
    for p in phrases:
        for m in re.finditer(re.escape(p), s):
            for k in range(m.start(), m.end()):
                marked[k] = True
    return "".join("|" if marked[k] else ch for k, ch in enumerate(s))


# --------------------------------------------------------------------------- quantities


@dataclass(frozen=True)
class _Q:
    label: str
    named: bool  # the label is the row's name (the quantity is the row's whole figure)
    quantity: qmod.Quantity
    measure: tuple[str, str]  # (family, base unit key)


def _measure(q: qmod.Quantity) -> tuple[str, str]:
    key = q.base_unit
    key = {"名": "人", "位": "人", "场次": "场", "篇次": "篇", "日": "天"}.get(key, key)
    return str(q.family), key


def _quantities(text: str, name: str, money: bool) -> list[_Q]:
    """The comparable quantities of a cell, each with the noun it counts (or the short row name)."""
    fallback = name if len(_cjk(name)) <= SHORT_NAME else ""
    found = qmod.quantities(text)
    out = []
    for q in found:
        if q.family not in _COMPARED or not q.unit:
            continue
        if _runs_len(q.noun) >= NOUN:
            out.append(_Q(q.noun, False, q, _measure(q)))
        elif fallback:
            out.append(_Q(fallback, True, q, _measure(q)))
    if money and fallback:
        whole = _whole_amount(found)
        if whole is not None:
            out.append(_Q(fallback, True, whole, _measure(whole)))
    return out


def _whole_amount(found: Sequence[qmod.Quantity]) -> qmod.Quantity | None:
    """The amount a cost cell comes to: its only amount, or the stated total (共计/合计/总计)."""
    amounts = [q for q in found if q.family is UnitClass.MONEY]
    if len(amounts) == 1:
        return amounts[0]
    totals = [q for q in amounts if _TOTAL_RE.match(normalize_text(q.text))]
    return totals[-1] if totals else None


def _runs_len(text: str) -> int:
    return max((len(r) for r in _runs(text)), default=0)


def _differ(a: qmod.Quantity, b: qmod.Quantity) -> bool:
    """True when two quantities of one measure state clearly different figures."""
    x, y = a.scaled, b.scaled
    a_bound, b_bound = a.comparator in _BOUNDS, b.comparator in _BOUNDS
    if a_bound or b_bound:
        if a.comparator != b.comparator or a.high is not None or b.high is not None:
            return False  # "不少于80项" against "92项" is not a clash of figures
        return abs(x - y) > 1e-9 * max(abs(x), abs(y), 1.0)
    if a.approximate or b.approximate:
        return abs(x - y) > APPROX_TOLERANCE * max(abs(x), abs(y))
    return abs(x - y) > 1e-9 * max(abs(x), abs(y), 1.0)


def _score(a: _Q, b: _Q, event: frozenset[str]) -> int:
    """How surely two quantities count the same thing (0: not at all)."""
    if a.measure != b.measure:
        return 0
    if a.named and b.named:
        return 100 if _alike(a.label, b.label) else 0
    # The event's own name in both labels says nothing about what is counted.
    return _shared(_without(a.label, event), _without(b.label, event))


def _clash(mine: list[_Q], other: list[_Q], event: frozenset[str]) -> tuple[_Q, _Q] | None:
    """The first pair of same-noun, same-measure quantities with different figures, if any."""
    candidates = []
    for i, a in enumerate(mine):
        for j, b in enumerate(other):
            score = _score(a, b, event)
            if score:
                candidates.append((-score, i, j))
    candidates.sort()
    used_i: set[int] = set()
    used_j: set[int] = set()
    found = []
    for _, i, j in candidates:
        if i in used_i or j in used_j:
            continue
        used_i.add(i)
        used_j.add(j)
        a, b = mine[i], other[j]
        if not _differ(a.quantity, b.quantity):
            continue
        if _stands_in(a, other) or _stands_in(b, mine):
            continue  # the figure is there under another noun: the pairing is doubtful
        found.append((i, j))
    if not found:
        return None
    i, j = min(found)
    return mine[i], other[j]


def _stands_in(q: _Q, cell: list[_Q]) -> bool:
    return any(
        o.measure == q.measure and o.quantity is not q.quantity and not _differ(q.quantity, o.quantity)
        for o in cell
    )


# --------------------------------------------------------------------------- the batch


@dataclass(frozen=True)
class _Form:
    file: int  # position in the batch
    shown: str
    form: FormSummary
    summary: bool


@dataclass(frozen=True)
class _Row:
    form: _Form
    row: RowSummary
    grams: frozenset[str]


def cross_form_findings(files: Sequence[tuple[str, Sequence[FormSummary]]]) -> dict[int, list[Finding]]:
    """CROSS_FORM_MISMATCH findings by file position; `files` are (shown name, forms) in batch order."""
    by_unit: dict[str, list[_Form]] = defaultdict(list)
    for pos, (shown, forms) in enumerate(files):
        for form in forms or ():
            if form is not None and form.unit and form.rows:
                by_unit[form.unit].append(_Form(pos, shown, form, bool(_SUMMARY_RE.search(form.project))))
    out: dict[int, list[Finding]] = defaultdict(list)
    for forms in by_unit.values():
        if len({f.file for f in forms}) < 2:
            continue
        for pos, finding in _unit_findings(forms):
            out[pos].append(finding)
    return dict(out)


def _unit_findings(forms: list[_Form]) -> list[tuple[int, Finding]]:
    rows = [_Row(f, r, _grams(r.name)) for f in forms for r in f.form.rows]
    generic = _unit_generic(rows, len({f.file for f in forms}))
    index: dict[str, list[int]] = defaultdict(list)
    for k, r in enumerate(rows):
        for g in r.grams - generic:
            index[g].append(k)
    events: dict[tuple[int, int], frozenset[str]] = defaultdict(frozenset)
    for g, ks in index.items():
        for a in ks:
            for b in ks:
                if a < b and rows[a].form.file != rows[b].form.file:
                    events[a, b] |= {g}
    project_pairs = _project_pairs(rows)
    for pair, phrase in project_pairs.items():
        events[pair] |= {phrase}
    # A summary row named after one project form belongs to it: another form's row of a like name
    # ("天府科技云项目" in the 州本级专项 form) is a different budget line.
    owners: dict[int, set[int]] = defaultdict(set)
    for a, b in project_pairs:
        project, summary = (a, b) if rows[b].form.summary else (b, a)
        owners[summary].add(id(rows[project].form))
    found: dict[tuple[int, int, int], tuple[int, Finding]] = {}
    for a, b in sorted(events):
        ra, rb = rows[a], rows[b]
        if ra.row.kind != rb.row.kind or _owned_elsewhere(owners, a, ra, b, rb):
            continue
        ya, yb = ra.form.form.year, rb.form.form.year
        if ya is not None and yb is not None and ya != yb:
            continue
        here, there = _placed(ra, rb)
        key = (here.form.file, here.row.index, there.form.file)
        if key in found:
            continue  # one finding per row and other file
        finding = _check(here, there, events[a, b])
        if finding is not None:
            found[key] = (here.form.file, finding)
    return [found[k] for k in sorted(found)]


def _owned_elsewhere(owners: dict[int, set[int]], a: int, ra: _Row, b: int, rb: _Row) -> bool:
    """True when one row is a summary row that belongs to another project form than the other row's."""
    for m, s, r in ((a, ra, rb), (b, rb, ra)):
        if s.form.summary and owners.get(m) and id(r.form) not in owners[m]:
            return True
    return False


def _unit_generic(rows: list[_Row], n_files: int) -> frozenset[str]:
    """Runs in the row names of many of the unit's files say nothing about one event."""
    files_of: dict[str, set[int]] = defaultdict(set)
    for r in rows:
        for g in r.grams:
            files_of[g].add(r.form.file)
    cap = min(max(4, n_files // 4), 12)
    return frozenset(g for g, fs in files_of.items() if len(fs) > cap)


def _project_pairs(rows: list[_Row]) -> dict[tuple[int, int], str]:
    """A summary's rows named after a project ("天府科技云服务项目…"), with the rows of that project's form.

    The summary row's name must begin with a distinctive part of the project's name: sharing a phrase
    somewhere in the middle ("科学素质提升") is not enough.
    """
    pairs: dict[tuple[int, int], str] = {}
    heads: dict[int, str] = {}
    for m, s in enumerate(rows):
        if s.form.summary:
            heads[m] = _cjk(s.row.name)
    if not heads:
        return pairs
    projects: dict[int, str] = {}
    for k, r in enumerate(rows):
        if r.form.summary:
            continue
        project = projects.setdefault(id(r.form), _cjk(r.form.form.project))
        if len(project) < ANCHOR:
            continue
        for m, head in heads.items():
            if rows[m].form.file == r.form.file:
                continue
            phrase = _common_head(head, project)
            if phrase:
                pairs[min(k, m), max(k, m)] = phrase
    return pairs


def _common_head(head: str, project: str) -> str:
    """The longest start of `head` found in `project`, when it is distinctive enough."""
    size = 0
    while size < len(head) and head[: size + 1] in project:
        size += 1
    phrase = head[:size]
    distinctive = sum(len(r) for r in _runs(phrase, _ANCHOR_GENERIC_RE))
    return phrase if size >= ANCHOR and distinctive >= ANCHOR - 1 else ""


def _placed(a: _Row, b: _Row) -> tuple[_Row, _Row]:
    """(row the finding goes on, the other row): the project form against a summary, else the later file."""
    if a.form.summary != b.form.summary:
        return (b, a) if a.form.summary else (a, b)
    return (b, a) if (b.form.file, b.row.index) > (a.form.file, a.row.index) else (a, b)


def _check(here: _Row, there: _Row, event: frozenset[str]) -> Finding | None:
    money = here.form.summary != there.form.summary
    for side, label in (("actual", "完成值"), ("target", "指标值")):
        mine = _quantities(getattr(here.row, side), here.row.name, money)
        other = _quantities(getattr(there.row, side), there.row.name, money)
        clash = _clash(mine, other, event) if mine and other else None
        if clash is not None:
            return _finding(here, there, side, label, *clash)
    return None


def _finding(here: _Row, there: _Row, side: str, label: str, mine: _Q, other: _Q) -> Finding:
    at = getattr(here.row, side + "_at")
    other_at = getattr(there.row, side + "_at")
    other_cell = f"{other_at[0]}!{other_at[1]}" if other_at else f"第 {there.row.index + 1} 个指标"
    noun = _short(next((q.quantity.noun for q in (mine, other) if not q.named), _WHAT[mine.measure[0]]))
    f = Finding.make(
        CODE,
        f"indicators[{here.row.index}].{side}",
        expected=_shown(other.quantity),
        actual=_shown(mine.quantity),
        indicator=here.row.index,
        n=here.row.index + 1,
        name=_short(here.row.name),
        side=label,
        noun=noun,
        other_file=there.form.shown,
        other_cell=other_cell,
    )
    where = {"file": here.form.shown}
    if at:
        where |= {"sheet": at[0], "cell": at[1]}
    return f.at(**where)


def _short(text: str) -> str:
    text = normalize_text(text)
    return text if len(text) <= 24 else text[:23] + "…"


def _shown(q: qmod.Quantity) -> str:
    number = f"{q.number:.4f}".rstrip("0").rstrip(".")
    if q.high is not None:
        number += "-" + f"{q.high:.4f}".rstrip("0").rstrip(".")
    prefix = {qmod.GE: "≥", qmod.GT: ">", qmod.LE: "≤", qmod.LT: "<"}.get(q.comparator, "")
    suffix = "左右" if q.comparator == qmod.APPROX and q.qualifier in ("左右", "约", "大约", "上下") else ""
    return f"{prefix}{number}{q.unit}{suffix}"
