"""Outcome trend chart painted with QPainter: PHQ-9 over time on severity bands, MADRS on its
own right-hand axis (toggle), baseline, response and remission marked in text as well."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from aurora_desktop.domain.enums import Scale
from aurora_desktop.domain.scales import PHQ9_BANDS, SCALE_LABELS, TOTAL_MAX, ScorePoint
from aurora_desktop.ui.schedule.paint_guard import pin_none

PHQ9_COLOR = QColor("#1f5fa8")
MADRS_COLOR = QColor("#7b2d8e")
BAND_COLORS = {  # light fills; every band is also labelled in text
    "minimal": QColor("#e3f1e3"), "mild": QColor("#f3f6dc"), "moderate": QColor("#fbf0d6"),
    "moderately severe": QColor("#fbe3d3"), "severe": QColor("#f8d8d8"),
}
AXIS_COLOR = QColor("#4a5566")
GRID_COLOR = QColor("#c9ced6")
LEFT, RIGHT_PLAIN, RIGHT_MADRS, TOP, BOTTOM = 48, 120, 160, 34, 40
MADRS_TICKS_WIDTH = 36
EMPTY_TEXT = "No PHQ-9 or MADRS scores yet — record a PHQ-9 to start the trend."


@dataclass(frozen=True)
class Plotted:
    """A point as painted (kept for tests and tooltips)."""

    scale: Scale
    measured_on: date
    total: int
    x: float
    y: float


class TrendChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pin_none()  # see paint_guard: PySide6 6.12 QPainter calls leak None references
        self.setObjectName("trend_chart")
        self.setMinimumSize(520, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.phq9: tuple[ScorePoint, ...] = ()
        self.madrs: tuple[ScorePoint, ...] = ()
        self.show_madrs = True
        self.plotted: list[Plotted] = []
        self.setMouseTracking(True)
        self.setAccessibleName("Outcome trend chart")

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(760, 320)

    def set_series(self, phq9: Sequence[ScorePoint], madrs: Sequence[ScorePoint]) -> None:
        self.phq9, self.madrs = tuple(phq9), tuple(madrs)
        self.update()

    def set_show_madrs(self, show: bool) -> None:
        self.show_madrs = show
        self.update()

    @property
    def is_empty(self) -> bool:
        return not self.phq9 and not (self.show_madrs and self.madrs)

    def point_at(self, x: float, y: float, radius: float = 8) -> Plotted | None:
        near = [p for p in self.plotted if (p.x - x) ** 2 + (p.y - y) ** 2 <= radius ** 2]
        return min(near, key=lambda p: (p.x - x) ** 2 + (p.y - y) ** 2) if near else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        pos = event.position()
        point = self.point_at(pos.x(), pos.y())
        if point is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(),
                              f"{SCALE_LABELS[point.scale]} {point.total} on "
                              f"{point.measured_on:%m/%d/%Y}", self)
        super().mouseMoveEvent(event)

    # ----- geometry -------------------------------------------------------------------------
    def plot_rect(self) -> QRectF:
        right = RIGHT_MADRS if self.show_madrs and self.madrs else RIGHT_PLAIN
        return QRectF(LEFT, TOP, max(10, self.width() - LEFT - right),
                      max(10, self.height() - TOP - BOTTOM))

    def date_range(self) -> tuple[date, date]:
        days = [p.measured_on for p in self.phq9]
        if self.show_madrs:
            days += [p.measured_on for p in self.madrs]
        first, last = min(days), max(days)
        pad = max(2, (last - first).days // 20)
        return first - timedelta(days=pad), last + timedelta(days=pad)

    def x_of(self, day: date, rect: QRectF, span: tuple[date, date]) -> float:
        total = max(1, (span[1] - span[0]).days)
        return rect.left() + rect.width() * (day - span[0]).days / total

    @staticmethod
    def y_of(value: float, top: int, rect: QRectF) -> float:
        return rect.bottom() - rect.height() * value / top

    # ----- painting -------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        self.plotted = []
        if self.is_empty:
            painter.setPen(AXIS_COLOR)
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter
                             | Qt.TextFlag.TextWordWrap, EMPTY_TEXT)
            painter.end()
            return
        rect = self.plot_rect()
        span = self.date_range()
        self._bands(painter, rect)
        self._axes(painter, rect, span)
        self._series(painter, rect, span, self.phq9, TOTAL_MAX[Scale.PHQ9], PHQ9_COLOR, False)
        if self.show_madrs and self.madrs:
            self._series(painter, rect, span, self.madrs, TOTAL_MAX[Scale.MADRS], MADRS_COLOR,
                         True)
        self._legend(painter, rect)
        painter.end()

    def _bands(self, painter: QPainter, rect: QRectF) -> None:
        top = TOTAL_MAX[Scale.PHQ9]
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        painter.setFont(small)
        for low, high, name in PHQ9_BANDS:
            y_top = self.y_of(min(top, high + 1), top, rect)
            y_bottom = self.y_of(low, top, rect)
            band = QRectF(rect.left(), y_top, rect.width(), y_bottom - y_top)
            painter.fillRect(band, BAND_COLORS[name])
            painter.setPen(AXIS_COLOR)
            left = rect.right() + (MADRS_TICKS_WIDTH if self.show_madrs and self.madrs else 0)
            painter.drawText(QRectF(left + 6, y_top, self.width() - left - 8, y_bottom - y_top),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
        painter.setFont(self.font())

    def _axes(self, painter: QPainter, rect: QRectF, span: tuple[date, date]) -> None:
        metrics = painter.fontMetrics()
        painter.setPen(QPen(AXIS_COLOR, 1))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawLine(rect.bottomLeft(), rect.topLeft())
        for value in (0, 5, 10, 15, 20, 27):
            y = self.y_of(value, TOTAL_MAX[Scale.PHQ9], rect)
            painter.drawLine(QPointF(rect.left() - 4, y), QPointF(rect.left(), y))
            painter.drawText(QRectF(0, y - 8, rect.left() - 7, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             str(value))
        painter.drawText(QRectF(4, 6, 200, 18), Qt.AlignmentFlag.AlignLeft, "PHQ-9 (0–27)")
        if self.show_madrs and self.madrs:
            painter.setPen(QPen(MADRS_COLOR, 1))
            painter.drawLine(rect.bottomRight(), rect.topRight())
            for value in (0, 10, 20, 30, 40, 50, 60):
                y = self.y_of(value, TOTAL_MAX[Scale.MADRS], rect)
                painter.drawLine(QPointF(rect.right(), y), QPointF(rect.right() + 4, y))
                painter.drawText(QRectF(rect.right() + 7, y - 8, 40, 16),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 str(value))
            painter.drawText(QRectF(rect.right() - 150, 6, 200, 18),
                             Qt.AlignmentFlag.AlignRight, "MADRS (0–60)")
        painter.setPen(QPen(AXIS_COLOR, 1))
        label_width = metrics.horizontalAdvance("00/00/0000") + 16
        slots = max(1, int(rect.width() // label_width))
        days = (span[1] - span[0]).days
        step = max(1, -(-days // slots))
        day = span[0]
        while day <= span[1]:
            x = self.x_of(day, rect, span)
            painter.drawLine(QPointF(x, rect.bottom()), QPointF(x, rect.bottom() + 4))
            painter.drawText(QRectF(x - label_width / 2, rect.bottom() + 6, label_width, 16),
                             Qt.AlignmentFlag.AlignHCenter, day.strftime("%m/%d/%Y"))
            day += timedelta(days=step)

    def _series(self, painter: QPainter, rect: QRectF, span: tuple[date, date],
                points: Sequence[ScorePoint], top: int, color: QColor, square: bool) -> None:
        xy = [QPointF(self.x_of(p.measured_on, rect, span), self.y_of(p.total, top, rect))
              for p in points]
        pen = QPen(color, 2.5)
        if square:
            pen.setStyle(Qt.PenStyle.DashLine)
        path = QPainterPath()
        for i, pt in enumerate(xy):
            path.moveTo(pt) if i == 0 else path.lineTo(pt)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setPen(QPen(color, 1.5))
        painter.setBrush(color)
        seen_response = seen_remission = False
        for p, pt in zip(points, xy, strict=True):
            self.plotted.append(Plotted(p.scale, p.measured_on, p.total, pt.x(), pt.y()))
            if square:
                painter.drawRect(QRectF(pt.x() - 4.5, pt.y() - 4.5, 9, 9))
            else:
                painter.drawEllipse(pt, 5, 5)
            if p.is_baseline:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(pt, 9, 9)
                self._tag(painter, pt, "baseline", color)
                painter.setBrush(color)
            elif not square and p.remission and not seen_remission:
                seen_remission = True
                self._tag(painter, pt, "remission", color)
            elif not square and p.response and not seen_response and not p.remission:
                seen_response = True
                self._tag(painter, pt, "response", color)

    def _tag(self, painter: QPainter, pt: QPointF, text: str, color: QColor) -> None:
        width = painter.fontMetrics().horizontalAdvance(text) + 8
        box = QRectF(pt.x() - width / 2, pt.y() - 30, width, 17)
        low = pt.y() > self.plot_rect().top() + self.plot_rect().height() * 0.7
        if box.top() < TOP or (low and pt.y() + 30 < self.plot_rect().bottom()):
            box.moveTop(pt.y() + 13)  # low points (remission) are labelled underneath
        box.moveLeft(max(2, min(self.width() - width - 2, box.left())))
        painter.save()
        painter.setPen(QPen(color, 1))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRoundedRect(box, 3, 3)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def _legend(self, painter: QPainter, rect: QRectF) -> None:
        x = rect.left() + 120
        y = 15
        painter.setPen(QPen(PHQ9_COLOR, 2.5))
        painter.drawLine(QPointF(x, y), QPointF(x + 22, y))
        painter.setBrush(PHQ9_COLOR)
        painter.drawEllipse(QPointF(x + 11, y), 4, 4)
        painter.setPen(AXIS_COLOR)
        painter.drawText(QPointF(x + 28, y + 5), "PHQ-9 (bands shaded)")
        if self.show_madrs and self.madrs:
            x += 190
            pen = QPen(MADRS_COLOR, 2.5)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(x, y), QPointF(x + 22, y))
            painter.setBrush(MADRS_COLOR)
            painter.drawRect(QRectF(x + 7, y - 4, 8, 8))
            painter.setPen(AXIS_COLOR)
            painter.drawText(QPointF(x + 28, y + 5), "MADRS (right axis)")
