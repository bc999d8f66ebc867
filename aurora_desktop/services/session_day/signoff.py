"""Nurse signature, prescriber co-signature (the record becomes read-only) and amendments."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from aurora_desktop.db.models import Amendment, Signature
from aurora_desktop.domain.enums import SessionStatus, SignatureRole
from aurora_desktop.domain.errors import Conflict, RuleViolation
from aurora_desktop.services.actor import Actor
from aurora_desktop.services.context import BaseService
from aurora_desktop.services.permissions import Op, requires
from aurora_desktop.services.session_day._common import clean_text, load_session, require_status

NURSE_MEANING = "Observed the administration and monitoring; the record is complete and accurate"
PRESCRIBER_MEANING = "Reviewed and co-signed the session record as supervising prescriber"


class SignoffService(BaseService):
    def _signatures(self, session: Session, session_id: int) -> dict[SignatureRole, Signature]:
        rows = session.scalars(select(Signature).where(Signature.session_id == session_id))
        return {SignatureRole(row.role): row for row in rows}

    @requires(Op.SIGN_AS_NURSE)
    def sign_as_nurse(self, actor: Actor, session_id: int) -> int:
        """The nurse signs a discharged session; from now on it is read-only."""

        def work(session: Session) -> int:
            ts = load_session(session, session_id, for_update=True)
            require_status(ts, {SessionStatus.DISCHARGED}, "sign the session")
            if SignatureRole.NURSE in self._signatures(session, ts.id):
                raise Conflict("the nurse has already signed this session")
            sig = Signature(session_id=ts.id, role=SignatureRole.NURSE, signer_id=actor.staff_id,
                            signed_at=self.now(), meaning=NURSE_MEANING)
            session.add(sig)
            session.flush()
            self.audit(session, actor, "sign", "treatment_session", ts.id, patient_id=ts.patient_id,
                       details={"role": "nurse", "signature_id": sig.id})
            return sig.id

        return self.write(work, "session")

    @requires(Op.SIGN_AS_PRESCRIBER)
    def sign_as_prescriber(self, actor: Actor, session_id: int) -> int:
        """The prescriber co-signs after the nurse (a different person)."""

        def work(session: Session) -> int:
            ts = load_session(session, session_id, for_update=True)
            signatures = self._signatures(session, ts.id)
            reasons = []
            if SignatureRole.NURSE not in signatures:
                reasons.append("the nurse has not signed yet")
            elif signatures[SignatureRole.NURSE].signer_id == actor.staff_id:
                reasons.append("the co-signature must come from a different person than the nurse")
            if SignatureRole.PRESCRIBER in signatures:
                reasons.append("the prescriber has already co-signed")
            if reasons:
                raise RuleViolation(reasons)
            sig = Signature(session_id=ts.id, role=SignatureRole.PRESCRIBER, signer_id=actor.staff_id,
                            signed_at=self.now(), meaning=PRESCRIBER_MEANING)
            session.add(sig)
            session.flush()
            self.audit(session, actor, "cosign", "treatment_session", ts.id, patient_id=ts.patient_id,
                       details={"role": "prescriber", "signature_id": sig.id})
            return sig.id

        return self.write(work, "session")

    @requires(Op.AMEND_SESSION)
    def amend(self, actor: Actor, session_id: int, *, what: str, new_value: str, reason: str,
              old_value: str = "", entity: str = "treatment_session", entity_id: int | None = None) -> int:
        """A correction to a signed record: what, old and new value, why, who and when."""
        what = clean_text(what, "what is corrected", 60)
        new_value = clean_text(new_value, "corrected value", 2000)
        reason = clean_text(reason, "reason for the correction", 2000)
        old_value = clean_text(old_value, "original value", 2000, required=False)

        def work(session: Session) -> int:
            ts = load_session(session, session_id)
            if not self._signatures(session, ts.id):
                raise Conflict("the session is not signed yet: correct the entry directly")
            row = Amendment(session_id=ts.id, entity=entity[:60], entity_id=entity_id, field=what,
                            old_value=old_value, new_value=new_value, reason=reason,
                            amended_by_id=actor.staff_id, amended_at=self.now())
            session.add(row)
            session.flush()
            self.audit(session, actor, "amend", "treatment_session", ts.id, patient_id=ts.patient_id,
                       details={"amendment_id": row.id, "field": what, "old": old_value,
                                "new": new_value, "reason": reason})
            return row.id

        return self.write(work, "session")
