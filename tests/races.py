"""Race tests: run jobs at once in threads, each in its own app context and session; and skip
the races that only PostgreSQL's row locks can show."""

from __future__ import annotations

import threading

import pytest

from exchange.extensions import db


def postgresql_only(why: str) -> None:
    """Skips the test, saying `why`, unless it runs on PostgreSQL."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip(why)


def run_in_threads(app, *jobs, refusals: tuple[type[Exception], ...], name=None) -> list[str]:
    """Runs each job in a thread of its own and commits its work. Returns, per job, "saved", or
    for an error of `refusals` (rolled back) name(error), by default the error's class name."""
    outcomes = [None] * len(jobs)

    def run(index, job):
        with app.app_context():
            try:
                job()
                db.session.commit()
                outcomes[index] = "saved"
            except refusals as error:
                db.session.rollback()
                outcomes[index] = name(error) if name else type(error).__name__
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
