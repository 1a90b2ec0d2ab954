"""Archiving partners, their contacts and their factsheet: rules, audit rows, constraints."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from exchange.audit import AuditEvent
from exchange.db import utcnow
from exchange.extensions import db
from exchange.partnerships import factsheets, institutions, policy, services
from exchange.partnerships.kinds import DeadlineKind, Semester
from exchange.partnerships.models import (
    Factsheet,
    FactsheetDeadline,
    InstitutionContact,
)
from exchange.partnerships.queries import institutions_query, partner_institutions
from exchange.partnerships.states import PartnershipState
from tests import factories as f


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def _actions():
    return db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()


# --- Archive --------------------------------------------------------------------------------


def test_archive_institution_refuses_the_home_institution():
    home = f.home_institution()
    coordinator = f.coordinator()
    assert policy.can_archive_institution(coordinator, home) is False
    with pytest.raises(services.PartnershipError, match="home institution cannot be archived"):
        institutions.archive_institution(home, actor=coordinator)
    assert home.archived_at is None


@pytest.mark.parametrize("state", ["draft", "active", "suspended"])
def test_archive_institution_refuses_a_partner_with_a_live_agreement(state):
    partner = f.institution(name="University of Oxford")
    f.partnership(partner=partner, title="Biomedical research", state=state)
    f.partnership(partner=partner, title="Old history exchange", state="expired")
    db.session.expire_all()

    with pytest.raises(services.PartnershipError) as error:
        institutions.archive_institution(partner, actor=f.coordinator())

    assert "University of Oxford still has agreements" in str(error.value)
    assert "Biomedical research" in str(error.value)
    assert "Old history exchange" not in str(error.value)
    db.session.rollback()
    assert partner.archived_at is None
    assert "institution.archive" not in _actions()


def test_archive_institution_hides_it_and_is_audited():
    partner = f.institution(name="Former partner")
    f.partnership(partner=partner, state=PartnershipState.TERMINATED)
    current = f.institution(name="Current partner")
    actor = f.coordinator()

    institutions.archive_institution(partner, actor=actor)
    db.session.commit()

    assert partner.archived_at is not None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "institution.archive"))
    assert (event.object_id, event.actor_id, event.before) == (
        partner.id,
        actor.id,
        {"archived_at": None},
    )
    hidden = db.session.scalars(institutions_query()).all()
    shown = db.session.scalars(institutions_query(archived=True)).all()
    assert partner not in hidden and current in hidden
    assert partner in shown and current in shown
    assert partner_institutions() == [current]
    assert partner_institutions(include_archived=True) == [current, partner]


def test_archived_partner_cannot_get_a_new_agreement_until_restored():
    partner = f.archived_institution(name="Former partner")
    actor = f.coordinator()
    with pytest.raises(services.PartnershipError, match="Former partner is archived") as error:
        services.create_partnership(partner=partner, title="New", first_year=2026,
                                    last_year=2027, actor=actor)  # fmt: skip
    assert error.value.field == "partner_id"
    db.session.rollback()

    institutions.unarchive_institution(partner, actor=actor)
    created = services.create_partnership(
        partner=partner, title="New", first_year=2026, last_year=2027, actor=actor
    )
    db.session.commit()
    assert partner.archived_at is None and created.partner_id == partner.id
    assert _actions()[:2] == ["institution.unarchive", "partnership.create"]


def test_database_refuses_an_archived_home_institution():
    home = f.home_institution()
    home.archived_at = utcnow() - timedelta(days=1)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


# --- Contacts -------------------------------------------------------------------------------


def test_add_contact_normalises_and_audits():
    partner = f.institution()
    contact = institutions.add_contact(
        partner, actor=f.coordinator(), name="  Ana Silva ", role="Incoming coordinator",
        email="Ana.Silva@Partner.EXAMPLE", phone="+351 (21) 000-1234", note="",
    )  # fmt: skip
    db.session.commit()
    assert (contact.name, contact.email, contact.phone, contact.note) == (
        "Ana Silva", "Ana.Silva@partner.example", "+351 (21) 000-1234", None,
    )  # fmt: skip
    event = db.session.scalar(select(AuditEvent))
    assert (event.action, event.after["email"]) == ("contact.create", "Ana.Silva@partner.example")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "Enter the contact's name."),
        ({"email": "ana@"}, "email", "Enter a valid e-mail address"),
        ({"phone": "call the office"}, "phone", "Write the phone number with digits"),
        ({"phone": "12+34"}, "phone", "Write the phone number with digits"),
        ({"phone": "123"}, "phone", "Write the phone number with digits"),
        ({"email": "", "phone": ""}, "email", "Give an e-mail address or a phone number."),
    ],
)
def test_add_contact_refuses_bad_input_beside_its_field(fields, field, message):
    partner = f.institution()
    valid = dict(name="Ana Silva", role="", email="ana@partner.example", phone="+351 21 000 1234")
    with pytest.raises(services.PartnershipError, match=message) as error:
        institutions.add_contact(partner, actor=f.coordinator(), **(valid | fields))
    assert error.value.field == field
    db.session.rollback()
    assert _count(InstitutionContact) == 0


def test_update_and_delete_contact_are_audited():
    contact = f.institution_contact(name="Ana Silva", email="ana@partner.example")
    actor = f.coordinator()
    institutions.update_contact(contact, actor=actor, name="Ana Silva", role="Housing office",
                                email="ana@partner.example", phone="")  # fmt: skip
    institutions.delete_contact(contact, actor=actor)
    db.session.commit()
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["contact.update", "contact.delete"]
    assert events[0].after == {"role": "Housing office", "phone": None}
    assert events[1].before["name"] == "Ana Silva"
    assert _count(InstitutionContact) == 0


def test_database_refuses_a_contact_without_email_or_phone():
    partner = f.institution()
    db.session.add(InstitutionContact(institution=partner, name="Nobody"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


# --- Factsheet ------------------------------------------------------------------------------


def _factsheet(**deadlines):
    return dict(website="https://partner.example/incoming", languages=["en", "fr"],
                housing="Rooms in halls.", visa="", insurance=None, accessibility="Ramps.",
                deadlines=deadlines)  # fmt: skip


def test_save_factsheet_stores_deadlines_as_month_and_day_and_audits():
    partner = f.institution()
    factsheet = factsheets.save_factsheet(
        partner,
        actor=f.coordinator(),
        **_factsheet(first_nomination=(15, 5), second_application=(1, 11)),  # fmt: skip
    )
    db.session.commit()
    rows = db.session.execute(
        select(
            FactsheetDeadline.semester,
            FactsheetDeadline.kind,
            FactsheetDeadline.month,
            FactsheetDeadline.day,
        ).order_by(FactsheetDeadline.month)  # fmt: skip
    ).all()
    assert rows == [(Semester.FIRST, DeadlineKind.NOMINATION, 5, 15),
                    (Semester.SECOND, DeadlineKind.APPLICATION, 11, 1)]  # fmt: skip
    assert factsheet.languages == ["en", "fr"] and factsheet.visa is None
    assert factsheet.deadline(Semester.FIRST, DeadlineKind.NOMINATION).label == "15 May"
    event = db.session.scalar(select(AuditEvent))
    assert event.action == "factsheet.create"
    assert event.after["first_nomination"] == "--05-15"


def test_save_factsheet_again_changes_and_removes_deadlines():
    partner = f.institution()
    actor = f.coordinator()
    factsheets.save_factsheet(partner, actor=actor, **_factsheet(first_nomination=(15, 5)))
    factsheets.save_factsheet(partner, actor=actor, **_factsheet(first_application=(30, 6)))
    db.session.commit()
    rows = db.session.execute(select(FactsheetDeadline.kind, FactsheetDeadline.day)).all()
    assert rows == [(DeadlineKind.APPLICATION, 30)]
    assert _count(Factsheet) == 1
    update = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "factsheet.update"))
    assert update.before == {"first_nomination": "--05-15", "first_application": None}
    assert update.after == {"first_nomination": None, "first_application": "--06-30"}


@pytest.mark.parametrize(
    ("deadline", "field", "message"),
    [
        ((31, 2), "first_nomination_day", "31 February does not exist; February has 28 days."),
        ((30, 2), "first_nomination_day", "30 February does not exist"),
        ((31, 4), "first_nomination_day", "31 April does not exist; April has 30 days."),
        ((29, 2), "first_nomination_day", "29 February does not come every year"),
        ((0, 5), "first_nomination_day", "0 May does not exist"),
        ((15, None), "first_nomination_month", "Choose the month as well as the day."),
        ((None, 5), "first_nomination_day", "Choose the day as well as the month."),
        ((15, 13), "first_nomination_month", "Choose a month from the list."),
    ],
)
def test_save_factsheet_refuses_impossible_deadlines(deadline, field, message):
    partner = f.institution()
    with pytest.raises(services.PartnershipError, match=message) as error:
        factsheets.save_factsheet(partner, actor=f.coordinator(),
                                  **_factsheet(first_nomination=deadline))  # fmt: skip
    assert error.value.field == field
    db.session.rollback()
    assert (_count(Factsheet), _count(FactsheetDeadline)) == (0, 0)


def test_save_factsheet_refuses_unknown_languages_and_bad_websites():
    partner = f.institution()
    with pytest.raises(services.PartnershipError, match="Unknown language codes: xx"):
        factsheets.save_factsheet(partner, actor=f.coordinator(),
                                  **(_factsheet() | {"languages": ["en", "xx"]}))  # fmt: skip
    db.session.rollback()
    with pytest.raises(services.PartnershipError, match="starting with http"):
        factsheets.save_factsheet(partner, actor=f.coordinator(),
                                  **(_factsheet() | {"website": "partner.example"}))  # fmt: skip
    db.session.rollback()
    assert _count(Factsheet) == 0


@pytest.mark.parametrize(("month", "day"), [(2, 29), (2, 31), (4, 31), (13, 1), (6, 0)])
def test_database_refuses_impossible_deadlines(month, day):
    partner = f.institution()
    factsheet = Factsheet(institution=partner)
    factsheet.deadlines.append(
        FactsheetDeadline(semester=Semester.FIRST, kind=DeadlineKind.NOMINATION, month=month,
                          day=day)
    )  # fmt: skip
    db.session.add(factsheet)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
