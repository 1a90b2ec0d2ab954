"""Bad input is refused with a message that says what to fix."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from exchange.selection.engine import (
    Applicant,
    EngineError,
    Mechanism,
    ProgramSeats,
    TieRule,
    allocate,
    inputs_from_dict,
    result_from_dict,
)
from tests.selection.engine import example as ex

ALL = frozenset({1, 2})
PROGRAMS = [ProgramSeats(1, 1), ProgramSeats(2, 1)]


def run(applicants, programs=PROGRAMS, **options):
    options = {"mechanism": Mechanism.SERIAL_DICTATORSHIP, "seed": 0, **options}
    return allocate(applicants, programs, **options)


@pytest.mark.parametrize(
    ("applicants", "programs", "message"),
    [
        (
            [Applicant(7, 1.0, (1,), ALL), Applicant(7, 2.0, (2,), ALL)],
            PROGRAMS,
            "Applicant 7 appears twice.",
        ),
        (
            [Applicant(7, 1.0, (1,), ALL)],
            [ProgramSeats(1, 1), ProgramSeats(1, 2)],
            "Program 1 appears twice.",
        ),
        (
            [Applicant(7, 1.0, (1, 9), ALL)],
            PROGRAMS,
            "Applicant 7 lists program 9, which is not among the programs being allocated.",
        ),
        (
            [Applicant(7, 1.0, (2, 1, 2), ALL)],
            PROGRAMS,
            "Applicant 7 lists program 2 more than once.",
        ),
        (
            [Applicant(7, 1.0, (1,), ALL)],
            [ProgramSeats(1, -1)],
            "Program 1 has -1 seats; seats cannot be negative.",
        ),
        (
            [Applicant(7, 1.0, (1,), ALL)],
            [ProgramSeats(1, 1.5)],
            "Program 1 has 1.5 seats; seats must be a whole number.",
        ),
        (
            [Applicant(7, math.nan, (1,), ALL)],
            PROGRAMS,
            "Applicant 7 has a score that is not a finite number (nan).",
        ),
        (
            [Applicant(7, math.inf, (1,), ALL)],
            PROGRAMS,
            "Applicant 7 has a score that is not a finite number (inf).",
        ),
        (
            [Applicant(7, Decimal("82.5"), (1,), ALL)],
            PROGRAMS,
            "Applicant 7 has a score of type Decimal; pass an int or float.",
        ),
        (
            [Applicant(7, True, (1,), ALL)],
            PROGRAMS,
            "Applicant 7 has a score of type bool; pass an int or float.",
        ),
        (
            [Applicant(7, 1.0, (1,), ALL, submitted_at=math.nan)],
            PROGRAMS,
            "Applicant 7 has a submission time that is not a finite number (nan).",
        ),
        (
            [Applicant(7, 1.0, (1,), ALL)],
            [ProgramSeats(1, 1, {7: -math.inf})],
            "Program 1 gives applicant 7 a priority that is not a finite number (-inf).",
        ),
        (
            [Applicant(7, 1.0, (1,), ALL)],
            [ProgramSeats(1, 1, {"7": 2.0})],
            "Program 1 gives a priority to '7', which is not an applicant id.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_plain_message(applicants, programs, message):
    with pytest.raises(EngineError) as error:
        run(applicants, programs)

    assert str(error.value) == message


def test_engine_error_is_a_value_error():
    assert issubclass(EngineError, ValueError)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"mechanism": "boston"},
            "Unknown mechanism 'boston'; use one of serial_dictatorship, deferred_acceptance, "
            "lottery.",
        ),
        (
            {"tie_rule": "alphabetical"},
            "Unknown tie rule 'alphabetical'; use one of lottery, earlier_submission.",
        ),
        ({"seed": -5}, "The seed must be a whole number of zero or more, not -5."),
        ({"seed": "42"}, "The seed must be a whole number of zero or more, not '42'."),
    ],
)
def test_bad_options_are_refused(options, message):
    with pytest.raises(EngineError) as error:
        run([Applicant(7, 1.0, (1,), ALL)], **options)

    assert str(error.value) == message


def test_options_may_be_given_as_their_stored_strings():
    result = run(ex.applicants(), ex.programs(), mechanism="lottery", tie_rule="earlier_submission")

    assert result.mechanism is Mechanism.LOTTERY
    assert result.tie_rule is TieRule.EARLIER_SUBMISSION


def test_a_stored_result_of_an_unknown_format_is_refused():
    with pytest.raises(EngineError) as error:
        result_from_dict({"format": 99})

    assert str(error.value) == "These stored results use format 99; expected 1."
    with pytest.raises(EngineError):
        inputs_from_dict({"format": 2, "applicants": [], "programs": []})
