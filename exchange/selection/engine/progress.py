"""Throttled progress reports, so a long run can show a bar without slowing itself down."""

from __future__ import annotations

from collections.abc import Callable


class Progress:
    """Calls `callback` with a rising fraction at most about once per percent, then with 1.0.

    Work is split into phases (`phase(start, end)`); `step(done, total)` reports progress inside
    the current phase. The callback may write to a database or a queue, so the number of calls
    is bounded (at most 101) whatever the size of the run.
    """

    STEP = 0.01

    def __init__(self, callback: Callable[[float], None] | None):
        self.callback = callback
        self.start = 0.0
        self.end = 1.0
        self.next_report = 0.0
        self.finished = False

    def phase(self, start: float, end: float) -> None:
        self.start, self.end = start, end
        self.report(start)

    def step(self, done: int, total: int) -> None:
        if self.callback is None or total <= 0:
            return
        self.report(self.start + (self.end - self.start) * min(done / total, 1.0))

    def report(self, fraction: float) -> None:
        if self.callback is None or self.finished or fraction < self.next_report:
            return
        if fraction >= 1.0:
            self.finish()
            return
        self.callback(fraction)
        self.next_report = fraction + self.STEP

    def finish(self) -> None:
        if self.callback is not None and not self.finished:
            self.finished = True
            self.callback(1.0)

    def every(self, total: int) -> int:
        """Items to process between two `step` calls: 1% of the work, but at least 1,000, so
        a small run reports its phases and the end, not a stream of tiny steps."""
        return max(1000, total // 100)
