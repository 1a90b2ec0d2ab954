"""Deferred acceptance on the hand-checked example, with Lisbon ranking by its own criteria.

Common order (score, then earlier submission): 101, 102, 104, 103, 105, 106, 107, 108, 109, 110.
Worked by hand (the outcome of student-proposing deferred acceptance does not depend on the
order of proposals):
  Oxford gets proposals from 101, 102, 103, 109 and 105: it keeps the best two, 101 and 102.
  Bologna gets 104, 106, 107, then 103, 109, 105: it keeps 104 (rank 3).
  Lisbon (own priority) gets 108 (6.5), 103 (7.0), 109 (6.0), 106 (8.0), 110 (9.0);
  105 is skipped (not eligible). It keeps 110 and 106.
  Uppsala gets 107 and then 108 after Lisbon rejects 108: it keeps both. 110 was not eligible.
  103, 105 and 109 run out of choices: unplaced.
So 110, ranked last overall, gets Lisbon over 103, because Lisbon ranks 110 higher.
"""

from exchange.selection.engine import Mechanism, PassedOver, Stats, TieRule, allocate
from tests.selection.engine import example as ex


def run(priority=ex.LISBON_PRIORITY):
    return allocate(
        ex.applicants(),
        ex.programs(priority),
        mechanism=Mechanism.DEFERRED_ACCEPTANCE,
        seed=7,
        tie_rule=TieRule.EARLIER_SUBMISSION,
    )


def test_deferred_example_placements_and_waitlists():
    result = run()

    assert result.placements == {
        101: ex.OXFORD,
        102: ex.OXFORD,
        103: None,
        104: ex.BOLOGNA,
        105: None,
        106: ex.LISBON,
        107: ex.UPPSALA,
        108: ex.UPPSALA,
        109: None,
        110: ex.LISBON,
    }
    # Lisbon's waitlist follows its own priority (103: 7.0 before 109: 6.0).
    assert result.waitlists == {
        ex.OXFORD: (103, 105, 109),
        ex.BOLOGNA: (103, 105, 109),
        ex.LISBON: (103, 109),
        ex.UPPSALA: (),
    }
    assert result.stats == Stats(
        applicants=10, placed=7, unplaced=3, first_choice=3, first_choice_rate=0.3
    )


def test_deferred_example_explains_a_program_with_its_own_criteria():
    explanation = run().explanations[103]

    assert explanation.passed_over[2] == PassedOver(
        ex.LISBON, 3, "full", 8.0, 6, own_priority=True, your_score=7.0
    )
    assert explanation.text(ex.NAMES) == (
        "You ranked 4th of 10 (score 88.00). "
        "Your 1st choice, Oxford, was full: the last person placed there scored 91.50 (rank 2). "
        "Your 2nd choice, Bologna, was full: the last person placed there scored 88.00 (rank 3). "
        "That is the same score as yours: equal scores are ordered by submission time, earlier "
        "first, then by a recorded random draw. "
        "Your 3rd choice, Lisbon, was full: it ranks applicants by its own criteria, and the last "
        "person it accepted scored 8.00 there (rank 6 overall); your score there was 7.00. "
        "You were not placed in any of your choices. "
        "You are on the waitlist for Oxford (position 1), Bologna (position 1) and Lisbon "
        "(position 1)."
    )


def test_deferred_example_last_ranked_applicant_placed_by_the_program_criteria():
    assert run().explanations[110].text(ex.NAMES) == (
        "You ranked 10th of 10 (score 65.00). "
        "You are not eligible for your 1st choice, Uppsala. "
        "You were placed in your 2nd choice, Lisbon."
    )


def test_deferred_example_applicant_without_a_program_score_ranks_below_those_with_one():
    priority = {aid: value for aid, value in ex.LISBON_PRIORITY.items() if aid != 106}

    result = run(priority)

    # Lisbon now holds 110 (9.0) and 103 (7.0); 106 (no score there) falls to unplaced, and
    # on Lisbon's waitlist 109 (6.0) comes before 106 (no score).
    assert result.placements[103] == ex.LISBON
    assert result.placements[106] is None
    assert result.explanations[106].passed_over[1] == PassedOver(
        ex.LISBON, 2, "full", 7.0, 4, own_priority=True, your_score=None
    )
    assert (
        result.explanations[106]
        .text(ex.NAMES)
        .endswith(
            "it ranks applicants by its own criteria, and the last person it accepted scored 7.00 "
            "there (rank 4 overall); it gave you no score of its own. "
            "You were not placed in any of your choices. "
            "You are on the waitlist for Bologna (position 2) and Lisbon (position 2)."
        )
    )


def test_deferred_example_without_priorities_matches_serial_dictatorship():
    common = run(priority=None)
    serial = allocate(
        ex.applicants(),
        ex.programs(),
        mechanism=Mechanism.SERIAL_DICTATORSHIP,
        seed=7,
        tie_rule=TieRule.EARLIER_SUBMISSION,
    )

    assert common.placements == serial.placements
    assert common.waitlists == serial.waitlists
    assert [e.passed_over for e in common.explanations.values()] == [
        e.passed_over for e in serial.explanations.values()
    ]
