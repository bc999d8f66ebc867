"""TRD definition: >= 2 adequate-dose AND adequate-duration oral antidepressant trials without
adequate response in the current episode; explains why when not met."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aurora_desktop.domain.enums import TrialOutcome

REQUIRED_FAILED_TRIALS = 2
# A trial "without adequate response": no or only partial response. Intolerance or an unknown
# outcome does not count toward the label definition.
FAILED_OUTCOMES = frozenset({TrialOutcome.NO_RESPONSE, TrialOutcome.PARTIAL_RESPONSE})


@dataclass(frozen=True)
class TrialFacts:
    drug: str
    duration_weeks: int
    adequate_dose: bool
    adequate_duration: bool
    current_episode: bool
    outcome: TrialOutcome


@dataclass(frozen=True)
class TrdVerdict:
    met: bool
    qualifying_trials: tuple[str, ...]
    reasons: tuple[str, ...]

    @property
    def summary(self) -> str:
        if self.met:
            return (f"Meets the TRD definition: {len(self.qualifying_trials)} adequate trials "
                    f"without adequate response ({', '.join(self.qualifying_trials)}).")
        return "Does not meet the TRD definition: " + " ".join(self.reasons)


def _why_not(trial: TrialFacts) -> str | None:
    problems = []
    if not trial.current_episode:
        problems.append("not in the current episode")
    if not trial.adequate_dose:
        problems.append("dose not adequate")
    if not trial.adequate_duration:
        problems.append("duration not adequate")
    outcome = TrialOutcome(trial.outcome)
    if outcome is TrialOutcome.RESPONSE:
        problems.append("patient responded")
    elif outcome is TrialOutcome.INTOLERANCE:
        problems.append("stopped for intolerance")
    elif outcome is TrialOutcome.UNKNOWN:
        problems.append("response unknown")
    return ", ".join(problems) if problems else None


def trd_verdict(trials: Sequence[TrialFacts]) -> TrdVerdict:
    """Whether the label TRD definition is met, naming the qualifying trials or why not."""
    qualifying: list[str] = []
    excluded: list[str] = []
    for trial in trials:
        why = _why_not(trial)
        if why is None:
            qualifying.append(trial.drug)
        else:
            excluded.append(f"{trial.drug}: {why}.")
    if len(qualifying) >= REQUIRED_FAILED_TRIALS:
        return TrdVerdict(True, tuple(qualifying), ())
    reasons = [f"{len(qualifying)} of {REQUIRED_FAILED_TRIALS} required adequate-dose and "
               "adequate-duration trials without adequate response in the current episode."]
    if not trials:
        reasons.append("No prior antidepressant trials are recorded.")
    reasons.extend(excluded)
    return TrdVerdict(False, tuple(qualifying), tuple(reasons))
