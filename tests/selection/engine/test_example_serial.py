"""Serial dictatorship on the hand-checked example, worked out by hand below.

Order (score, then earlier submission): 101, 102, 104, 103, 105, 106, 107, 108, 109, 110.
  101 -> Oxford (1/2)          102 -> Oxford (2/2, full)     104 -> Bologna (1/1, full)
  103: Oxford full, Bologna full -> Lisbon (1/2)
  105: not eligible for Lisbon, Oxford full, Bologna full -> unplaced
  106: Bologna full -> Lisbon (2/2, full)
  107: Bologna full -> Uppsala (1/2)   108: Lisbon full -> Uppsala (2/2, full)
  109: Oxford, Bologna, Lisbon full -> unplaced
  110: not eligible for Uppsala, Lisbon full -> unplaced
Waitlists hold the unplaced eligible listers in rank order: Oxford 105, 109; Bologna 105, 109;
Lisbon 109, 110 (105 is not eligible); Uppsala nobody (110 is not eligible).
"""

from exchange.selection.engine import Mechanism, Stats, TieRule, allocate
from tests.selection.engine import example as ex


def run():
    return allocate(
        ex.applicants(),
        ex.programs(),
        mechanism=Mechanism.SERIAL_DICTATORSHIP,
        seed=7,
        tie_rule=TieRule.EARLIER_SUBMISSION,
    )


def test_serial_example_order_breaks_ties_by_earlier_submission():
    result = run()

    assert result.order == (101, 102, 104, 103, 105, 106, 107, 108, 109, 110)


def test_serial_example_placements_and_waitlists():
    result = run()

    assert result.placements == {
        101: ex.OXFORD,
        102: ex.OXFORD,
        103: ex.LISBON,
        104: ex.BOLOGNA,
        105: None,
        106: ex.LISBON,
        107: ex.UPPSALA,
        108: ex.UPPSALA,
        109: None,
        110: None,
    }
    assert result.waitlists == {
        ex.OXFORD: (105, 109),
        ex.BOLOGNA: (105, 109),
        ex.LISBON: (109, 110),
        ex.UPPSALA: (),
    }
    assert result.stats == Stats(
        applicants=10, placed=7, unplaced=3, first_choice=3, first_choice_rate=0.3
    )


def test_serial_example_explains_a_tie_at_the_cutoff():
    text = run().explanations[103].text(ex.NAMES)

    assert text == (
        "You ranked 4th of 10 (score 88.00). "
        "Your 1st choice, Oxford, was full: the last person placed there scored 91.50 (rank 2). "
        "Your 2nd choice, Bologna, was full: the last person placed there scored 88.00 (rank 3). "
        "That is the same score as yours: equal scores are ordered by submission time, earlier "
        "first, then by a recorded random draw. "
        "You were placed in your 3rd choice, Lisbon."
    )


def test_serial_example_explains_an_unplaced_applicant_with_an_ineligible_choice():
    text = run().explanations[105].text(ex.NAMES)

    assert text == (
        "You ranked 5th of 10 (score 84.00). "
        "You are not eligible for your 1st choice, Lisbon. "
        "Your 2nd choice, Oxford, was full: the last person placed there scored 91.50 (rank 2). "
        "Your 3rd choice, Bologna, was full: the last person placed there scored 88.00 (rank 3). "
        "You were not placed in any of your choices. "
        "You are on the waitlist for Oxford (position 1) and Bologna (position 1)."
    )


def test_serial_example_explains_the_last_ranked_applicant():
    explanation = run().explanations[110]

    assert explanation.rank == 10
    assert explanation.waitlisted_on == ((ex.LISBON, 2),)
    assert explanation.text(ex.NAMES) == (
        "You ranked 10th of 10 (score 65.00). "
        "You are not eligible for your 1st choice, Uppsala. "
        "Your 2nd choice, Lisbon, was full: the last person placed there scored 80.00 (rank 6). "
        "You were not placed in any of your choices. "
        "You are on the waitlist for Lisbon (position 2)."
    )


def test_serial_example_first_choice_explanation_is_one_sentence_after_the_rank():
    assert run().explanations[101].text(ex.NAMES) == (
        "You ranked 1st of 10 (score 95.00). You were placed in your 1st choice, Oxford."
    )


def test_serial_example_text_without_names_uses_program_ids():
    assert run().explanations[104].text() == (
        "You ranked 3rd of 10 (score 88.00). You were placed in your 1st choice, program 20."
    )
