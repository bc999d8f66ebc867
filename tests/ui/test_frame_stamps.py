"""Booking frames copied from stamps paint exactly what filling them paints (frame_stamps)."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from aurora_desktop.ui.schedule import frame_stamps
from aurora_desktop.ui.schedule.frame_stamps import FrameStamps
from aurora_desktop.ui.schedule.paint_guard import pin_none
from aurora_desktop.ui.schedule.paint_kit import color, paint_frame
from aurora_desktop.ui.schedule.status_style import STYLES

# a week card, a day block of 2 h 15 min, a narrow one; at whole pixels and in between
SIZES = [(182, 40), (150, 142), (60, 30)]
PLACES = [(7, 9), (40, 3), (12.5, 9), (7, 9.25)]


def _painted(draw, dpr: float) -> QImage:  # noqa: ANN001 - draw(painter)
    image = QImage(int(260 * dpr), int(200 * dpr), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(dpr)
    image.fill(color("#ff00ff"))  # not white: a stamp covering a pixel too many would show
    painter = QPainter(image)
    draw(painter)
    painter.end()
    return image


def test_a_stamped_frame_paints_what_filling_it_paints(qapp) -> None:  # noqa: ARG001
    pin_none()
    for dpr in (1.0, 2.0, 1.25):
        stamps = FrameStamps()
        for style in STYLES.values():
            for selected in (False, True):
                for w, h in SIZES:
                    for x, y in PLACES:
                        frames = [(x, y, w, h, style, selected)]
                        filled = _painted(lambda p, x=x, y=y, w=w, h=h, s=style, sel=selected:
                                          paint_frame(p, QRectF(x, y, w, h), s, sel), dpr)
                        stamped = _painted(lambda p, f=frames, st=stamps, r=dpr: st.draw(p, f, r), dpr)
                        assert stamped == filled, (style.label, selected, w, h, x, y, dpr)
        if dpr == 1.0:
            assert stamps.rendered == len(STYLES) * 2 * len(SIZES)  # whole pixels: stamped
        elif dpr == 1.25:
            assert stamps.rendered == 0  # a fractional ratio: filled as before


def test_frames_are_stamped_once_per_look_and_size_and_bounded(qapp, monkeypatch) -> None:  # noqa: ARG001
    pin_none()
    style, other = list(STYLES.values())[:2]
    stamps = FrameStamps()
    frames = [(10 + 100 * n, 10, 90, 40, style, False) for n in range(2)]
    image = QImage(300, 100, QImage.Format.Format_RGB32)
    p = QPainter(image)
    stamps.draw(p, frames, 1.0)
    stamps.draw(p, frames, 1.0)
    assert stamps.rendered == 1  # one look and size, wherever it goes
    stamps.draw(p, [(10, 10, 90, 40, other, False), (10, 10, 90, 40, style, True),
                    (10, 10, 91, 40, style, False)], 1.0)
    assert stamps.rendered == 4
    monkeypatch.setattr(frame_stamps, "LIMIT", 5)
    bounded = FrameStamps()
    bounded.draw(p, [(0, 0, 20 + n, 20, style, False) for n in range(12)], 1.0)
    p.end()
    assert bounded.rendered == 12 and len(bounded._cache) <= 5



def test_a_card_stamp_paints_the_frame_then_its_texts(qapp) -> None:  # noqa: ARG001
    """A week card without its name, copied as one stamp, paints what its frame stamp and
    its text stamps paint one after the other (every look, selected or not, 1x and 2x)."""
    from PySide6.QtWidgets import QWidget

    from aurora_desktop.ui.schedule.card_stamps import CardStamps
    from aurora_desktop.ui.schedule.paint_kit import calendar_fonts
    from aurora_desktop.ui.schedule.text_stamps import TextStamps

    pin_none()
    _plain, bold = calendar_fonts(QWidget().font())

    def apart(p: QPainter, card: tuple, frames: FrameStamps, texts: TextStamps,
              dpr: float) -> None:
        x, y, _w, _h, style, _selected, lines = card
        frames.draw(p, [card[:6]], dpr)
        texts.draw(p, [(style.text, x + dx, y + dy, text) for dx, dy, text in lines],
                   bold, "b", dpr)

    for dpr in (1.0, 2.0):
        texts, frames = TextStamps(), FrameStamps()
        cards = CardStamps(texts)
        for style in STYLES.values():
            for selected in (False, True):
                card = (7, 9, 182, 40, style, selected,
                        ((8, 3, "10:30 AM · Ch 8"), (166, 3, style.icon)))
                stamped = _painted(lambda p, c=card, s=cards, r=dpr: s.draw(p, [c], bold, "b", r),
                                   dpr)
                assert stamped == _painted(lambda p, c=card, f=frames, t=texts, r=dpr:
                                           apart(p, c, f, t, r), dpr), (style.label, selected)
                assert stamped != _painted(lambda p, c=card, f=frames, r=dpr:
                                           f.draw(p, [c[:6]], r), dpr)  # (the texts are on it)
        assert cards.rendered == len(STYLES) * 2
