"""Charts drawn with reportlab graphics: session vitals and the PHQ-9/MADRS trend."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from aurora_desktop.reports.base import FONT, FONT_BOLD, INK, MUTED, register_fonts

Series = list[tuple[float, float]]

# (label, colour, marker): shapes differ too, so colour is never the only signal.
SBP = ("Systolic BP (mmHg)", colors.HexColor("#C62828"), "FilledTriangle")
DBP = ("Diastolic BP (mmHg)", colors.HexColor("#EF6C00"), "FilledDiamond")
HR = ("Heart rate (bpm)", colors.HexColor("#1565C0"), "FilledCircle")
SPO2 = ("SpO2 (%)", colors.HexColor("#2E7D32"), "FilledSquare")
PHQ9 = ("PHQ-9 (0–27)", colors.HexColor("#6A1B9A"), "FilledCircle")
MADRS = ("MADRS (0–60)", colors.HexColor("#00838F"), "FilledSquare")


def _nice_step(span: float, target: int = 8) -> int:
    for step in (5, 10, 15, 30, 60, 120):
        if span / step <= target:
            return step
    return 240


def _plot(x: float, y: float, w: float, h: float, series: Sequence[tuple[tuple, Series]],
          x_min: float, x_max: float, y_min: float, y_max: float, y_step: float,
          x_step: float) -> LinePlot:
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = x, y, w, h
    plot.data = [points for _, points in series]
    for index, (style, _) in enumerate(series):
        _, colour, marker = style
        line = plot.lines[index]
        line.strokeColor = colour
        line.strokeWidth = 1.2
        line.symbol = makeMarker(marker, size=4.5, fillColor=colour, strokeColor=colour)
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName = FONT
        axis.labels.fontSize = 7
        axis.labels.fillColor = MUTED
        axis.strokeColor = MUTED
        axis.strokeWidth = 0.5
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = x_min, x_max
    plot.xValueAxis.valueStep = x_step
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = y_min, y_max
    plot.yValueAxis.valueStep = y_step
    plot.yValueAxis.visibleGrid = True
    plot.yValueAxis.gridStrokeColor = colors.HexColor("#E4E7EB")
    plot.yValueAxis.gridStrokeWidth = 0.4
    return plot


def _legend(x: float, y: float, styles: Sequence[tuple]) -> Group:
    """Marker + label for each series, left to right (drawn, so the marker shapes show)."""
    group = Group()
    for name, colour, marker in styles:
        symbol = makeMarker(marker, size=6, fillColor=colour, strokeColor=colour)
        symbol.x, symbol.y = x + 3, y + 2.5
        group.add(symbol)
        group.add(String(x + 10, y, name, fontName=FONT, fontSize=7.5, fillColor=INK))
        x += 10 + stringWidth(name, FONT, 7.5) + 14
    return group


def vitals_chart(width: float, sbp: Series, dbp: Series, hr: Series, spo2: Series) -> Drawing:
    """BP and heart rate (top) and SpO2 (bottom) over minutes since the first device."""
    register_fonts()
    xs = [x for s in (sbp, dbp, hr, spo2) for x, _ in s] or [0.0]
    x_min = min(0.0, (min(xs) // 15) * 15)
    x_max = max(120.0, -(-max(xs) // 15) * 15)
    step = _nice_step(x_max - x_min)
    ys = [y for s in (sbp, dbp, hr) for _, y in s] or [60.0]
    top_min = min(40.0, (min(ys) // 20) * 20)
    top_max = max(200.0, -(-max(ys) // 20) * 20)
    o2 = [y for _, y in spo2] or [95.0]
    o2_min = min(85.0, (min(o2) // 5) * 5)
    drawing = Drawing(width, 250)
    left, plot_w = 40, width - 60
    top_series = [(s, pts) for s, pts in ((SBP, sbp), (DBP, dbp), (HR, hr)) if pts]
    if top_series:
        drawing.add(_plot(left, 105, plot_w, 115, top_series, x_min, x_max, top_min, top_max,
                          20, step))
    if spo2:
        drawing.add(_plot(left, 25, plot_w, 55, [(SPO2, spo2)], x_min, x_max, o2_min, 100, 5,
                          step))
    drawing.add(String(left, 236, "Vital signs", fontName=FONT_BOLD, fontSize=8.5, fillColor=INK))
    drawing.add(_legend(left + 70, 236, [s for s, _ in top_series] + ([SPO2] if spo2 else [])))
    drawing.add(String(left + plot_w / 2, 5, "Minutes since the first device (negative = before dosing)",
                       fontName=FONT, fontSize=7, fillColor=MUTED, textAnchor="middle"))
    drawing.add(String(2, 225, "mmHg / bpm", fontName=FONT, fontSize=6.5, fillColor=MUTED))
    drawing.add(String(2, 85, "SpO2 %", fontName=FONT, fontSize=6.5, fillColor=MUTED))
    return drawing


def outcome_chart(width: float, phq9: Sequence[tuple[date, int]],
                  madrs: Sequence[tuple[date, int]]) -> Drawing:
    """PHQ-9 and MADRS totals over time (x axis in days, labelled MM/DD/YY)."""
    register_fonts()
    days = [d for d, _ in (*phq9, *madrs)]
    origin = min(days)
    span = max(7, (max(days) - origin).days)

    def points(values: Sequence[tuple[date, int]]) -> Series:
        return [((d - origin).days, float(v)) for d, v in values]

    series = [(s, pts) for s, pts in ((PHQ9, points(phq9)), (MADRS, points(madrs))) if pts]
    step = max(1, -(-span // 8))
    drawing = Drawing(width, 190)
    # PHQ-9 alone on its own 0-27 range (readable); with MADRS both share 0-60
    top, tick = (60, 10) if madrs else (27, 3)
    plot = _plot(40, 30, width - 60, 130, series, 0, span, 0, top, tick, step)
    plot.xValueAxis.labelTextFormat = lambda v: (origin + timedelta(days=int(v))).strftime("%m/%d/%y")
    drawing.add(plot)
    drawing.add(String(40, 176, "Depression scores", fontName=FONT_BOLD, fontSize=8.5,
                       fillColor=INK))
    drawing.add(_legend(150, 176, [s for s, _ in series]))
    drawing.add(String(40 + (width - 60) / 2, 5, "Date measured", fontName=FONT, fontSize=7,
                       fillColor=MUTED, textAnchor="middle"))
    return drawing
