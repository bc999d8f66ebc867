"""Label contraindication screening: any "yes" blocks dosing; "unknown" needs a prescriber
decision; an item never screened blocks too."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aurora_desktop.domain.enums import Answer, Contraindication

LABELS: dict[Contraindication, str] = {
    Contraindication.ANEURYSMAL_VASCULAR_DISEASE:
        "Aneurysmal vascular disease (aorta, intracranial or peripheral arteries)",
    Contraindication.ARTERIOVENOUS_MALFORMATION: "Arteriovenous malformation",
    Contraindication.INTRACEREBRAL_HEMORRHAGE: "History of intracerebral hemorrhage",
    Contraindication.HYPERSENSITIVITY: "Hypersensitivity to esketamine, ketamine or an excipient",
}


@dataclass(frozen=True)
class ScreeningAnswer:
    answer: Answer
    prescriber_decision: str | None = None


@dataclass(frozen=True)
class ScreeningStatus:
    clear: bool  # dosing may proceed as far as contraindications go
    blocking: tuple[str, ...]  # "yes" answers and items never screened
    needs_decision: tuple[str, ...]  # "unknown" without a prescriber decision
    decided: tuple[str, ...]  # "unknown" with a prescriber decision

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.blocking + self.needs_decision


def screening_status(answers: Mapping[Contraindication, ScreeningAnswer]) -> ScreeningStatus:
    blocking: list[str] = []
    needs: list[str] = []
    decided: list[str] = []
    for item in Contraindication:
        label = LABELS[item]
        entry = answers.get(item)
        if entry is None:
            blocking.append(f"{label}: not screened.")
        elif Answer(entry.answer) is Answer.YES:
            blocking.append(f"{label}: YES — contraindicated, no dose.")
        elif Answer(entry.answer) is Answer.UNKNOWN:
            if entry.prescriber_decision and entry.prescriber_decision.strip():
                decided.append(f"{label}: unknown — prescriber decided: "
                               f"{entry.prescriber_decision.strip()}")
            else:
                needs.append(f"{label}: unknown — needs a prescriber decision.")
    return ScreeningStatus(not blocking and not needs, tuple(blocking), tuple(needs),
                           tuple(decided))
