"""The rubric of a call: add, edit, reorder and remove its criteria.

A criterion someone has scored is kept as it is (its range gives the scores their meaning),
and once any review of the call holds scores no criterion is added (submitted reviews would
lack it). Each change is audited and flushed; the request commits. Broken rules raise
ReviewError naming the form field.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from exchange import audit
from exchange.applications.models import Application
from exchange.extensions import db
from exchange.reviews.errors import ReviewError
from exchange.reviews.models import (
    NAME_MAX,
    SCORE_LIMIT,
    WEIGHT_MAX,
    Review,
    ReviewAssignment,
    ReviewScore,
    RubricCriterion,
)

FIELDS = ["name", "description", "weight", "min_score", "max_score", "position"]


def criteria_of(call_id: int) -> list[RubricCriterion]:
    return list(
        db.session.scalars(
            select(RubricCriterion)
            .where(RubricCriterion.call_id == call_id)
            .order_by(RubricCriterion.position, RubricCriterion.id)
        )
    )


def criteria_in_use(call_id: int) -> set[int]:
    """Ids of the call's criteria that some review has scored (one query)."""
    return set(
        db.session.scalars(
            select(ReviewScore.criterion_id)
            .join(RubricCriterion, RubricCriterion.id == ReviewScore.criterion_id)
            .where(RubricCriterion.call_id == call_id)
            .distinct()
        )
    )


def call_has_scores(call_id: int) -> bool:
    found = db.session.scalar(
        select(ReviewScore.id)
        .join(Review, Review.id == ReviewScore.review_id)
        .join(ReviewAssignment, ReviewAssignment.id == Review.assignment_id)
        .join(Application, Application.id == ReviewAssignment.application_id)
        .where(Application.call_id == call_id)
        .limit(1)
    )
    return found is not None


def _check(call_id: int, data: dict, criterion: RubricCriterion | None = None) -> dict:
    name = " ".join((data.get("name") or "").split())
    if not name:
        raise ReviewError(_l("Name the criterion, e.g. “Academic record”."), "name")
    if len(name) > NAME_MAX:
        raise ReviewError(_l("Keep the name under %(max)s characters.", max=NAME_MAX), "name")
    same = db.session.scalar(
        select(RubricCriterion.id).where(
            RubricCriterion.call_id == call_id, func.lower(RubricCriterion.name) == name.lower()
        )
    )
    if same is not None and (criterion is None or same != criterion.id):
        raise ReviewError(_l("The rubric already has a criterion with this name."), "name")
    weight = data.get("weight")
    if not isinstance(weight, int) or not 1 <= weight <= WEIGHT_MAX:
        raise ReviewError(
            _l("Enter a weight from 1 to %(max)s.", max=WEIGHT_MAX), "weight"
        )  # fmt: skip
    low, high = data.get("min_score"), data.get("max_score")
    for value, field in ((low, "min_score"), (high, "max_score")):
        if not isinstance(value, int) or not -SCORE_LIMIT <= value <= SCORE_LIMIT:
            raise ReviewError(
                _l("Enter a whole number from %(low)s to %(high)s.", low=-SCORE_LIMIT,
                   high=SCORE_LIMIT), field,
            )  # fmt: skip
    if high <= low:
        raise ReviewError(
            _l("The highest score must be above the lowest (%(low)s).", low=low), "max_score"
        )
    description = (data.get("description") or "").strip() or None
    return {"name": name, "description": description, "weight": weight, "min_score": low,
            "max_score": high}  # fmt: skip


def add_criterion(call, *, actor, **fields) -> RubricCriterion:
    """A new criterion at the end of the rubric; refused once reviews of the call hold scores."""
    if call_has_scores(call.id):
        raise ReviewError(
            _l("Reviewers have already scored this call's rubric; a new criterion would be "
               "missing from their reviews.")
        )  # fmt: skip
    data = _check(call.id, fields)
    last = db.session.scalar(
        select(func.max(RubricCriterion.position)).where(RubricCriterion.call_id == call.id)
    )
    criterion = RubricCriterion(call_id=call.id, position=(last or 0) + 1, **data)
    db.session.add(criterion)
    db.session.flush()
    audit.record("rubric.add", criterion, actor=actor, after=audit.snapshot(criterion, FIELDS))
    db.session.flush()
    return criterion


def _refuse_if_scored(criterion: RubricCriterion, verb) -> None:
    if criterion.id in criteria_in_use(criterion.call_id):
        raise ReviewError(
            _l("Reviewers have already scored “%(name)s”; it can no longer be %(verb)s.",
               name=criterion.name, verb=verb)
        )  # fmt: skip


def update_criterion(criterion: RubricCriterion, *, actor, **fields) -> RubricCriterion:
    _refuse_if_scored(criterion, _l("changed"))
    data = _check(criterion.call_id, fields, criterion)
    before = audit.snapshot(criterion, FIELDS)
    for key, value in data.items():
        setattr(criterion, key, value)
    db.session.flush()
    old, new = audit.changes(before, audit.snapshot(criterion, FIELDS))
    if new:
        audit.record("rubric.update", criterion, actor=actor, before=old, after=new)
        db.session.flush()
    return criterion


def remove_criterion(criterion: RubricCriterion, *, actor) -> None:
    _refuse_if_scored(criterion, _l("removed"))
    audit.record("rubric.remove", criterion, actor=actor, before=audit.snapshot(criterion, FIELDS))
    db.session.delete(criterion)
    db.session.flush()


def move_criterion(criterion: RubricCriterion, offset: int, *, actor) -> None:
    """Swap the criterion with its neighbour above (offset -1) or below (+1)."""
    rubric = criteria_of(criterion.call_id)
    index = rubric.index(criterion)
    other = index + offset
    if offset not in (-1, 1) or not 0 <= other < len(rubric):
        return
    order = rubric[:]
    order[index], order[other] = order[other], order[index]
    for position, item in enumerate(order, start=1):
        item.position = position
    db.session.flush()
    audit.record("rubric.reorder", criterion, actor=actor,
                 after={"order": [c.id for c in order]})  # fmt: skip
    db.session.flush()
