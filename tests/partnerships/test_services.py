"""Institution, partnership and condition services: side effects, audit rows, no commit."""

import pytest
from sqlalchemy import func, select

from exchange.audit import AuditEvent
from exchange.extensions import db
from exchange.partnerships import conditions, services
from exchange.partnerships.models import CooperationCondition, Institution, Partnership
from exchange.partnerships.states import Direction, MobilityType, PartnershipState
from exchange.programs.states import ProgramState
from tests import factories as f


def _events(action=None):
    stmt = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    return db.session.scalars(stmt).all()


def _institution_fields(**kw):
    return (
        dict(
            name="University of Toronto",
            country="CA",
            city="Toronto",
            website="https://www.utoronto.ca",
            schac_code="utoronto.ca",
            erasmus_code=None,
        )
        | kw
    )


def test_create_institution_adds_a_partner_and_an_audit_record():
    actor = f.coordinator()
    institution = services.create_institution(actor=actor, **_institution_fields())
    db.session.commit()

    assert institution.is_home is False
    (event,) = _events("institution.create")
    assert (event.actor_id, event.object_id) == (actor.id, institution.id)
    assert event.after["schac_code"] == "utoronto.ca"


def test_create_institution_does_not_commit():
    services.create_institution(actor=f.coordinator(), **_institution_fields())
    db.session.rollback()
    partners = select(func.count()).select_from(Institution).where(Institution.is_home.is_(False))
    assert db.session.scalar(partners) == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"schac_code": "Not A Domain"}, "schac_code"),
        ({"schac_code": "localhost"}, "schac_code"),
        ({"website": "ftp://utoronto.ca"}, "website"),
        ({"erasmus_code": "nonsense"}, "erasmus_code"),
        ({"name": "  "}, "name"),
    ],
)
def test_create_institution_refuses_bad_data_naming_the_field(fields, field):
    with pytest.raises(services.PartnershipError) as error:
        services.create_institution(actor=f.coordinator(), **_institution_fields(**fields))
    assert error.value.field == field


def test_schac_and_erasmus_codes_are_unique():
    f.institution(schac_code="cam.ac.uk", erasmus_code="UK CAMBRID01")
    actor = f.coordinator()
    with pytest.raises(services.PartnershipError) as error:
        services.create_institution(actor=actor, **_institution_fields(schac_code="cam.ac.uk"))
    assert error.value.field == "schac_code"
    with pytest.raises(services.PartnershipError) as error:
        services.create_institution(actor=actor, **_institution_fields(erasmus_code="uk cambrid01"))
    assert error.value.field == "erasmus_code"


def test_update_institution_records_only_the_changed_fields():
    institution = f.institution(name="Old name", city="Oxford")
    services.update_institution(
        institution,
        actor=f.coordinator(),
        **_institution_fields(
            name="New name",
            city="Oxford",
            country=institution.country,
            schac_code=institution.schac_code,
            website=institution.website,
        ),
    )
    db.session.commit()
    (event,) = _events("institution.update")
    assert event.before == {"name": "Old name"}
    assert event.after == {"name": "New name"}


def test_update_home_institution_keeps_it_home():
    home = f.home_institution()
    services.update_institution(
        home, actor=f.coordinator(), **_institution_fields(schac_code=home.schac_code)
    )
    db.session.commit()
    assert home.is_home is True


def test_create_partnership_starts_in_draft_with_audit():
    partner = f.institution()
    unit = f.org_unit()
    partnership = services.create_partnership(
        partner=partner,
        title="AI research",
        first_year=2026,
        last_year=2030,
        org_unit=unit,
        subject_areas=["0613", "0612"],
        actor=f.coordinator(),
    )
    db.session.commit()

    assert partnership.state == PartnershipState.DRAFT
    assert partnership.subject_areas == ["0612", "0613"]
    (event,) = _events("partnership.create")
    assert event.after["state"] == "draft"
    assert event.after["org_unit_id"] == unit.id


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"first_year": 2027, "last_year": 2026}, "last_year"),
        ({"subject_areas": ["9999"]}, "subject_areas"),
        ({"title": " "}, "title"),
    ],
)
def test_create_partnership_refuses_bad_data(kw, field):
    data = (
        dict(
            partner=f.institution(),
            title="T",
            first_year=2026,
            last_year=2028,
            actor=f.coordinator(),
        )
        | kw
    )
    with pytest.raises(services.PartnershipError) as error:
        services.create_partnership(**data)
    assert error.value.field == field


def test_create_partnership_with_the_home_institution_is_refused():
    with pytest.raises(services.PartnershipError) as error:
        services.create_partnership(
            partner=f.home_institution(),
            title="Self",
            first_year=2026,
            last_year=2027,
            actor=f.coordinator(),
        )
    assert error.value.field == "partner_id"


def test_update_partnership_refused_when_final():
    partnership = f.partnership(state=PartnershipState.TERMINATED)
    with pytest.raises(services.PartnershipError):
        services.update_partnership(partnership, actor=f.coordinator(), title="New")


