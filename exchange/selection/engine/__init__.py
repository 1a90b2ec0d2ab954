"""The allocation engine: pure functions that turn ranked choices and seats into placements.

No Flask, no database: the app hands in plain values and stores the Result. Three mechanisms
(serial dictatorship, student-proposing deferred acceptance, lottery), ties broken by a
recorded rule and seed, and a plain-English explanation for every applicant.
"""

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
from exchange.selection.engine.pipeline import allocate
from exchange.selection.engine.serialize import (
    explanation_from_dict,
    explanation_to_dict,
    inputs_from_dict,
    inputs_to_dict,
    result_from_dict,
    result_to_dict,
)
from exchange.selection.engine.wording import ordinal

__all__ = [
    "Applicant",
    "EngineError",
    "Explanation",
    "Mechanism",
    "PassedOver",
    "ProgramSeats",
    "Result",
    "Stats",
    "TieRule",
    "allocate",
    "explanation_from_dict",
    "explanation_to_dict",
    "inputs_from_dict",
    "inputs_to_dict",
    "ordinal",
    "result_from_dict",
    "result_to_dict",
]
