"""Work done while the user types their password, so that Sign in opens the window sooner."""

from __future__ import annotations

import importlib

# The main window and the pages a sign-in usually lands on (the schedule for the front desk,
# the floor board for nurses). Other pages load when first visited.
MAIN_WINDOW_MODULES = (
    "aurora_desktop.ui.main_window",
    "aurora_desktop.ui.schedule.schedule_page",
    "aurora_desktop.ui.floor.floor_page",
)


def warm_up_main_window() -> None:
    """Import the main window's modules (~100 ms on a clinic PC) ahead of the sign-in.

    Imports only: nothing is built and nothing is read, so no patient information exists in
    the process before someone has signed in.
    """
    for name in MAIN_WINDOW_MODULES:
        importlib.import_module(name)
