"""The session screen's "Session log PDF…" button: preview, print and save through ReportActions."""

from __future__ import annotations

import os
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from aurora_desktop.db.models import AuditEvent
from aurora_desktop.services.container import Services
from aurora_desktop.settings import resolve
from aurora_desktop.ui.events import EventHub
from aurora_desktop.ui.floor.floor_page import FloorBoardPage
from aurora_desktop.ui.reports.preview_dialog import PreviewDialog
from aurora_desktop.ui.ui_context import UiContext
from tests.support.session_data import build_session
from tests.support.staff import StaffSet
from tests.ui.test_session_day_ui import FakeDialogs

SCREENS = Path(os.environ.get("AURORA_SCREENS", "/work/screens/cleanup"))


def test_session_screen_previews_prints_and_saves_its_log(
    qtbot, sqlite_services: Services, sqlite_staff: StaffSet, sqlite_url: str, tmp_path: Path,
) -> None:
    built = build_session(sqlite_services, sqlite_staff)
    target = tmp_path / "session.pdf"

    class Dialogs(FakeDialogs):
        def save_file(self, parent, title: str, suggested: str, filter_: str) -> str:  # noqa: ANN001
            self.suggested = suggested
            return str(target)

    dialogs = Dialogs()
    ui = UiContext(services=sqlite_services, settings=resolve(database_url=sqlite_url,
                                                               data_dir=tmp_path),
                   events=EventHub(), dialogs=dialogs, actor=sqlite_staff.nurse,
                   clinic_id=built.clinic_id)
    page = FloorBoardPage(ui)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.open_session(built.session_id)
    screen = page.session_screen
    assert screen.pdf_button.isEnabled() and screen.pdf_button.isVisible()
    entries = {a.text(): a for a in screen.pdf_menu.actions()}
    assert list(entries) == ["Preview…", "Print…", "Save PDF…"]
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SCREENS / "session-screen-pdf-button.png"))

    entries["Save PDF…"].trigger()
    assert dialogs.suggested == "session-log_2026-11-30_WP_MRN-MRN-100234_S1.pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(target)).pages).split())
    assert "Session Log" in text and "MRN-100234" in text and "152/94 mmHg" in text

    entries["Preview…"].trigger()
    previews = [w for w in QApplication.topLevelWidgets()
                if isinstance(w, PreviewDialog) and w.isVisible()]
    assert len(previews) == 1 and len(previews[0].page_labels) == len(PdfReader(str(target)).pages)
    previews[0].close()

    printed: list[bytes] = []
    screen.reports.print_job = lambda factory, printer=None: printed.append(factory().build())
    entries["Print…"].trigger()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)  # shortcuts need the window
    screen.tabs.setFocus()
    qtbot.keyClick(screen.tabs, "p", modifier=qtbot_ctrl())  # Ctrl+P prints too
    assert len(printed) == 2 and printed[0] == target.read_bytes()
    assert dialogs.errors == []
    with sqlite_services.ctx.db.read() as session:
        audited = session.scalars(select(AuditEvent.action).where(
            AuditEvent.entity == "treatment_session",
            AuditEvent.entity_id == str(built.session_id))).all()
    assert audited[-2:] == ["export", "preview"]


def qtbot_ctrl():  # noqa: ANN201 - Qt.KeyboardModifier
    from PySide6.QtCore import Qt

    return Qt.KeyboardModifier.ControlModifier
