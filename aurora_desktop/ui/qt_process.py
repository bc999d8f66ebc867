"""Process-wide Qt settings, applied before the QApplication exists (app, benchmarks, tests)."""

from __future__ import annotations

import os

# Qt 6's raster paint engine hands every fill of 96 or more spans (a Fusion scroll bar's
# gradient, a hatched closed day, a clipped copy) to its GUI thread pool, in pieces of 64
# lines, and waits for them. On the clinics' 2-core PCs the hand-off costs more than the
# fill: the week view's scroll bar repainted in 1.6-2.0 ms with the pool, 0.3 ms without.
# Qt reads the variable once, when the pool is first wanted; any value switches it off.
NO_GUI_THREADPOOL = "QT_NO_GUI_THREADPOOL"


def prepare_qt_process() -> None:
    """Paint on the GUI thread only (see above). A value already set is left as it is."""
    os.environ.setdefault(NO_GUI_THREADPOOL, "1")
