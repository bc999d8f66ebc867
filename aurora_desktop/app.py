"""The composition root: settings -> logging -> sign-in window -> database -> services -> main window.

The sign-in window paints first, before the database layer (SQLAlchemy, the models, the
services: most of the start-up time) is even imported; its Sign in button works once the
database is open. Keep the imports at the top of this module light for that reason.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from aurora_desktop import __version__, settings
from aurora_desktop.logging_setup import configure_logging

if TYPE_CHECKING:
    from aurora_desktop.services.actor import Actor
    from aurora_desktop.services.container import Services

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aurora-desktop", description="Aurora Desktop")
    parser.add_argument("--version", action="version", version=f"aurora-desktop {__version__}")
    parser.add_argument(
        "--self-test", action="store_true",
        help="check this installation in a temporary folder (offscreen) and exit 0 if it works",
    )
    settings.add_arguments(parser)
    return parser


def create_main_window(  # noqa: ANN201 - MainWindow (Qt imported lazily)
    services: Services, resolved: settings.Settings, actor: Actor | None, qsettings=None  # noqa: ANN001
):
    """Wire the Qt side: event hub, dialogs, UI context and the window."""
    from aurora_desktop.ui.events import EventHub
    from aurora_desktop.ui.main_window import MainWindow
    from aurora_desktop.ui.ui_context import UiContext

    ui = UiContext(services=services, settings=resolved, events=EventHub(), actor=actor)
    return MainWindow(ui, qsettings=qsettings)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test:
        from aurora_desktop import self_test

        return self_test.run()

    from aurora_desktop.ui.qt_process import prepare_qt_process

    prepare_qt_process()  # before Qt paints anything
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(settings.APP_AUTHOR)
    app.setApplicationName(settings.APP_NAME)
    try:
        resolved = settings.from_namespace(args)
    except ValueError as exc:
        QMessageBox.critical(None, "Aurora Desktop cannot start", str(exc))
        return 2
    with contextlib.suppress(OSError):  # an unusable data folder is reported later
        configure_logging(resolved.log_dir)
    from aurora_desktop.ui.auth.sign_in_dialog import SignInDialog
    from aurora_desktop.ui.first_paint import show_painted

    # Paint the sign-in window now; the user can type while the database opens.
    sign_in = SignInDialog(None)
    sign_in.setModal(True)
    show_painted(sign_in)
    from aurora_desktop.startup import StartupError, open_services, start_daily_backup

    try:
        services = open_services(resolved, defer_backup=True)
    except StartupError as exc:
        log.error("start-up failed: %s", type(exc).__name__)
        sign_in.close()
        QMessageBox.critical(None, "Aurora Desktop cannot start", str(exc))
        return 2
    from aurora_desktop.ui.auth.session_controller import SessionController
    from aurora_desktop.ui.dialog_service import DialogService
    from aurora_desktop.ui.error_handler import install_excepthook
    from aurora_desktop.ui.first_paint import AfterFirstPaint

    # A database failure no screen caught (e.g. the server went away): a message, not a traceback.
    install_excepthook(DialogService(), QApplication.activeWindow)

    # The first start of the day backs the database up once the ready sign-in window has painted.
    backup = AfterFirstPaint(app, lambda: start_daily_backup(resolved, services))
    # No patient information is on screen before someone has signed in.
    controller = SessionController(services, lambda actor: create_main_window(services, resolved, actor))
    sign_in.set_auth(services.auth)
    from PySide6.QtCore import QTimer

    from aurora_desktop.ui.warm_up import warm_up_main_window

    QTimer.singleShot(0, warm_up_main_window)  # while the user types their password
    if not controller.start(sign_in=sign_in):
        backup.run_now_if_pending()
        services.ctx.db.dispose()
        return 0
    app.aboutToQuit.connect(controller.shutdown)
    code = app.exec()
    backup.run_now_if_pending()
    services.ctx.db.dispose()
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
