"""The calendars' batched painting draws exactly what card-by-card painting draws."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetrics,
    QFontMetricsF,
    QImage,
    QPainter,
    QPixmap,
    QStaticText,
)
from PySide6.QtWidgets import QWidget

from aurora_desktop.domain.enums import SessionStatus
from aurora_desktop.services.clinics import ChairView
from aurora_desktop.services.session_queries import SessionRow
from aurora_desktop.ui.schedule.day_blocks import _overlapping, paint_block, paint_blocks
from aurora_desktop.ui.schedule.day_view import GUTTER, DayCalendar, Window
from aurora_desktop.ui.schedule.name_fit import fit_name
from aurora_desktop.ui.schedule.paint_guard import pin_none
from aurora_desktop.ui.schedule.paint_kit import (
    CLOSED_FILL,
    calendar_fonts,
    paint_closed,
    paint_frame,
    paint_frames,
)
from aurora_desktop.ui.schedule.status_style import STYLES


def _painted(draw) -> QImage:  # noqa: ANN001 - draw(painter)
    pixmap = QPixmap(700, 500)
    pixmap.fill(Qt.GlobalColor.white)
    painter = QPainter(pixmap)
    draw(painter)
    painter.end()
    return pixmap.toImage()


def test_batched_frames_match_card_by_card(qapp) -> None:  # noqa: ARG001
    pin_none()
    rng = random.Random(7)
    styles = list(STYLES.values())
    for _ in range(40):
        # a column layout like the views': fractional widths and offsets, 3 px apart
        left, width = rng.uniform(0, 40), rng.uniform(90, 190)
        frames = [(QRectF(left + c * (width + 8), 5 + n * 43.0 + rng.random(), width, 40),
                   rng.choice(styles), rng.random() < 0.1)
                  for c in range(3) for n in range(11)]
        one_by_one = _painted(lambda p, frames=frames: [
            paint_frame(p, rect, style, selected) for rect, style, selected in frames])
        assert _painted(lambda p, frames=frames: paint_frames(p, frames)) == one_by_one


def test_overlapping_blocks_are_detected() -> None:
    apart = [(10, 1, 100, 38), (10, 41, 100, 38), (130, 21, 100, 38)]
    assert not _overlapping(apart)
    assert _overlapping([(10, 1, 100, 38), (10, 30, 100, 38)])


def test_a_name_drawn_at_its_baseline_paints_what_its_layout_does(qapp) -> None:  # noqa: ARG001
    """The week cards draw a name from its string at top + ascent; that puts every glyph where
    a QStaticText laid out at the top (how names were drawn before) puts it."""
    pin_none()
    plain, _bold = calendar_fonts(QWidget().font())
    fm = QFontMetrics(plain)
    names = ["Li, Sung", "Hernández-Edwards, Björk", "Zimmermann-Abernathy-Featherstonehaugh, B",
             "Nguyễn, Isabella", "O'Brien, Mary-Kate"]
    for name in names:
        for width in (40, 60, 90, 120, 150, 185):
            fitted = fit_name(fm, name, width)
            assert fm.horizontalAdvance(fitted) <= width or fitted.endswith("…"), (name, width)
            drawn = _painted(lambda p, t=fitted: (p.setFont(plain),
                                                  p.drawText(5, 5 + fm.ascent(), t)))
            assert drawn == _painted(lambda p, t=fitted: (p.setFont(plain),
                                                          p.drawStaticText(5, 5, QStaticText(t))))
            assert drawn != _painted(lambda p: None), (name, width)  # (something was drawn)


def _day_block_image(name: str, width: int) -> QImage:
    """A day view of three chairs with one 2.5-hour booking of *name* in the first."""
    zone = ZoneInfo("America/New_York")
    start = datetime(2026, 11, 30, 8, 0, tzinfo=zone)
    end = start + timedelta(hours=2, minutes=30)
    chairs = [ChairView(i, 1, f"Chair {i}", i, True) for i in (1, 2, 3)]
    row = SessionRow(1, 1, 1, "Chair 1", 1, "MRN1", name, start.astimezone(UTC),
                     end.astimezone(UTC), start, end, SessionStatus.SCHEDULED, 56, None, 1)
    view = DayCalendar()
    view.resize(width, 300)
    view.set_data(start.date(), chairs, [row], Window(8 * 60, 12 * 60), None)
    image = view.grab().toImage()
    view.deleteLater()
    return image


def _inner_width(view_width: int) -> int:
    """The width of a day block's text in a three-chair view *view_width* wide: the column
    between its whole-pixel lines, less 3 px each side and the text's 8 px / 4 px margins."""
    column = max(118, (view_width - GUTTER) // 3)
    return column - 6 - 12


def test_a_day_name_wrapping_at_the_blocks_width_is_shown_whole(qapp) -> None:  # noqa: ARG001
    """The name's height is what drawing it took: a name a pixel or two too wide for its
    block goes on two lines, both shown (a height measured apart from drawing it, at another
    width, once lost the second line)."""
    pin_none()
    _plain, bold = calendar_fonts(QWidget().font())
    fm = QFontMetricsF(bold)
    found = [(name, width) for name in ("Esposito, Mohammed", "Bell-Jenkins, Hiroshi",
                                        "Papadopoulos, Mei", "Goldberg, Andrés", "Nowak, Grace")
             for width in range(420, 1000)
             if _inner_width(width) < fm.horizontalAdvance(name) <= _inner_width(width) + 2]
    assert found, "no width where a name is just too wide for one line"
    name, width = found[0]
    first_only = name.split()[0]
    assert _day_block_image(name, width) != _day_block_image(first_only, width)


def test_closed_hatching_is_white_then_the_pattern(qapp) -> None:  # noqa: ARG001
    """paint_closed copies an opaque tile: the pixels of white then the hatch brush over the
    same (fractional) rectangle, as the views painted closed days and chairs before."""
    pin_none()
    rng = random.Random(11)
    for _ in range(60):
        rect = QRectF(rng.uniform(0, 400), rng.uniform(0, 200), rng.uniform(20, 250),
                      rng.uniform(20, 280))
        reference = _painted(lambda p, r=rect: (
            p.fillRect(r, QColor("#ffffff")),
            p.fillRect(r, QBrush(QColor(CLOSED_FILL), Qt.BrushStyle.BDiagPattern))))
        assert _painted(lambda p, r=rect: paint_closed(p, r)) == reference, rect


def test_batched_day_blocks_match_block_by_block(qapp) -> None:  # noqa: ARG001
    """Active blocks painted in batches (frames, names by colour, the other lines as stamps)
    paint what each block painted by itself paints, selected or not, at fractional widths."""
    pin_none()
    zone = ZoneInfo("America/New_York")
    chairs = [ChairView(i, 1, f"Chair {i}", i, True) for i in (1, 2, 3)]
    statuses = [SessionStatus.SCHEDULED, SessionStatus.CHECKED_IN, SessionStatus.MONITORING,
                SessionStatus.DISCHARGED]
    rows = []
    for n in range(9):
        start = datetime(2026, 11, 30, 8, 15 * (n % 3), tzinfo=zone) + timedelta(minutes=150 * (n // 3))
        end = start + timedelta(hours=2, minutes=15 if n % 2 else 0)
        rows.append(SessionRow(n + 1, 1, n % 3 + 1, f"Chair {n % 3 + 1}", n, f"MRN{n}",
                               ["Li, Sung", "Hernández-Edwards, Björk", "Nowak, Grace"][n % 3],
                               start.astimezone(UTC), end.astimezone(UTC), start, end,
                               statuses[n % 4], 56 if n % 2 else 84, 56 if n == 4 else None, 1))
    for width in (520, 733, 1001):
        view = DayCalendar()
        view.resize(width, 700)
        view.set_data(rows[0].local_start.date(), chairs, rows, Window(8 * 60, 15 * 60), None)
        view.selected_id = 5
        blocks = [(rect, row, row.id == 5) for rect, row in view._rects]
        assert len(blocks) == 9 and not _overlapping([rect for rect, _r, _s in blocks])
        batched = _painted(lambda p, v=view, b=blocks: paint_blocks(v, p, b))
        one_by_one = _painted(lambda p, v=view, b=blocks: [
            paint_block(v, p, rect, row, selected) for rect, row, selected in b])
        assert batched == one_by_one, width
        assert batched != _painted(lambda p: None)
        assert view.cards.rendered > 0  # (the blocks went through card stamps)
        view.deleteLater()


def test_names_fitted_without_shaping_are_fitted_as_when_measured(qapp) -> None:  # noqa: ARG001
    """NameFitter skips measuring a name whose characters' advances leave room; it must pick
    exactly what fit_name (which measures every name) picks, for names near every width."""
    from aurora_desktop.demo_data.vocab import FEMALE_FIRST, LAST, MALE_FIRST
    from aurora_desktop.ui.schedule.name_fit import NameFitter

    plain, _bold = calendar_fonts(QWidget().font())
    fm = QFontMetrics(plain)
    fitter = NameFitter(fm, QFontMetricsF(plain))
    rng = random.Random(5)
    names = [f"{rng.choice(LAST)}-{rng.choice(LAST)}, {rng.choice(FEMALE_FIRST + MALE_FIRST)}"
             if rng.random() < 0.3 else f"{rng.choice(LAST)}, {rng.choice(FEMALE_FIRST + MALE_FIRST)}"
             for _ in range(300)] + ["AVAWAY, Tyo", "LTÄ WAVE, Yvo", "Nguyễn, Ánh"]
    skipped = 0
    for name in names:
        exact = fm.horizontalAdvance(name)
        # near the name's width (measured), and far below it (the short form or elided,
        # chosen without measuring the full name)
        for width in [*range(exact - 4, exact + 9), *range(max(1, exact - 90), exact - 4, 3)]:
            assert fitter.fit(name, width) == fit_name(fm, name, width), (name, width)
        skipped += fitter.fits(name, exact + 40)  # settled without measuring
    assert skipped == len(names)  # accented names too (é, ö, ễ are in the font)


def test_the_week_keeps_its_height_for_busiest_days_a_few_bookings_apart(qapp) -> None:  # noqa: ARG001
    from aurora_desktop.ui.schedule.week_view import ROWS, WeekCalendar

    zone = ZoneInfo("America/New_York")
    monday = datetime(2026, 11, 30, 8, 0, tzinfo=zone)

    def height_for(busiest: int) -> int:
        rows = [SessionRow(n, 1, 1, "Chair 1", n, f"MRN{n}", "Li, Sung",
                           (monday + timedelta(minutes=n)).astimezone(UTC),
                           (monday + timedelta(minutes=n + 120)).astimezone(UTC),
                           monday + timedelta(minutes=n), monday + timedelta(minutes=n + 120),
                           SessionStatus.SCHEDULED, 56, None, 1) for n in range(busiest)]
        view = WeekCalendar()
        view.set_data(monday.date(), rows, None, set())
        height = view.height()
        view.deleteLater()
        return height

    assert height_for(1) == height_for(ROWS) < height_for(ROWS + 1) == height_for(2 * ROWS)
    assert height_for(ROWS + 1) - height_for(ROWS) == ROWS * 43  # a step of ROWS cards
