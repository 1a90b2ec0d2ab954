"""A stored run's result shaped for its page: per destination and per student, with the
explanation in words. Reads only the run row (titles and names were frozen with it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from exchange.selection.engine import result_from_dict


@dataclass
class ProgramResult:
    id: int
    title: str
    partner: str
    seats: int
    placed: list[tuple[int, str]] = field(default_factory=list)
    waitlist: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class StudentResult:
    application_id: int
    student: str
    rank: int
    score: str
    program: str | None
    choice: int | None
    waitlisted: list[tuple[str, int]]
    text: str
    flags: list[str]


@dataclass
class ResultView:
    programs: list[ProgramResult]
    students: list[StudentResult]
    applicants: int
    placed: int
    unplaced: int
    first_choice: int
    first_choice_rate: float


def result_view(run) -> ResultView:
    result = result_from_dict(run.result)
    display = run.inputs.get("display", {})
    people = display.get("applications", {})
    titles = {int(k): v["title"] for k, v in display.get("programs", {}).items()}
    partners = {int(k): v["partner"] for k, v in display.get("programs", {}).items()}

    def who(application_id: int) -> str:
        return people.get(str(application_id), {}).get("student", f"#{application_id}")

    programs = []
    for p in run.inputs["engine"]["programs"]:
        row = ProgramResult(id=p["id"], title=titles.get(p["id"], f"#{p['id']}"),
                            partner=partners.get(p["id"], ""), seats=p["seats"])  # fmt: skip
        row.waitlist = [(aid, who(aid)) for aid in result.waitlists.get(p["id"], ())]
        programs.append(row)
    by_id = {p.id: p for p in programs}
    students = []
    for application_id in result.order:
        program_id = result.placements[application_id]
        if program_id is not None:
            by_id[program_id].placed.append((application_id, who(application_id)))
        explanation = result.explanations[application_id]
        students.append(StudentResult(
            application_id=application_id,
            student=who(application_id),
            rank=explanation.rank,
            score=people.get(str(application_id), {}).get("score", f"{explanation.score:.2f}"),
            program=titles.get(program_id) if program_id is not None else None,
            choice=explanation.choice,
            waitlisted=[(titles.get(pid, f"#{pid}"), pos)
                        for pid, pos in explanation.waitlisted_on],
            text=explanation.text(titles),
            flags=people.get(str(application_id), {}).get("flags", []),
        ))  # fmt: skip
    stats = result.stats
    return ResultView(
        programs=programs,
        students=students,
        applicants=stats.applicants,
        placed=stats.placed,
        unplaced=stats.unplaced,
        first_choice=stats.first_choice,
        first_choice_rate=stats.first_choice_rate,
    )


def differences(run, other) -> int | None:
    """How many applicants the two runs place differently (None when they allocated
    different applicants, so the comparison would mean nothing)."""
    mine, theirs = run.result["placements"], other.result["placements"]
    if set(mine) != set(theirs):
        return None
    return sum(1 for key, value in mine.items() if theirs[key] != value)
