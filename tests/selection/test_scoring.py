"""The published score, computed by hand for a few applicants: normalisation, the review
mean, interviews, bonuses and penalties, adjustments, flags."""

from __future__ import annotations

from decimal import Decimal

import pytest

from exchange.selection import scoring
from exchange.selection.scoring import Flag
from tests import factories as f
from tests.reviews import factories as rf
from tests.selection import factories as sf


def test_components_are_normalised_to_0_100():
    scale = Decimal("4.0")
    assert scoring.gpa_points(Decimal("3.00"), scale) == Decimal(75)
    assert scoring.gpa_points(Decimal("4.50"), scale) == Decimal(100)  # capped at the scale
    assert scoring.gpa_points(None, scale) == Decimal(0)
    assert [scoring.language_points(x) for x in ("A1", "A2", "B1", "B2", "C1", "C2", None)] == [
        0, 20, 40, 60, 80, 100, 0,
    ]  # fmt: skip


def test_score_weighs_every_component_with_the_program_formula():
    call, (first, second) = sf.selection_call(
        programs=2, weight_gpa=40, weight_language=20, weight_review=30, weight_interview=10
    )
    # The second destination teaches in French, with its own 50/50 formula.
    second.language, second.cefr_level = "fr", None
    second.weight_gpa, second.weight_language = 50, 50
    second.weight_review = second.weight_interview = 0
    student = f.student()
    f.student_language(student, "fr", "B1")
    application = sf.applicant(call, [first, second], gpa="3.00", level="C1", student=student)
    crit = rf.criterion(call, min_score=0, max_score=10)
    rf.review(rf.assignment(application), {crit: 8})  # 80
    rf.review(rf.assignment(application), {crit: 6})  # 60 -> mean 70
    sf.office_score(application, interview=90)

    (row,) = scoring.score_call(call)

    # (40*75 + 20*80 + 30*70 + 10*90) / 100 = 76.00 on the first choice
    assert row.program_scores[first.id] == Decimal("76.00")
    # (50*75 + 50*40) / 100 = 57.50 on the second (French B1 = 40)
    assert row.program_scores[second.id] == Decimal("57.50")
    assert row.score == Decimal("76.00")
    assert row.components.review_mean == Decimal("70.00")
    assert (row.components.reviews_submitted, row.components.reviews_assigned) == (2, 2)
    assert row.flags == []


def test_bonuses_penalties_and_adjustment_add_points():
    call, (program,) = sf.selection_call(programs=1)
    student = f.student()
    # Placed in an earlier call: the prior participation penalty applies by itself.
    earlier = f.call(academic_year=call.academic_year - 1)
    f.application(call=earlier, student=student, state="placed")
    sf.rule(call, kind="prior_participation", points="-10")
    hardship = sf.rule(call, kind="manual", label="Documented hardship", points="5")
    sf.rule(call, kind="manual", label="First generation", points="3")  # not set for them
    application = sf.applicant(call, [program], gpa="2.00", level="B2", student=student)
    sf.flag(application, hardship)
    sf.office_score(application, adjustment="2.50", reason="Transcript error corrected")
    other = sf.applicant(call, [program], gpa="2.00", level="B2")

    rows = {r.application.id: r for r in scoring.score_call(call)}

    # (50*50 + 50*60) / 100 = 55; -10 + 5 + 2.50 = 52.50
    assert rows[application.id].score == Decimal("52.50")
    assert rows[application.id].components.bonus == Decimal("-5")
    assert sorted(rows[application.id].components.bonus_labels) == [
        "Documented hardship", "Prior participation",
    ]  # fmt: skip
    assert rows[other.id].score == Decimal("55.00")
    assert [r.application.id for r in scoring.score_call(call)] == [other.id, application.id]


def test_missing_review_and_interview_count_as_zero_and_are_flagged():
    call, (program,) = sf.selection_call(
        programs=1, weight_gpa=50, weight_language=0, weight_review=30, weight_interview=20
    )
    application = sf.applicant(call, [program], gpa="4.00")
    crit = rf.criterion(call)
    rf.review(rf.assignment(application), {crit: 10})  # 100
    rf.assignment(application)  # assigned, not reviewed yet

    (row,) = scoring.score_call(call)

    # 50*100/100 + 30*100/100 (the one submitted review) + 20*0 = 80
    assert row.score == Decimal("80.00")
    assert row.flags == [Flag.MISSING_REVIEWS, Flag.MISSING_INTERVIEW]
    assert (row.components.reviews_submitted, row.components.reviews_assigned) == (1, 2)


def test_unweighted_gaps_are_not_flagged_and_missing_gpa_is():
    call, (program,) = sf.selection_call(programs=1)  # 50% GPA, 50% language
    application = sf.applicant(call, [program], gpa=None)
    application.student.gpa = None
    from exchange.extensions import db

    db.session.commit()

    (row,) = scoring.score_call(call)

    assert row.score == Decimal("30.00")  # 50*0 + 50*60
    assert row.flags == [Flag.MISSING_GPA]


def test_ineligible_choice_is_left_out_of_the_eligible_set():
    call, (strict, open_) = sf.selection_call(programs=2)
    strict.min_gpa = Decimal("3.50")
    sf.applicant(call, [strict, open_], gpa="3.00")

    (row,) = scoring.score_call(call)

    assert row.eligible == frozenset({open_.id})
    assert Flag.NOT_ELIGIBLE in row.flags


def test_only_submitted_and_under_review_applications_are_ranked():
    call, (program,) = sf.selection_call(programs=1)
    ranked = [sf.applicant(call, [program]), sf.applicant(call, [program], state="under_review")]
    f.application(call=call, state="withdrawn")
    f.application(call=call)  # a draft

    assert {r.application.id for r in scoring.score_call(call)} == {a.id for a in ranked}


@pytest.mark.parametrize("gpa, level, expected", [("4.00", "C2", "100.00"), ("0", "A1", "0.00"),
                                                  ("1.00", "B1", "32.50")])  # fmt: skip
def test_hand_computed_totals(gpa, level, expected):
    call, (program,) = sf.selection_call(programs=1)
    sf.applicant(call, [program], gpa=gpa, level=level)

    (row,) = scoring.score_call(call)

    assert row.score == Decimal(expected)
