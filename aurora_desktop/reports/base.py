"""Shared PDF building blocks: bundled fonts, cached styles, page header/footer, tables."""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from aurora_desktop.resources import resource_path

# Our charts are built by tested code: skip reportlab's per-attribute type validation of
# graphics shapes (a third of a session log's build time went into it).
rl_config.shapeChecking = 0

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_FALLBACK = "DroidSansFallback"  # CJK and other letters DejaVu Sans lacks
MARGIN = 0.6 * inch
HEADER_LINE = 0.72 * inch  # the header rule sits this far below the top margin
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#52606D")
RULE = colors.HexColor("#9AA5B1")
HEAD_FILL = colors.HexColor("#E4E7EB")
ZEBRA = colors.HexColor("#F5F7FA")
ACCENT = colors.HexColor("#0B5394")
NONE_TEXT = "none recorded"


@functools.cache
def register_fonts() -> frozenset[int]:
    """Register the bundled fonts once per process; returns the code points DejaVu Sans covers."""
    regular = TTFont(FONT, str(resource_path("fonts", "DejaVuSans.ttf")))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
    fallback = resource_path("fonts", "DroidSansFallbackFull.ttf")
    if not fallback.exists():  # optional (installer size budget): DejaVu is used throughout
        fallback = resource_path("fonts", "DejaVuSans.ttf")
    pdfmetrics.registerFont(TTFont(FONT_FALLBACK, str(fallback)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)
    pdfmetrics.registerFontFamily(FONT_FALLBACK, normal=FONT_FALLBACK, bold=FONT_FALLBACK,
                                  italic=FONT_FALLBACK, boldItalic=FONT_FALLBACK)
    return frozenset(regular.face.charToGlyph)


def font_runs(text: str, font: str) -> list[tuple[str, str]]:
    """Split *text* into (font, run) pieces: characters DejaVu lacks use the fallback font."""
    covered = register_fonts()
    if text.isascii():
        return [(font, text)]
    runs: list[tuple[str, str]] = []
    for ch in text:
        name = font if ord(ch) in covered or ch.isspace() else FONT_FALLBACK
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + ch)
        else:
            runs.append((name, ch))
    return runs


def draw_text(canv: rl_canvas.Canvas, x: float, y: float, text: str, font: str, size: float,
              anchor: str = "left") -> None:
    """drawString with font fallback; *anchor* is left, right or centre."""
    runs = font_runs(text, font)
    width = sum(pdfmetrics.stringWidth(run, name, size) for name, run in runs)
    if anchor == "right":
        x -= width
    elif anchor == "centre":
        x -= width / 2
    for name, run in runs:
        canv.setFont(name, size)
        canv.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, name, size)


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    head_cell: ParagraphStyle
    label: ParagraphStyle
    title: ParagraphStyle
    h2: ParagraphStyle
    note: ParagraphStyle
    right: ParagraphStyle


@functools.cache
def styles() -> Styles:
    """Paragraph styles, built once and shared by every document (never per row)."""
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5, textColor=INK)
    cell = ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9)
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=7.5, leading=9, textColor=MUTED),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=FONT_BOLD),
        head_cell=ParagraphStyle("head_cell", parent=cell, fontName=FONT_BOLD),
        label=ParagraphStyle("label", parent=cell, textColor=MUTED),
        title=ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=14, leading=17),
        h2=ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=10.5, leading=13,
                          textColor=ACCENT, spaceBefore=8, spaceAfter=3),
        note=ParagraphStyle("note", parent=body, fontSize=8.5, leading=10.5),
        right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
    )


def esc(value: object) -> str:
    """Text made safe for Paragraph markup; None/empty becomes an em dash."""
    if value is None or value == "":
        return "—"
    text = str(value)
    text = (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\n", "<br/>"))
    if text.isascii():
        return text
    return "".join(run if name == FONT else f'<font name="{FONT_FALLBACK}">{run}</font>'
                   for name, run in font_runs(text, FONT))


CELL_MARGIN = 10  # more than the left + right padding of data and field table cells


def plain_or_paragraph(value: object, style: ParagraphStyle, width: float) -> Any:
    """A plain string when *value* fits on one line of *width* as is, else a wrapping Paragraph.

    Most cells are short (times, readings, names): a plain string cell is drawn by the table
    itself with the same font, size and colour (set in the table styles below), which skips
    Paragraph's markup parsing and line breaking - the bulk of a session log's build time.
    """
    text = "—" if value is None or value == "" else str(value)
    if (text.isascii() and "\n" not in text and len(text) < 80
            and pdfmetrics.stringWidth(text, style.fontName, style.fontSize) <= width - CELL_MARGIN):
        return text
    return Paragraph(esc(value), style)


@functools.cache
def data_table_style() -> TableStyle:
    return TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 1), (-1, -1), 7.5),  # plain-string cells look like styles().cell
        ("LEADING", (0, 1), (-1, -1), 9),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ])


@functools.cache
def checkpoint_table_style() -> TableStyle:
    """Like the data table but without zebra rows (a checkpoint may take two rows)."""
    return TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 1), (-1, -1), 7.5),
        ("LEADING", (0, 1), (-1, -1), 9),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ])


@functools.cache
def field_table_style(columns: int = 2) -> TableStyle:
    labels = [("TEXTCOLOR", (2 * k, 0), (2 * k, -1), MUTED) for k in range(columns)]
    return TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # plain-string cells: styles().cell / .label
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("LEADING", (0, 0), (-1, -1), 9),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        *labels,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, HEAD_FILL),
    ])