def test_update_partnership_keeps_programs_inside_the_validity():
    partnership = f.partnership(first_year=2026, last_year=2030)
    f.program(partnership=partnership, academic_year=2029)
    with pytest.raises(services.PartnershipError) as error:
        services.update_partnership(partnership, actor=f.coordinator(), last_year=2028)
    assert error.value.field == "last_year"


def test_update_partnership_ignores_cancelled_programs_for_validity():
    partnership = f.partnership(first_year=2026, last_year=2030)
    f.program(partnership=partnership, academic_year=2029, state=ProgramState.CANCELLED)
    services.update_partnership(partnership, actor=f.coordinator(), last_year=2028)
    db.session.commit()
    assert partnership.last_year == 2028
    (event,) = _events("partnership.update")
    assert (event.before, event.after) == ({"last_year": 2030}, {"last_year": 2028})


def test_change_partnership_state_audits_with_note():
    partnership = f.partnership(state=PartnershipState.ACTIVE)
    services.change_partnership_state(
        partnership, PartnershipState.SUSPENDED, actor=f.coordinator(), note="  Partner audit  "
    )
    db.session.commit()
    (event,) = _events("partnership.suspended")
    assert event.note == "Partner audit"
    assert partnership.state == PartnershipState.SUSPENDED


def test_partnership_actions_follow_the_table():
    def labels(state):
        return [a.label for a in services.partnership_actions(f.partnership(state=state))]

    assert labels(PartnershipState.DRAFT) == ["Activate", "Terminate"]
    assert labels(PartnershipState.ACTIVE) == ["Suspend", "Mark expired", "Terminate"]
    assert labels(PartnershipState.SUSPENDED) == ["Resume", "Mark expired", "Terminate"]
    assert labels(PartnershipState.EXPIRED) == []


def _condition_fields(**kw):
    return (
        dict(
            direction="outgoing",
            mobility_type="SMS",
            places_per_year=3,
            months_per_year=15,
            days_per_year=None,
            eqf_levels=["6"],
            language="en",
            cefr_level="B2",
        )
        | kw
    )


def test_add_condition_with_audit():
    partnership = f.partnership()
    condition = conditions.add_condition(partnership, actor=f.coordinator(), **_condition_fields())
    db.session.commit()
    assert (condition.direction, condition.mobility_type) == (Direction.OUTGOING, MobilityType.SMS)
    (event,) = _events("condition.create")
    assert event.after["partnership_id"] == partnership.id


def test_add_condition_duplicate_pair_is_refused_beside_the_type():
    partnership = f.partnership()
    f.condition(partnership=partnership, direction="outgoing", mobility_type="SMS")
    with pytest.raises(services.PartnershipError) as error:
        conditions.add_condition(partnership, actor=f.coordinator(), **_condition_fields())
    assert error.value.field == "mobility_type"
    assert "already has a condition" in str(error.value)


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"places_per_year": 0}, "places_per_year"),
        ({"mobility_type": "STA", "months_per_year": 5}, "months_per_year"),
        ({"mobility_type": "SMS", "months_per_year": None, "days_per_year": 10}, "days_per_year"),
        ({"cefr_level": "D1"}, "cefr_level"),
        ({"language": "xx"}, "language"),
        ({"eqf_levels": ["5"]}, "eqf_levels"),
    ],
)
def test_add_condition_refuses_bad_data(kw, field):
    with pytest.raises(services.PartnershipError) as error:
        conditions.add_condition(f.partnership(), actor=f.coordinator(), **_condition_fields(**kw))
    assert error.value.field == field


def test_update_condition_may_keep_its_own_pair_and_records_the_diff():
    condition = f.condition(places_per_year=4)
    conditions.update_condition(condition, actor=f.coordinator(), places_per_year=6)
    db.session.commit()
    (event,) = _events("condition.update")
    assert (event.before, event.after) == ({"places_per_year": 4}, {"places_per_year": 6})


def test_delete_condition_keeps_what_it_said_in_the_audit():
    condition = f.condition(places_per_year=4)
    condition_id = condition.id
    conditions.delete_condition(condition, actor=f.coordinator())
    db.session.commit()
    assert db.session.get(CooperationCondition, condition_id) is None
    (event,) = _events("condition.delete")
    assert event.object_id == condition_id
    assert event.before["places_per_year"] == 4


def test_conditions_of_a_final_agreement_cannot_change():
    condition = f.condition(partnership=f.partnership(state=PartnershipState.EXPIRED))
    with pytest.raises(services.PartnershipError):
        conditions.delete_condition(condition, actor=f.coordinator())
    assert db.session.scalar(select(func.count()).select_from(Partnership)) == 1


def test_condition_keeps_its_own_subject_areas_and_refuses_unknown_codes():
    partnership = f.partnership()
    condition = conditions.add_condition(
        partnership, actor=f.coordinator(), **_condition_fields(subject_areas=["0533", "0719"])
    )
    assert condition.subject_areas == ["0533", "0719"]
    with pytest.raises(services.PartnershipError) as error:
        conditions.update_condition(condition, actor=f.coordinator(), subject_areas=["9999"])
    assert error.value.field == "subject_areas"
    assert "9999" in str(error.value)
