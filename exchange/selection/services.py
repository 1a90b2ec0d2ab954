"""What the office records for the ranking: interview scores, adjustments with their reason,
and the bonus and penalty rules of a call. Each service checks, writes an audit record
(before and after) and flushes; the request commits. A broken rule raises SelectionError
naming the form field."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from exchange import audit
from exchange.extensions import db
from exchange.rules import RuleError
from exchange.selection.models import MAX_POINTS, ApplicationScore, ScoreFlag, ScoreRule
from exchange.selection.states import RuleKind

REASON_MAX = 2000
LABEL_MAX = 120


class SelectionError(RuleError):
    """A selection change that breaks a rule; `field` names the form field."""


def _decimal(value, field: str, low: int, high: int, message) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise SelectionError(message, field) from None
    if not number.is_finite() or not Decimal(low) <= number <= Decimal(high):
        raise SelectionError(message, field)
    if number != number.quantize(Decimal("0.01")):
        raise SelectionError(_l("Use at most two decimals."), field)
    return number


def _row(application) -> ApplicationScore:
    row = db.session.scalar(
        select(ApplicationScore).where(ApplicationScore.application_id == application.id)
    )
    if row is None:
        row = ApplicationScore(application_id=application.id, adjustment=Decimal(0))
        db.session.add(row)
    return row


def _plain(value) -> str | None:
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def record_interview(application, score, *, actor) -> ApplicationScore:
    """Record (or clear, with None or "") the interview score, 0 to 100."""
    if score is None or str(score).strip() == "":
        value = None
    else:
        value = _decimal(score, "interview_score", 0, 100,
                         _l("Enter an interview score from 0 to 100."))  # fmt: skip
    row = _row(application)
    before = _plain(row.interview_score)
    row.interview_score = value
    row.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    if before != _plain(value):
        audit.record("selection.interview", application, actor=actor,
                     before={"interview_score": before},
                     after={"interview_score": _plain(value)})  # fmt: skip
        db.session.flush()
    return row


def adjust_score(application, adjustment, reason: str | None, *, actor) -> ApplicationScore:
    """Set the office's adjustment in points (-100..100) with a written reason; 0 clears it."""
    message = _l("Enter an adjustment from -%(max)s to %(max)s points.", max=MAX_POINTS)
    value = _decimal(adjustment, "adjustment", -MAX_POINTS, MAX_POINTS, message)
    reason = (reason or "").strip()
    if value != 0 and not reason:
        raise SelectionError(_l("Write why the score is adjusted; the reason is kept."), "reason")
    if len(reason) > REASON_MAX:
        raise SelectionError(_l("Keep the reason under %(n)s characters.", n=REASON_MAX), "reason")
    row = _row(application)
    before = {"adjustment": _plain(row.adjustment or 0), "reason": row.adjustment_reason}
    row.adjustment = value
    row.adjustment_reason = reason or None
    row.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    after = {"adjustment": _plain(value), "reason": row.adjustment_reason}
    if before != after:
        audit.record("selection.adjust", application, actor=actor, before=before, after=after,
                     note=reason or None)  # fmt: skip
        db.session.flush()
    return row


def add_rule(call, *, kind, label: str, points, actor) -> ScoreRule:
    """A bonus (points > 0) or penalty (points < 0) of the call's formula."""
    try:
        kind = RuleKind(kind)
    except ValueError:
        raise SelectionError(_l("Choose how the rule applies."), "kind") from None
    label = (label or "").strip()
    if not label:
        raise SelectionError(_l("Name the rule, e.g. “Prior participation”."), "label")
    if len(label) > LABEL_MAX:
        raise SelectionError(_l("Keep the name under %(n)s characters.", n=LABEL_MAX), "label")
    value = _decimal(points, "points", -MAX_POINTS, MAX_POINTS,
                     _l("Enter points from -%(max)s to %(max)s.", max=MAX_POINTS))  # fmt: skip
    if value == 0:
        raise SelectionError(_l("A rule must add or take away points; 0 does nothing."), "points")
    existing = db.session.scalar(
        select(ScoreRule.id).where(ScoreRule.call_id == call.id, ScoreRule.label == label)
    )
    if existing is not None:
        raise SelectionError(_l("The call already has a rule with this name."), "label")
    if kind == RuleKind.PRIOR_PARTICIPATION and db.session.scalar(
        select(ScoreRule.id).where(
            ScoreRule.call_id == call.id, ScoreRule.kind == RuleKind.PRIOR_PARTICIPATION
        )
    ):
        raise SelectionError(_l("The call already has a prior participation rule."), "kind")
    rule = ScoreRule(call_id=call.id, kind=kind, label=label, points=value)
    db.session.add(rule)
    db.session.flush()
    audit.record("selection.rule_add", rule, actor=actor,
                 after={"call_id": call.id, "kind": kind.value, "label": label,
                        "points": _plain(value)})  # fmt: skip
    db.session.flush()
    return rule


def remove_rule(rule: ScoreRule, *, actor) -> None:
    """Take a rule out of the formula (its manual flags go with it)."""
    before = {"call_id": rule.call_id, "kind": rule.kind.value, "label": rule.label,
              "points": _plain(rule.points)}  # fmt: skip
    audit.record("selection.rule_remove", rule, actor=actor, before=before)
    db.session.execute(ScoreFlag.__table__.delete().where(ScoreFlag.rule_id == rule.id))
    db.session.delete(rule)
    db.session.flush()


def set_flag(application, rule: ScoreRule, on: bool, *, actor) -> None:
    """Apply (or take back) a manual rule for one application."""
    if rule.kind != RuleKind.MANUAL or rule.call_id != application.call_id:
        raise SelectionError(_l("This rule is not set by hand for this call."), "rule_id")
    flag = db.session.scalar(
        select(ScoreFlag).where(
            ScoreFlag.application_id == application.id, ScoreFlag.rule_id == rule.id
        )
    )
    if bool(flag) == on:
        return
    if on:
        db.session.add(ScoreFlag(application_id=application.id, rule_id=rule.id,
                                 set_by_id=getattr(actor, "id", None)))  # fmt: skip
    else:
        db.session.delete(flag)
    db.session.flush()
    audit.record("selection.flag", application, actor=actor,
                 before={"rule": rule.label, "applied": not on},
                 after={"rule": rule.label, "applied": on})  # fmt: skip
    db.session.flush()
