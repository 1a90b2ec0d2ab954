"""The lottery on the hand-checked example with seed 2026.

The draw: `random.Random(2026).random()` once per applicant, in id order 101..110, and the
applicants sorted by their draw (scores play no part). The draws are 101: 0.1191,
102: 0.5025, 103: 0.5118, 104: 0.8600, 105: 0.1026, 106: 0.2233, 107: 0.6010, 108: 0.5566,
109: 0.7834, 110: 0.5478, so the lottery order is 105, 101, 106, 102, 103, 110, 108, 107, 109,
104. Then serial dictatorship, by hand:
  105: not eligible for Lisbon -> Oxford (1/2)     101 -> Oxford (2/2, full)
  106 -> Bologna (1/1, full)                       102: Oxford full -> Lisbon (1/2)
  103: Oxford, Bologna full -> Lisbon (2/2, full)  110: not eligible for Uppsala, Lisbon full
  108: Lisbon full -> Uppsala (1/2)                107: Bologna full -> Uppsala (2/2, full)
  109: Oxford, Bologna, Lisbon full                104: Bologna, Oxford full
Waitlists follow the lottery order: Oxford 109, 104; Bologna 109, 104; Lisbon 110, 109.
"""

import random

from exchange.selection.engine import Mechanism, Stats, allocate
from tests.selection.engine import example as ex


def run():
    return allocate(ex.applicants(), ex.programs(), mechanism=Mechanism.LOTTERY, seed=2026)


def test_lottery_example_order_is_the_recorded_draw():
    rng = random.Random(2026)
    draws = {aid: rng.random() for aid in range(101, 111)}

    result = run()

    assert result.order == (105, 101, 106, 102, 103, 110, 108, 107, 109, 104)
    assert result.order == tuple(sorted(draws, key=draws.get))


def test_lottery_example_placements_and_waitlists():
    result = run()

    assert result.placements == {
        101: ex.OXFORD,
        102: ex.LISBON,
        103: ex.LISBON,
        104: None,
        105: ex.OXFORD,
        106: ex.BOLOGNA,
        107: ex.UPPSALA,
        108: ex.UPPSALA,
        109: None,
        110: None,
    }
    assert result.waitlists == {
        ex.OXFORD: (109, 104),
        ex.BOLOGNA: (109, 104),
        ex.LISBON: (110, 109),
        ex.UPPSALA: (),
    }
    assert result.stats == Stats(
        applicants=10, placed=7, unplaced=3, first_choice=2, first_choice_rate=0.2
    )


def test_lottery_example_explains_the_best_score_drawn_last():
    assert run().explanations[104].text(ex.NAMES) == (
        "The lottery drew you 10th of 10. "
        "Your 1st choice, Bologna, was full: the last person placed there was drawn 3rd. "
        "Your 2nd choice, Oxford, was full: the last person placed there was drawn 2nd. "
        "You were not placed in any of your choices. "
        "You are on the waitlist for Bologna (position 2) and Oxford (position 2)."
    )


def test_lottery_example_explains_an_ineligible_first_choice():
    assert run().explanations[105].text(ex.NAMES) == (
        "The lottery drew you 1st of 10. "
        "You are not eligible for your 1st choice, Lisbon. "
        "You were placed in your 2nd choice, Oxford."
    )


def test_lottery_example_explains_an_unplaced_applicant():
    assert run().explanations[110].text(ex.NAMES) == (
        "The lottery drew you 6th of 10. "
        "You are not eligible for your 1st choice, Uppsala. "
        "Your 2nd choice, Lisbon, was full: the last person placed there was drawn 5th. "
        "You were not placed in any of your choices. "
        "You are on the waitlist for Lisbon (position 1)."
    )
