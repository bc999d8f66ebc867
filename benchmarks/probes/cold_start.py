"""Probe run in a fresh process: prints when the first top-level window has painted.

`bare`: a bare PySide6 window (the floor). `app`: the real `aurora_desktop.app.main` start-up:
prints when its first window (the sign-in window) paints, and when that window is ready
(database opened, migrations checked, services built: the Sign in button enabled).
"""

from __future__ import annotations

import json
import os
import sys
import time


def main() -> None:
    mode = sys.argv[1]
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    seen: dict[str, object] = {}

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: ANN001, ANN201, N802
            kind = event.type()
            if kind == QEvent.Type.Paint and "painted" not in seen and isinstance(obj, QWidget) \
                    and obj.isWindow():
                seen.update(painted=time.time(), window=type(obj).__name__)
                if mode == "bare":
                    report()
            elif "painted" in seen and (
                    (kind == QEvent.Type.EnabledChange and isinstance(obj, QWidget)
                     and obj.objectName() == "sign_in_button" and obj.isEnabled())
                    or (kind == QEvent.Type.Paint and type(obj).__name__ == "FirstRunDialog")):
                seen["ready"] = time.time()
                report()
            return False

    def report() -> None:
        print(json.dumps(seen), flush=True)
        os._exit(0)

    if mode != "bare":
        # what aurora_app.main does first (the probe makes the QApplication, to watch it paint)
        from aurora_desktop.ui.qt_process import prepare_qt_process

        prepare_qt_process()
    app = QApplication(sys.argv[:1])
    watcher = FirstPaint()
    app.installEventFilter(watcher)
    if mode == "bare":
        window = QWidget()
        window.resize(480, 320)
        window.setWindowTitle("bare")
        window.show()
        app.exec()
        return
    from aurora_desktop import app as aurora_app

    aurora_app.main(sys.argv[2:])


if __name__ == "__main__":
    main()
