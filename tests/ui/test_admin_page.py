"""Administration page: users (add, unlock, reset, deactivate), break-glass review, audit viewer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from aurora_desktop.domain.enums import Role
from aurora_desktop.services.container import Services
from aurora_desktop.settings import resolve
from aurora_desktop.ui.admin.admin_page import AdminPage
from aurora_desktop.ui.admin.audit_tab import AuditTab
from aurora_desktop.ui.admin.table_models import ROW_ROLE, AuditTableModel, UsersTableModel
from aurora_desktop.ui.events import EventHub
from aurora_desktop.ui.ui_context import UiContext

PW = "correct horse battery"


class FakeDialogs:
    def __init__(self) -> None:
        self.answers: list[str | None] = []
        self.messages: list[tuple[str, str]] = []
        self.save_path: str | None = None

    def info(self, parent, title, text) -> None:  # noqa: ANN001
        self.messages.append((title, text))

    def error(self, parent, title, text) -> None:  # noqa: ANN001
        self.messages.append((title, text))

    def confirm(self, parent, title, text) -> bool:  # noqa: ANN001
        return True

    def ask_text(self, parent, title, label):  # noqa: ANN001, ANN201
        return self.answers.pop(0) if self.answers else None

    def save_file(self, parent, title, suggested, filter_):  # noqa: ANN001, ANN201
        return self.save_path


def _ui(services: Services, actor, tmp_path: Path) -> UiContext:  # noqa: ANN001
    settings = resolve(database_url=services.ctx.db.url, data_dir=tmp_path)
    return UiContext(services=services, settings=settings, events=EventHub(), actor=actor,
                     dialogs=FakeDialogs(), clinic_id=services.clinics.list_clinics()[0].id)


def _status_of(tab, username: str) -> str:  # noqa: ANN001
    model = tab.model
    for row, user in enumerate(model.rows):
        if user.username == username:
            return model.index(row, UsersTableModel.COL_STATUS).data()
    raise KeyError(username)


def test_non_admin_sees_an_explanation(qtbot, sqlite_services: Services, sqlite_staff, tmp_path) -> None:  # noqa: ANN001
    page = AdminPage(_ui(sqlite_services, sqlite_staff.nurse, tmp_path))
    qtbot.addWidget(page)
    assert page.tabs is None


def test_users_tab_add_unlock_reset_deactivate(qtbot, sqlite_services: Services, sqlite_staff,  # noqa: ANN001
                                               tmp_path) -> None:
    page = AdminPage(_ui(sqlite_services, sqlite_staff.admin, tmp_path))
    qtbot.addWidget(page)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "&Users", "&Emergency access", "Audit &trail"]
    users = page.tab_widgets["Users"]

    def fill_add(dialog) -> bool:  # noqa: ANN001
        dialog.username.setText("nina.n")
        dialog.full_name.setText("Nina Nurse")
        dialog.password.setText(PW)
        dialog.repeat.setText(PW)
        assert not dialog.attempt() and "choose at least one" in dialog.error.text()
        dialog.roles.boxes[Role.NURSE].setChecked(True)
        dialog.password.setText("short")
        dialog.repeat.setText("short")
        assert not dialog.attempt() and "at least 12 characters" in dialog.error.text()
        dialog.password.setText(PW)
        dialog.repeat.setText(PW)
        return dialog.attempt()

    users.exec_dialog = fill_add
    qtbot.mouseClick(users.buttons["add"], Qt.MouseButton.LeftButton)
    assert users.selected().username == "nina.n" and _status_of(users, "nina.n") == "Active"
    for _ in range(5):
        with pytest.raises(Exception, match="Wrong|locked"):
            sqlite_services.auth.sign_in("nina.n", "wrong password!")
    users.refresh()
    users.select_username("nina.n")
    assert _status_of(users, "nina.n") == "⚠ Locked until 9:15 AM on 12/01/2026"
    assert users.buttons["unlock"].isEnabled()
    qtbot.mouseClick(users.buttons["unlock"], Qt.MouseButton.LeftButton)
    assert _status_of(users, "nina.n") == "Active" and not users.buttons["unlock"].isEnabled()

    def fill_reset(dialog) -> bool:  # noqa: ANN001
        dialog.password.setText("temporary pass 22")
        dialog.repeat.setText("temporary pass 22")
        return dialog.attempt()

    users.exec_dialog = fill_reset
    users.reset_password()
    assert users.selected().must_change_password
    qtbot.mouseClick(users.buttons["deactivate"], Qt.MouseButton.LeftButton)
    assert _status_of(users, "nina.n") == "Deactivated" and users.buttons["reactivate"].isEnabled()


def test_break_glass_review_and_audit_paging(qtbot, qtmodeltester, sqlite_services: Services,  # noqa: ANN001
                                             sqlite_staff, tmp_path) -> None:
    auth = sqlite_services.auth
    auth.end_break_glass(auth.start_break_glass(sqlite_staff.nurse, "prescriber unreachable, BP high"))
    ui = _ui(sqlite_services, sqlite_staff.admin, tmp_path)
    page = AdminPage(ui)
    qtbot.addWidget(page)
    glass = page.tab_widgets["Emergency access"]
    assert glass.summary.text() == "1 grants · 1 waiting for review"
    glass.grants_table.selectRow(0)
    assert [r.action for r in glass.actions.rows] == ["break_glass_start", "break_glass_end"]
    ui.dialogs.answers.append("Reviewed with the prescriber: appropriate.")
    qtbot.mouseClick(glass.review_button, Qt.MouseButton.LeftButton)
    assert glass.summary.text() == "1 grants · 0 waiting for review"

    audit = AuditTab(ui, "America/New_York", page_size=2)
    qtbot.addWidget(audit)
    qtmodeltester.check(audit.model)
    seen = [r.id for r in audit.model.rows]
    while audit.older.isEnabled():
        qtbot.mouseClick(audit.older, Qt.MouseButton.LeftButton)
        seen += [r.id for r in audit.model.rows]
    assert seen == sorted(seen, reverse=True) and len(seen) == len(set(seen)) == seen[0]
    assert audit.page_label.text().startswith(f"Page {len(audit._cursors)} ")
    qtbot.mouseClick(audit.newer, Qt.MouseButton.LeftButton)
    assert audit.newer.isEnabled() or len(audit._cursors) == 1
    audit.user.setCurrentIndex(audit.user.findData(sqlite_staff.nurse.staff_id))
    audit.glass_only.setChecked(True)
    audit.apply()
    rows = [audit.model.index(r, 0).data(ROW_ROLE) for r in range(audit.model.rowCount())]
    assert {r.actor_username for r in rows} == {"nurse"} and all(r.break_glass for r in rows)
    assert audit.model.index(0, AuditTableModel.COL_FLAG).data() == "⚠ break glass"
    audit.table.selectRow(0)
    assert audit.details.toPlainText().startswith(f"#{rows[0].id} ")
    audit.verify()
    assert ui.dialogs.messages[-1][0] == "Audit trail intact"
    ui.dialogs.save_path = str(tmp_path / "audit.csv")
    audit.export()
    assert (tmp_path / "audit.csv").read_text(encoding="utf-8").startswith("id,occurred_at_utc")


def test_admin_page_registered_in_main_window_pages() -> None:
    from aurora_desktop.ui.pages import default_pages

    page = next(p for p in default_pages() if p.key == "admin")
    assert page.factory.__name__ == "_admin_page"
