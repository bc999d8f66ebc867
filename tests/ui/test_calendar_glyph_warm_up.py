"""Warming the calendars' glyph cache ahead of sign-in changes no pixel the calendars draw."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication

from aurora_desktop.ui.schedule.paint_guard import pin_none
from aurora_desktop.ui.schedule.paint_kit import (
    CALENDAR_CHARACTERS,
    calendar_fonts,
    warm_calendar_glyphs,
)


def _drawn(font: QFont, text: str) -> QImage:
    image = QImage(360, 30, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("#1f2937"))
    painter.drawText(QPointF(3.0, 20.0), text)
    painter.end()
    return image


def test_warming_the_glyph_cache_changes_no_pixel(qapp: QApplication) -> None:  # noqa: ARG001
    pin_none()
    fonts = calendar_fonts(QApplication.font())
    text = "Ærøskøbing, Łucja 9:30 AM"
    assert set(text) <= set(CALENDAR_CHARACTERS)
    before = [_drawn(font, text) for font in fonts]
    warm_calendar_glyphs(QApplication.font())
    assert [_drawn(font, text) for font in fonts] == before
