"""Probe run in a fresh process: prints when the first top-level window has painted.

`bare`: a bare PySide6 window (the floor). `app`: the real `aurora_desktop.app.main` start-up
(settings, database, migrations check, services, first window) until its first window paints.
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

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: ANN001, ANN201, N802
            if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and obj.isWindow():
                print(json.dumps({"painted": time.time(), "window": type(obj).__name__}), flush=True)
                os._exit(0)
            return False

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
