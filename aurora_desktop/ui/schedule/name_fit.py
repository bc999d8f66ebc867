"""Fitting patient names to a card's width: the full name, "Last, F." or elided, measured
only when a cheap bound cannot tell."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QFontMetricsF


class NameFitter:
    """`fit_name` that skips measuring (shaping) a name clearly narrower than the width: the
    sum of its characters' advances, each measured once, plus room for kerning (~2 us
    instead of ~7 us; a name is then shaped once, when it is drawn)."""

    SLACK = 3.0  # px: kerning between the characters, which their sum leaves out
    ELSEWHERE = float("inf")  # the advance noted for a character the font does not have

    def __init__(self, fm: QFontMetrics, fm_exact: QFontMetricsF) -> None:
        self.fm, self._exact = fm, fm_exact
        self._advances: dict[str, float] = {}

    def fits(self, name: str, width: float) -> bool:
        """Whether *name* clearly fits on one line *width* wide, in the font's own glyphs (a
        character drawn from a fallback font may make the line taller: never "clearly")."""
        advances, total = self._advances, self.SLACK
        for char in name:
            found = advances.get(char)
            if found is None:
                found = advances[char] = (self._exact.horizontalAdvance(char)
                                          if self.fm.inFont(char) else self.ELSEWHERE)
            total += found
        return total <= width

    def fit(self, name: str, width: int) -> str:
        return name if self.fits(name, width) else fit_name(self.fm, name, width)


def fit_name(fm: QFontMetrics, name: str, width: int) -> str:
    """The full name if it fits, else "Last, F.", else the elided last name."""
    if fm.horizontalAdvance(name) <= width:
        return name
    last, _, first = name.partition(", ")
    short = f"{last}, {first[:1]}." if first else last
    if fm.horizontalAdvance(short) <= width:
        return short
    return fm.elidedText(short, Qt.TextElideMode.ElideRight, width)
