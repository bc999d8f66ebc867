"""Card texts copied from stamps paint what drawing the texts paints (ui/schedule/text_stamps)."""

from __future__ import annotations

from PySide6.QtGui import QImage, QPainter, QStaticText
from PySide6.QtWidgets import QWidget

from aurora_desktop.ui.schedule.card_cache import TextCache
from aurora_desktop.ui.schedule.paint_guard import pin_none
from aurora_desktop.ui.schedule.paint_kit import calendar_fonts, color, pen
from aurora_desktop.ui.schedule.status_style import STYLES
from aurora_desktop.ui.schedule.text_stamps import TextStamps

# what the calendars stamp: times and chairs, spans, doses, statuses, the status icons alone;
# descenders, accents and symbols from fallback fonts
TEXTS = ["8:00 AM · Ch 3", "10:15–12:30 PM", "56 mg planned", "dose not set", "Wg jy Ö",
         *(f"{s.icon} {s.label}" for s in STYLES.values()), *(s.icon for s in STYLES.values())]


def _canvas(fill: str, border: str, dpr: float) -> tuple[QImage, QPainter]:
    image = QImage(int(220 * dpr), int(40 * dpr), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(dpr)
    image.fill(color(fill))
    painter = QPainter(image)
    painter.fillRect(0, 0, 12, 40, color(border))  # another colour under part of the text
    return image, painter


def _largest_difference(a: QImage, b: QImage) -> int:
    if a == b:
        return 0
    raw_a, raw_b = bytes(a.constBits()), bytes(b.constBits())
    return max(abs(x - y) for x, y in zip(raw_a, raw_b, strict=True))


def test_a_stamp_paints_what_drawing_the_text_paints(qapp) -> None:  # noqa: ARG001
    pin_none()
    plain, bold = calendar_fonts(QWidget().font())
    stamps = TextStamps()
    worst = 0
    for dpr in (1.0, 2.0):
        for style in STYLES.values():
            for font in (plain, bold):
                for text in TEXTS:
                    drawn, p = _canvas(style.fill, style.border, dpr)
                    p.setFont(font)
                    p.setPen(pen(style.text))
                    p.drawStaticText(9, 11, QStaticText(text))
                    p.end()
                    stamped, p = _canvas(style.fill, style.border, dpr)
                    stamps.draw(p, [(style.text, 9, 11, text)], font, font.key(), dpr)
                    p.end()
                    worst = max(worst, _largest_difference(drawn, stamped))
    assert worst <= 1  # (identical here; one level of rounding allowed in a blend)


def test_stamps_are_made_once_per_text_font_and_colour_and_bounded(qapp) -> None:  # noqa: ARG001
    pin_none()
    plain, bold = calendar_fonts(QWidget().font())
    stamps = TextStamps()
    image, p = _canvas("#ffffff", "#ffffff", 1.0)
    items = [("#111111", 5, 5, "9:00 AM · Ch 1"), ("#111111", 5, 20, "9:00 AM · Ch 1"),
             ("#222222", 5, 5, "9:00 AM · Ch 1")]
    stamps.draw(p, items, plain, plain.key(), 1.0)
    stamps.draw(p, items, plain, plain.key(), 1.0)
    assert stamps.rendered == 2 and len(stamps) == 2  # one per colour, whatever the place
    stamps.draw(p, items[:1], bold, bold.key(), 1.0)
    stamps.draw(p, items[:1], plain, plain.key(), 2.0)
    assert stamps.rendered == 4  # another font or pixel ratio is another stamp
    many = [("#111111", 0, 0, f"{n} booked") for n in range(TextCache.LIMIT + 5)]
    stamps.draw(p, many, plain, plain.key(), 1.0)
    p.end()
    assert len(stamps) <= TextCache.LIMIT
