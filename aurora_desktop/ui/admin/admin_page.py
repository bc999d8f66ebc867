"""The Administration page: one tab per area the signed-in user may administer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from aurora_desktop.services.permissions import Op, allowed
from aurora_desktop.ui.admin.audit_tab import AuditTab
from aurora_desktop.ui.admin.break_glass_tab import BreakGlassTab
from aurora_desktop.ui.admin.users_tab import UsersTab
from aurora_desktop.ui.ui_context import UiContext
from aurora_desktop.ui.widgets.empty_state import EmptyState

DEFAULT_TIME_ZONE = "America/New_York"


@dataclass(frozen=True)
class AdminTab:
    title: str
    op: Op
    factory: Callable[[UiContext, str], QWidget]


# Other areas (clinics, chairs, roster, lots) append their tabs here.
ADMIN_TABS: list[AdminTab] = [
    AdminTab("&Users", Op.MANAGE_USERS, lambda ui, tz: UsersTab(ui, tz)),
    AdminTab("&Emergency access", Op.REVIEW_BREAK_GLASS, lambda ui, tz: BreakGlassTab(ui, tz)),
    AdminTab("Audit &trail", Op.READ_AUDIT, lambda ui, tz: AuditTab(ui, tz)),
]


def clinic_time_zone(ui: UiContext) -> str:
    for clinic in ui.services.clinics.list_clinics():
        if clinic.id == ui.clinic_id:
            return clinic.time_zone
    return DEFAULT_TIME_ZONE


class AdminPage(QWidget):
    """Tabs are built for what the user may do; others see an explanation instead."""

    def __init__(self, ui: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("admin_page")
        self.ui = ui
        layout = QVBoxLayout(self)
        actor = ui.actor
        tabs = [t for t in ADMIN_TABS if actor is not None and allowed(actor, t.op)]
        if not tabs:
            layout.addWidget(EmptyState(
                "Administration",
                "Users, clinics, chairs, emergency-access review and the audit trail are for "
                "administrators. Ask an administrator if you need something changed."))
            self.tabs = None
            return
        self.tabs = QTabWidget()
        self.tabs.setObjectName("admin_tabs")
        zone = clinic_time_zone(ui)
        self.tab_widgets: dict[str, QWidget] = {}
        for tab in tabs:
            widget = tab.factory(ui, zone)
            self.tab_widgets[tab.title.replace("&", "")] = widget
            self.tabs.addTab(widget, tab.title)
        layout.addWidget(self.tabs)
