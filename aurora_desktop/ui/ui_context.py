"""What every screen receives: services, the event hub, dialogs, and the signed-in actor."""

from __future__ import annotations

from dataclasses import dataclass, field

from aurora_desktop.services.actor import Actor
from aurora_desktop.services.container import Services
from aurora_desktop.settings import Settings
from aurora_desktop.ui.dialog_service import DialogService
from aurora_desktop.ui.events import EventHub


@dataclass
class UiContext:
    services: Services
    settings: Settings
    events: EventHub
    dialogs: DialogService = field(default_factory=DialogService)
    actor: Actor | None = None
    clinic_id: int | None = None

    @property
    def clock(self):  # noqa: ANN201 - Clock
        return self.services.ctx.clock

    def require_actor(self) -> Actor:
        if self.actor is None:
            raise RuntimeError("no user is signed in")
        return self.actor
