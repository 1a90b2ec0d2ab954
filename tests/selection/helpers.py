"""A small call every run test shares: three destinations, five applicants, known scores."""

from __future__ import annotations

from decimal import Decimal

from exchange.extensions import db
from exchange.selection import runs
from tests import factories as f
from tests.selection import factories as sf


def small_call():
    """P1 and P2 have one seat each; P3 needs a GPA of 3.90 that nobody has.

    Scores (50% GPA on a 4.0 scale, 50% language, B2 = 60): A 80, B 75, C 70, D 55, E 67.5.
    Serial dictatorship: A -> P1, B -> P2 (P1 full); C waits for P1, D for P2; E is not
    eligible for P3, the only program listed, so E is not selected.
    """
    call, (p1, p2, p3) = sf.selection_call(programs=3, seats=1)
    p3.min_gpa = Decimal("3.90")
    db.session.commit()
    people = {
        "A": sf.applicant(call, [p1, p2], gpa="4.00"),
        "B": sf.applicant(call, [p1, p2], gpa="3.60"),
        "C": sf.applicant(call, [p1], gpa="3.20"),
        "D": sf.applicant(call, [p2], gpa="2.00"),
        "E": sf.applicant(call, [p3], gpa="3.00", level="B2"),
    }
    return {"call": call, "programs": (p1, p2, p3), "apps": people, "actor": f.coordinator()}


def dry_run(world, mechanism="serial_dictatorship", tie_rule="lottery", seed=7):
    run = runs.start_run(world["call"], mechanism=mechanism, tie_rule=tie_rule, seed=seed,
                         actor=world["actor"])  # fmt: skip
    db.session.commit()
    runs.launch(run.id)
    db.session.expire_all()
    return db.session.get(type(run), run.id)
