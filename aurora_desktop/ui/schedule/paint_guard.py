"""Work around a PySide6 6.12 refcount bug: QPainter calls release one reference to None.

On CPython 3.11 (None is not immortal before 3.12) every `QPainter.fillRect/drawRect/
setPen/...` call made from Python drops None's reference count by one; a calendar paints a
few hundred of them per frame, so after some minutes of scrolling and auto-refresh None's
count reaches zero and the interpreter aborts ("Fatal Python error: none_dealloc").
`tests/ui/test_schedule_page.py` measures the leak. The guard gives None the same
effectively-immortal reference count CPython 3.12 gives it; it is a no-op elsewhere.

True and False get the same (11/28/2026): the same PySide6 keeps a reference to one of them
it never took somewhere in the calendars' painting or teardown, and at interpreter exit,
when everything is released, the count went below zero ("Fatal Python error: bool_dealloc";
four of the schedule's test files run together aborted at exit every time, with the pin
they pass).
"""

from __future__ import annotations

import ctypes
import sys

_IMMORTAL = 1 << 40


def pin_none() -> None:
    """Make the reference counts of None, True and False unreachable for the leak
    (idempotent)."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt: the first field
        if refcount.value < _IMMORTAL:
            refcount.value += _IMMORTAL
