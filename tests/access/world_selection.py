"""Selection objects for the access matrix: a call with a destination, another student's
submitted application, two score rules and a dry run, all made by another coordinator."""

from __future__ import annotations

from exchange.extensions import db
from exchange.selection import runs
from tests import factories as f
from tests.selection import factories as sf


def build(base: dict) -> dict:
    call, (program,) = sf.selection_call(programs=1)
    application = sf.applicant(call, [program], student=f.student(org_unit=base["unit"]))
    office = f.coordinator()
    rule = sf.rule(call, kind="manual", label="Hardship")
    spare = sf.rule(call, kind="manual", label="First generation", points="3")
    run = runs.start_run(call, mechanism="serial_dictatorship", tie_rule="lottery", seed=1,
                         actor=office)  # fmt: skip
    db.session.commit()
    runs.launch(run.id)
    return {
        "selection_call": call,
        "selection_application": application,
        "selection_rule": rule,
        "selection_spare_rule": spare,
        "selection_run": run,
    }
