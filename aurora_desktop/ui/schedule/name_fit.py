"""Fitting patient names to a card's width: the full name, "Last, F." or elided, measured
only when a cheap bound cannot tell."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QFontMetricsF


class NameFitter:
    """`fit_name` that skips measuring (shaping) a name when the sum of its characters'
    advances (each measured once) settles it: clearly narrower than the width (kerning can
    widen a line by at most SLACK), or clearly wider (kerning and ligatures narrow it by less
    than TIGHTEST a character). ~1 us instead of ~7 us a name; a name is then shaped once,
    when it is drawn."""

    SLACK = 3.0  # px a line can come out wider than its characters' sum
    TIGHTEST = 1.0  # px a character can come out narrower (kerning pairs: ~0.6 px at most)
    ELSEWHERE = float("inf")  # the advance noted for a character the font does not have

    def __init__(self, fm: QFontMetrics, fm_exact: QFontMetricsF) -> None:
        self.fm, self._exact = fm, fm_exact
        self._advances: dict[str, float] = {}
        self._advance = self._advances.__getitem__

    def _sum(self, text: str) -> float:
        """The sum of the advances of *text*'s characters (inf: one is not in the font)."""
        try:
            return sum(map(self._advance, text))  # (in C: ~1/4 of a Python loop)
        except KeyError:
            for char in text:
                if char not in self._advances:
                    # (inFontUcs4: PySide6's inFont(str) answers False for every non-ASCII
                    # character, which sent every accented name to be measured)
                    self._advances[char] = (self._exact.horizontalAdvance(char)
                                            if self.fm.inFontUcs4(ord(char)) else self.ELSEWHERE)
            return sum(map(self._advance, text))

    def fits(self, name: str, width: float) -> bool:
        """Whether *name* clearly fits on one line *width* wide, in the font's own glyphs (a
        character drawn from a fallback font may make the line taller: never "clearly")."""
        return self._sum(name) + self.SLACK <= width

    def fit(self, name: str, width: int) -> str:
        total = self._sum(name)
        if total + self.SLACK <= width:
            return name
        if total == self.ELSEWHERE or total - self.TIGHTEST * len(name) <= width:
            return fit_name(self.fm, name, width)  # too close to tell: measured
        short = short_name(name)  # the full name is clearly too wide
        if self._sum(short) + self.SLACK <= width:
            return short
        return fit_name(self.fm, short, width)  # (the short form: kept or elided)


def short_name(name: str) -> str:
    """"Last, F." of "Last, First"; the last name alone if there is no first name."""
    last, _, first = name.partition(", ")
    return f"{last}, {first[:1]}." if first else last


def fit_name(fm: QFontMetrics, name: str, width: int) -> str:
    """The full name if it fits, else "Last, F.", else the elided last name."""
    if fm.horizontalAdvance(name) <= width:
        return name
    short = short_name(name)
    if fm.horizontalAdvance(short) <= width:
        return short
    return fm.elidedText(short, Qt.TextElideMode.ElideRight, width)
