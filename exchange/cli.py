"""`flask exchange ...` commands: demo data, accounts, mail delivery, housekeeping."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

exchange_cli = AppGroup("exchange", help="Exchange administration commands.")


@exchange_cli.command("deliver-mail")
@click.option("--limit", default=200, show_default=True, help="Messages to try in this run.")
def deliver_mail(limit: int) -> None:
    """Send pending mail from the outbox (run it from a scheduler every minute)."""
    from exchange.notifications.mail import deliver_pending

    sent, failed = deliver_pending(limit=limit)
    click.echo(f"Sent {sent}, failed {failed}.")


def register_cli(app: Flask) -> None:
    app.cli.add_command(exchange_cli)
