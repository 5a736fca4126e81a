"""What a drafted report is made of, before it becomes Word: headings, paragraphs, tables (pure data).

A paragraph is a list of pieces; a piece marked `todo` is text the office writes itself and is
highlighted in the document, so nothing the data does not say is ever stated as a fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbook_tools.report.wording import TODO


@dataclass(frozen=True)
class Piece:
    """A run of text; `todo` pieces are placeholders the office replaces."""

    text: str
    todo: bool = False


@dataclass(frozen=True)
class Heading:
    """A section title: level 0 the report title, 1 "一、…", 2 "（一）…"."""

    text: str
    level: int


@dataclass(frozen=True)
class Paragraph:
    """Body text; `plain` paragraphs (salutation, signature) take no first-line indent."""

    pieces: tuple[Piece, ...]
    plain: bool = False
    align_right: bool = False

    @property
    def text(self) -> str:
        """The paragraph's text as it reads."""
        return "".join(p.text for p in self.pieces)


@dataclass(frozen=True)
class Table:
    """A table with a caption paragraph above it; every cell is text."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = field(default=())  # centimetres per column; () = even


Block = Heading | Paragraph | Table


def para(*parts: str | Piece, plain: bool = False, align_right: bool = False) -> Paragraph:
    """A paragraph from strings (facts) and Pieces (placeholders)."""
    return Paragraph(tuple(p if isinstance(p, Piece) else Piece(p) for p in parts if p), plain, align_right)


def todo(hint: str = "") -> Piece:
    """A highlighted placeholder: "【待补充：hint】"."""
    return Piece(f"【{TODO}：{hint}】" if hint else f"【{TODO}】", todo=True)
