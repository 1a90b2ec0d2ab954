"""The plain-English text of an explanation.

The engine stays free of Flask and Babel, so this text is English; the app can rebuild its own
translated sentences from the same Explanation fields (they carry every number used here).
"""

from __future__ import annotations

from collections.abc import Mapping

from exchange.selection.engine.model import Explanation, Mechanism, PassedOver, TieRule


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _name(names: Mapping[int, str], pid: int) -> str:
    return names.get(pid) or f"program {pid}"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _rank_sentence(e: Explanation) -> str:
    of = f" of {e.of}" if e.of else ""
    if e.mechanism == Mechanism.LOTTERY:
        return f"The lottery drew you {ordinal(e.rank)}{of}."
    return f"You ranked {ordinal(e.rank)}{of} (score {e.score:.2f})."


def _tie_sentence(e: Explanation) -> str:
    if e.tie_rule == TieRule.EARLIER_SUBMISSION:
        rule = "by submission time, earlier first, then by a recorded random draw"
    else:
        rule = "by a recorded random draw"
    return f" That is the same score as yours: equal scores are ordered {rule}."


def _full_sentence(e: Explanation, p: PassedOver, head: str) -> str:
    if p.own_priority:
        text = f"{head} was full: it ranks applicants by its own criteria"
        if p.cutoff_score is None or p.cutoff_rank is None:
            return text + " and filled its places with applicants it ranks above you."
        text += (
            f", and the last person it accepted scored {p.cutoff_score:.2f} there "
            f"(rank {p.cutoff_rank} overall)"
        )
        if p.your_score is None:
            return text + "; it gave you no score of its own."
        return text + f"; your score there was {p.your_score:.2f}."
    if p.cutoff_rank is None:
        return f"{head} was full."
    if e.mechanism == Mechanism.LOTTERY:
        return f"{head} was full: the last person placed there was drawn {ordinal(p.cutoff_rank)}."
    text = (
        f"{head} was full: the last person placed there scored {p.cutoff_score:.2f} "
        f"(rank {p.cutoff_rank})."
    )
    if p.cutoff_score == e.score:
        text += _tie_sentence(e)
    return text


def _passed_sentence(e: Explanation, p: PassedOver, names: Mapping[int, str]) -> str:
    name = _name(names, p.program)
    if p.reason == "not_eligible":
        return f"You are not eligible for your {ordinal(p.choice)} choice, {name}."
    head = f"Your {ordinal(p.choice)} choice, {name},"
    if p.reason == "no_seats":
        return f"{head} has no seats in this round."
    return _full_sentence(e, p, head)


def _outcome_sentences(e: Explanation, names: Mapping[int, str]) -> list[str]:
    if e.program is not None and e.choice is not None:
        return [f"You were placed in your {ordinal(e.choice)} choice, {_name(names, e.program)}."]
    if not e.passed_over:
        return ["You listed no choices, so you could not be placed."]
    sentences = ["You were not placed in any of your choices."]
    if e.waitlisted_on:
        lists = [f"{_name(names, pid)} (position {pos})" for pid, pos in e.waitlisted_on]
        sentences.append(f"You are on the waitlist for {_join(lists)}.")
    else:
        sentences.append("You are not on any waitlist.")
    return sentences


def explanation_text(e: Explanation, names: Mapping[int, str]) -> str:
    """The explanation as sentences: rank, each passed-over choice and why, then the outcome."""
    sentences = [_rank_sentence(e)]
    sentences += [_passed_sentence(e, p, names) for p in e.passed_over]
    sentences += _outcome_sentences(e, names)
    return " ".join(sentences)
