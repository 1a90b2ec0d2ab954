"""`flask exchange ...` commands: demo data, accounts, mail delivery, housekeeping."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from exchange import audit
from exchange.accounts import services
from exchange.accounts.models import user_by_email
from exchange.accounts.passwords import password_problem
from exchange.accounts.roles import Role
from exchange.demo.loader import database_is_empty, load_demo
from exchange.extensions import db
from exchange.notifications.mail import deliver_pending
from exchange.partnerships.expiry import expire_due_partnerships
from exchange.partnerships.models import Institution
from exchange.placements.expiry import expire_offers as expire
from exchange.placements.release import release_due_calls
from exchange.reference import COUNTRIES
from exchange.transactions import commit

exchange_cli = AppGroup("exchange", help="Exchange administration commands.")


@exchange_cli.command("deliver-mail")
@click.option("--limit", default=200, show_default=True, help="Messages to try in this run.")
def deliver_mail(limit: int) -> None:
    """Send pending mail from the outbox (run it from a scheduler every minute)."""
    sent, failed = deliver_pending(limit=limit)
    click.echo(f"Sent {sent}, failed {failed}.")


@exchange_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Only load when the database has no institutions.")
def demo(if_empty: bool) -> None:
    """Load the demo story (idempotent: what exists already is left as it is)."""
    if if_empty and not database_is_empty():
        click.echo("The database already has data; demo not loaded.")
        return
    added = load_demo()
    db.session.commit()
    if any(added.values()):
        click.echo("Demo data loaded: " + ", ".join(f"{v} {k}" for k, v in added.items()))
    else:
        click.echo("Demo data already present; nothing to add.")


@exchange_cli.command("create-user")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True, help="Full name.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice(["student", "faculty", "coordinator", "admin"]),
    help="Repeat for several roles.",
)
@click.option("--password", help="Leave out to be asked (input hidden).")
def create_user(email: str, full_name: str, roles: tuple[str, ...], password: str | None) -> None:
    """Create an account, or add roles to an existing one (idempotent)."""
    existing = user_by_email(email)
    if existing is not None:
        wanted = existing.roles | {Role(r) for r in roles}
        if wanted != existing.roles:
            services.set_roles(existing, wanted, scope_units=[], actor=existing)
            db.session.commit()
            click.echo(f"{existing.email} exists; roles now: {', '.join(sorted(wanted))}.")
        else:
            click.echo(f"{existing.email} exists with these roles already; nothing changed.")
        return
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password, email=email, name=full_name)
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    try:
        user = services.create_user(
            email=email, full_name=full_name, roles=[Role(r) for r in roles], password=password
        )
    except services.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created {user.email} ({', '.join(sorted(user.roles))}).")


@exchange_cli.command("set-home")
@click.option("--name", required=True)
@click.option("--country", required=True, help="ISO 3166-1 alpha-2, e.g. SA.")
@click.option("--schac", "schac_code", required=True, help="SCHAC code, e.g. kau.edu.sa.")
@click.option("--city", default=None)
def set_home(name: str, country: str, schac_code: str, city: str | None) -> None:
    """Record the home institution on a new installation (idempotent)."""
    country = country.upper()
    if country not in COUNTRIES:
        raise click.BadParameter("not an ISO 3166-1 alpha-2 code we know", param_hint="--country")
    home = db.session.scalar(select(Institution).where(Institution.is_home))
    if home is not None:
        click.echo(f"The home institution is already {home.name}; nothing changed.")
        return
    home = Institution(name=name, country=country, schac_code=schac_code.lower(), city=city,
                       is_home=True)  # fmt: skip
    db.session.add(home)
    db.session.flush()
    audit.record("institution.create", home, after={"name": name, "is_home": True})
    db.session.commit()
    click.echo(f"Home institution set: {home.name}.")


@exchange_cli.command("expire-agreements")
def expire_agreements() -> None:
    """Mark agreements whose last academic year is over as expired (run it daily)."""
    expired = expire_due_partnerships()
    db.session.commit()
    click.echo(f"{len(expired)} agreement(s) expired.")
    for partnership in expired:
        click.echo(f"  - {partnership.title} ({partnership.partner.name})")


@exchange_cli.command("release-results")
def release_results() -> None:
    """Release the results of every call whose release day has come (run it daily)."""
    done = release_due_calls()
    commit()
    click.echo(f"{len(done)} call(s) released.")
    for call, summary in done:
        click.echo(f"  - {call.title}: {summary.offered} offer(s), {summary.waitlisted} "
                   f"waitlisted, {summary.not_selected} not selected")  # fmt: skip


@exchange_cli.command("expire-offers")
def expire_offers() -> None:
    """Expire offers not answered by their deadline, promoting the waiting lists (run daily)."""
    count = expire()
    commit()
    click.echo(f"{count} offer(s) expired.")


def register_cli(app: Flask) -> None:
    app.cli.add_command(exchange_cli)