def data_table(header: Sequence[str], rows: Sequence[Sequence[object]],
               widths: Sequence[float], empty: str = NONE_TEXT) -> Flowable:
    """A table that splits across pages and repeats its header; long text wraps in cells."""
    st = styles()
    if not rows:
        return Paragraph(f"<i>{esc(empty)}</i>", st.small)
    data: list[list[Any]] = [[Paragraph(esc(h), st.head_cell) for h in header]]
    cell = st.cell
    for row in rows:
        data.append([v if isinstance(v, Flowable) else plain_or_paragraph(v, cell, w)
                     for v, w in zip(row, widths, strict=False)])
    table = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT", splitByRow=1)
    table.setStyle(data_table_style())
    return table


def field_grid(pairs: Sequence[tuple[str, object]], width: float, columns: int = 2) -> Flowable:
    """Label/value pairs laid out *columns* pairs per row (labels muted, values wrap)."""
    st = styles()
    if not pairs:
        return Paragraph(f"<i>{NONE_TEXT}</i>", st.small)
    label_w = width / columns * 0.40
    value_w = width / columns - label_w
    data: list[list[Any]] = []
    for start in range(0, len(pairs), columns):
        row: list[Any] = []
        for label, value in pairs[start:start + columns]:
            row += [plain_or_paragraph(label, st.label, label_w),
                    plain_or_paragraph(value, st.cell, value_w)]
        row += [""] * (2 * columns - len(row))
        data.append(row)
    table = Table(data, colWidths=[label_w, value_w] * columns, hAlign="LEFT", splitByRow=1)
    table.setStyle(field_table_style(columns))
    return table


def section(title: str, *content: Flowable) -> list[Flowable]:
    """A heading kept with the start of its content."""
    heading = Paragraph(esc(title), styles().h2)
    if not content:
        return [heading]
    return [KeepTogether([heading, content[0]]), *content[1:]]


def none_recorded(text: str = NONE_TEXT) -> Paragraph:
    return Paragraph(f"<i>{esc(text)}</i>", styles().small)


@dataclass(frozen=True)
class DocInfo:
    """What the page header and footer show on every page."""

    title: str
    clinic_name: str
    clinic_address: str
    clinic_phone: str
    rems_setting_id: str
    subject: str  # e.g. "Patient: Doe, Jane · MRN 123 · DOB 01/02/1980"; may be ""
    generated: str  # "12/01/2026 9:00 AM by Nina Nurse"


class NumberedCanvas(rl_canvas.Canvas):
    """Defers page output so every footer can say "Page X of Y"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict] = []
        self.doc_info: DocInfo | None = None

    def showPage(self) -> None:  # noqa: N802 - reportlab API
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        info = self.doc_info
        width, _ = self._pagesize
        y = MARGIN - 0.25 * inch
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, y + 11, width - MARGIN, y + 11)
        self.setFillColor(MUTED)
        self.setFont(FONT, 7)
        left = f"Generated {info.generated}" if info else ""
        draw_text(self, MARGIN, y, left, FONT, 7)
        draw_text(self, width / 2 + 40, y, "Confidential: protected health information", FONT, 7,
                  "centre")
        draw_text(self, width - MARGIN, y, f"Page {self._pageNumber} of {total}", FONT_BOLD, 7.5,
                  "right")


def _draw_header(canv: rl_canvas.Canvas, doc: BaseDocTemplate) -> None:
    info: DocInfo = doc.doc_info
    canv.doc_info = info
    width, height = doc.pagesize
    top = height - MARGIN
    right = width - MARGIN
    canv.saveState()
    canv.setFillColor(INK)
    draw_text(canv, MARGIN, top - 10, info.clinic_name, FONT_BOLD, 11)
    canv.setFillColor(ACCENT)
    draw_text(canv, right, top - 10, info.title, FONT_BOLD, 13, "right")
    canv.setFillColor(MUTED)
    draw_text(canv, MARGIN, top - 21, info.clinic_address, FONT, 8)
    phone = f"Phone {info.clinic_phone}   ·   " if info.clinic_phone else ""
    draw_text(canv, MARGIN, top - 31,
              f"{phone}REMS healthcare setting ID: {info.rems_setting_id or '—'}", FONT, 8)
    if info.subject:
        canv.setFillColor(INK)
        draw_text(canv, MARGIN, top - 46, info.subject, FONT_BOLD, 9)
    canv.setStrokeColor(ACCENT)
    canv.setLineWidth(1.2)
    canv.line(MARGIN, top - HEADER_LINE, right, top - HEADER_LINE)
    canv.restoreState()


def content_width(pagesize: tuple[float, float] = letter) -> float:
    return pagesize[0] - 2 * MARGIN


def build_pdf(story: list[Flowable], info: DocInfo, pagesize: tuple[float, float] = letter) -> bytes:
    """Lay out *story* with the shared header/footer; same input gives the same bytes."""
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=pagesize, invariant=1, title=info.title, author=info.clinic_name,
        subject=info.title, creator="Aurora Desktop", producer="Aurora Desktop (reportlab)",
        leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
    )
    doc.doc_info = info
    bottom = MARGIN + 6
    top = pagesize[1] - MARGIN - HEADER_LINE - 8
    frame = Frame(MARGIN, bottom, content_width(pagesize), top - bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_draw_header)])
    doc.build(story or [Spacer(1, 1)], canvasmaker=NumberedCanvas)
    return buffer.getvalue()


def rule() -> HRFlowable:
    return HRFlowable(width="100%", thickness=0.5, color=RULE, spaceBefore=4, spaceAfter=4)
