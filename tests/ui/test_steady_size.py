"""The Schedule header's steady-size labels: a new day's text repaints them without a layout
pass over the page, a longer text widens the label (never clipped), a font change refits."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QWidget

from aurora_desktop.ui.widgets.steady_size import SPARE, SteadyLabel


class _LayoutRequests(QObject):
    """Counts the layout passes a widget is asked for."""

    def __init__(self, watched: QWidget) -> None:
        super().__init__()
        self.count = 0
        watched.installEventFilter(self)

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def _bar(*widgets: QWidget) -> QWidget:
    bar = QWidget()
    layout = QHBoxLayout(bar)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    bar.resize(900, 40)
    bar.show()
    QApplication.processEvents()
    return bar


def test_new_texts_ask_for_no_layout_pass(qapp: QApplication) -> None:  # noqa: ARG001
    title = SteadyLabel("WP · Wednesday 11/18/2026")
    bar = _bar(title)
    requests = _LayoutRequests(bar)
    fits = []
    title._fit = lambda shrink, fit=title._fit: (fits.append(shrink), fit(shrink))
    for day in range(1, 20):
        title.setText(f"WP · Friday 11/{day:02d}/2026")
        title.setText(f"WP · Wednesday 11/{day:02d}/2026")  # the widest it has shown
        QApplication.processEvents()
    assert requests.count == 0
    assert fits == []  # no text asked for a size hint (~16 us): each fitted the width held
    plain = QLabel("WP · Thursday 11/19/2026")  # what a QLabel does (the reason for SteadyLabel)
    plain_bar = _bar(plain)
    plain_requests = _LayoutRequests(plain_bar)
    plain.setText("WP · Friday 11/20/2026")
    QApplication.processEvents()
    assert plain_requests.count == 1
    for widget in (bar, plain_bar):
        widget.deleteLater()


def test_a_longer_text_widens_the_label_and_a_shorter_one_keeps_its_width(
        qapp: QApplication) -> None:  # noqa: ARG001
    label = SteadyLabel("WP · Friday 11/20/2026")
    bar = _bar(label)
    short_width = label.width()
    label.setText("WP · week of 11/16/2026 – 11/22/2026")
    QApplication.processEvents()
    assert label.width() == label._text_size().width() + SPARE > short_width  # shown whole
    wide = label.width()
    label.setText("Schedule")
    QApplication.processEvents()
    assert label.width() == wide  # nothing to its right jumps from day to day
    bar.deleteLater()


def test_a_font_change_refits_the_label(qapp: QApplication) -> None:  # noqa: ARG001
    label = SteadyLabel("Aurora Wellness White Plains: 31 booked")
    bar = _bar(label)
    small = label.size()
    big = QFont(label.font())
    big.setPointSizeF(big.pointSizeF() * 2)
    label.setFont(big)
    QApplication.processEvents()
    assert label.width() == label._text_size().width() + SPARE
    assert label.height() == label.sizeHint().height()
    assert label.width() > small.width() and label.height() > small.height()
    bar.deleteLater()


def test_dates_are_measured_by_their_shape_when_the_digits_are_tabular(
        qapp: QApplication) -> None:  # noqa: ARG001
    label = SteadyLabel("WP · Thursday 11/19/2026")
    bar = _bar(label)
    metrics = label.fontMetrics()
    tabular = len({metrics.horizontalAdvance(d) for d in "0123456789"}) == 1
    assert label._same_digits == tabular
    for day in range(1, 29):
        label.setText(f"WP · Thursday 02/{day:02d}/2027")
        assert label._advance(label.text()) == metrics.horizontalAdvance(label.text())
        assert label.width() >= label._text_size().width()  # never clipped
    assert len(label._advances) == (1 if tabular else 28)
    label._same_digits = False  # a font with proportional digits: every text measured
    label._advances.clear()
    label.setText("WP · Thursday 02/11/2027")
    label.setText("WP · Thursday 02/12/2027")
    assert set(label._advances) == {"WP · Thursday 02/11/2027", "WP · Thursday 02/12/2027"}
    bar.deleteLater()


def test_the_text_size_is_what_a_free_qlabel_asks_for(qapp: QApplication) -> None:  # noqa: ARG001
    """SteadyLabel computes its text's size itself (a QLabel's size hint is never narrower than
    its minimum width); it is what a QLabel of the same font and text asks for."""
    big = QFont(QApplication.font())
    big.setPointSizeF(14)
    big.setWeight(QFont.Weight.DemiBold)
    for font in (QApplication.font(), big):
        for text in ("WP · Wednesday 12/30/2026", "WP · week of 11/16/2026 – 11/22/2026",
                     "Aurora Wellness Brooklyn: no bookings yet — Ctrl+N to book", "Schedule",
                     "Ærøskøbing, Łucja"):
            steady, plain = SteadyLabel(text), QLabel(text)
            steady.setFont(font)
            plain.setFont(font)
            assert steady._text_size() == plain.sizeHint(), text
            assert steady.width() == plain.sizeHint().width() + SPARE


def test_refit_narrows_to_the_current_text(qapp: QApplication) -> None:  # noqa: ARG001
    label = SteadyLabel("WP · Monday 11/30/2026")
    bar = _bar(label)
    day_width = label.width()
    label.setText("WP · week of 11/30/2026 – 12/06/2026")
    label.refit()
    label.sizeHint()  # (Qt's own hint, widened to the minimum width, is not what refit uses)
    label.setText("WP · Monday 11/30/2026")
    label.sizeHint()
    label.refit()
    assert label.width() == day_width
    bar.deleteLater()
