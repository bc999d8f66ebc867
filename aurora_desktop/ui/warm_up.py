"""Work done while the user types their password, so that Sign in opens the window sooner."""

from __future__ import annotations

import gc
import importlib

# The main window and the pages a sign-in usually lands on (the schedule for the front desk,
# the floor board for nurses). Other pages load when first visited.
MAIN_WINDOW_MODULES = (
    "aurora_desktop.ui.main_window",
    "aurora_desktop.ui.schedule.schedule_page",
    "aurora_desktop.ui.floor.floor_page",
)


def warm_up_main_window() -> None:
    """Import the main window's modules (~100 ms on a clinic PC) ahead of the sign-in, render
    the calendars' common glyphs into Qt's glyph cache (`warm_calendar_glyphs`), then settle
    the objects that live as long as the process (`settle_long_lived_objects`).

    Imports and a fixed character list only: nothing is built and nothing is read, so no
    patient information exists in the process before someone has signed in.
    """
    for name in MAIN_WINDOW_MODULES:
        importlib.import_module(name)
    from PySide6.QtGui import QGuiApplication

    from aurora_desktop.ui.schedule.paint_kit import warm_calendar_glyphs

    if QGuiApplication.instance() is not None:
        warm_calendar_glyphs(QGuiApplication.font())
    settle_long_lived_objects()


def settle_long_lived_objects() -> None:
    """Collect garbage once, then move every object alive now - modules, the ORM's mappers,
    the services, Qt's wrappers - out of the cyclic garbage collector's reach (`gc.freeze`).
    They stay for the whole session anyway; walking them made each full collection, every
    few dozen screens, stall the GUI for 100-150 ms (the day view's "max" in the benchmarks).
    Objects made later (screens, read models) are collected as before."""
    gc.collect()
    gc.freeze()
