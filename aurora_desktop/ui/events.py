"""The typed event hub: services' callers announce changes, screens subscribe and refresh."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class EventHub(QObject):
    clinic_changed = Signal(int)  # clinic id
    sessions_changed = Signal()
    patient_changed = Signal(int)  # patient id
    user_changed = Signal()
    staff_changed = Signal()
    status_message = Signal(str)
