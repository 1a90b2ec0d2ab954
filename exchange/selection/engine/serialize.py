"""JSON-safe dicts for inputs and results, so a committed run can be stored and replayed.

A committed run keeps its inputs, seed, mechanism and result; replaying
`allocate(*inputs_from_dict(d), ...)` must equal `result_from_dict(stored)`. So every value
round-trips exactly: ids become string keys only where JSON forces it, floats are kept as
floats (JSON's shortest repr reads back to the same double), sets become sorted lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from exchange.selection.engine.model import (
    Applicant,
    EngineError,
    Explanation,
    Mechanism,
    PassedOver,
    ProgramSeats,
    Result,
    Stats,
    TieRule,
)

FORMAT = 1


def _check_format(d: Mapping[str, Any], what: str) -> None:
    if d.get("format", FORMAT) != FORMAT:
        raise EngineError(f"These stored {what} use format {d.get('format')!r}; expected {FORMAT}.")


def inputs_to_dict(
    applicants: Sequence[Applicant], programs: Sequence[ProgramSeats]
) -> dict[str, Any]:
    """The allocation inputs as a JSON-safe dict (list order kept)."""
    return {
        "format": FORMAT,
        "applicants": [
            {
                "id": a.id,
                "score": a.score,
                "choices": list(a.choices),
                "eligible": sorted(a.eligible),
                "submitted_at": a.submitted_at,
            }
            for a in applicants
        ],
        "programs": [
            {
                "id": p.id,
                "seats": p.seats,
                "priority": (
                    None
                    if p.priority is None
                    else {str(aid): value for aid, value in p.priority.items()}
                ),
            }
            for p in programs
        ],
    }


def inputs_from_dict(d: Mapping[str, Any]) -> tuple[list[Applicant], list[ProgramSeats]]:
    """Rebuild the inputs written by inputs_to_dict."""
    _check_format(d, "inputs")
    applicants = [
        Applicant(
            id=a["id"],
            score=a["score"],
            choices=tuple(a["choices"]),
            eligible=frozenset(a["eligible"]),
            submitted_at=a.get("submitted_at", 0.0),
        )
        for a in d["applicants"]
    ]
    programs = [
        ProgramSeats(
            id=p["id"],
            seats=p["seats"],
            priority=(
                None
                if p.get("priority") is None
                else {int(aid): value for aid, value in p["priority"].items()}
            ),
        )
        for p in d["programs"]
    ]
    return applicants, programs


def _passed_to_dict(p: PassedOver) -> dict[str, Any]:
    return {
        "program": p.program,
        "choice": p.choice,
        "reason": p.reason,
        "cutoff_score": p.cutoff_score,
        "cutoff_rank": p.cutoff_rank,
        "own_priority": p.own_priority,
        "your_score": p.your_score,
    }


def explanation_to_dict(e: Explanation) -> dict[str, Any]:
    """One explanation as a self-contained JSON-safe dict (e.g. to keep beside an application)."""
    return {
        "applicant": e.applicant,
        "rank": e.rank,
        "score": e.score,
        "program": e.program,
        "choice": e.choice,
        "passed_over": [_passed_to_dict(p) for p in e.passed_over],
        "waitlisted_on": [[pid, pos] for pid, pos in e.waitlisted_on],
        "of": e.of,
        "mechanism": str(e.mechanism),
        "tie_rule": str(e.tie_rule),
    }


def explanation_from_dict(d: Mapping[str, Any]) -> Explanation:
    """Rebuild an explanation written by explanation_to_dict."""
    return Explanation(
        applicant=d["applicant"],
        rank=d["rank"],
        score=d["score"],
        program=d["program"],
        choice=d["choice"],
        passed_over=tuple(PassedOver(**p) for p in d["passed_over"]),
        waitlisted_on=tuple((pid, pos) for pid, pos in d["waitlisted_on"]),
        of=d.get("of", 0),
        mechanism=Mechanism(d.get("mechanism", Mechanism.SERIAL_DICTATORSHIP)),
        tie_rule=TieRule(d.get("tie_rule", TieRule.LOTTERY)),
    )


def result_to_dict(result: Result) -> dict[str, Any]:
    """The result as a JSON-safe dict; mapping keys (ids) become strings."""
    s = result.stats
    return {
        "format": FORMAT,
        "mechanism": str(result.mechanism),
        "seed": result.seed,
        "tie_rule": str(result.tie_rule),
        "order": list(result.order),
        "placements": {str(aid): pid for aid, pid in result.placements.items()},
        "waitlists": {str(pid): list(ids) for pid, ids in result.waitlists.items()},
        "explanations": {
            str(aid): explanation_to_dict(e) for aid, e in result.explanations.items()
        },
        "stats": {
            "applicants": s.applicants,
            "placed": s.placed,
            "unplaced": s.unplaced,
            "first_choice": s.first_choice,
            "first_choice_rate": s.first_choice_rate,
        },
    }


def result_from_dict(d: Mapping[str, Any]) -> Result:
    """Rebuild a Result written by result_to_dict."""
    _check_format(d, "results")
    return Result(
        mechanism=Mechanism(d["mechanism"]),
        seed=d["seed"],
        tie_rule=TieRule(d["tie_rule"]),
        order=tuple(d["order"]),
        placements={int(aid): pid for aid, pid in d["placements"].items()},
        waitlists={int(pid): tuple(ids) for pid, ids in d["waitlists"].items()},
        explanations={int(aid): explanation_from_dict(e) for aid, e in d["explanations"].items()},
        stats=Stats(**d["stats"]),
    )
