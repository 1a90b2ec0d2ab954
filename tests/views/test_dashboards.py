"""Each role's dashboard shows the data that role acts on, and nothing it should not see."""

from datetime import date, timedelta

from exchange.programs.states import ProgramState
from tests import factories as f


def test_student_dashboard_lists_open_programs_only(login_as):
    open_program = f.program(title="Nanotechnology semester at Cambridge")
    f.program(title="Hidden draft call", state=ProgramState.DRAFT)
    f.program(title="Call closed last month", opens_on=date.today() - timedelta(days=60),
              closes_on=date.today() - timedelta(days=30))  # fmt: skip
    client = login_as(f.student())

    page = client.get("/student/").get_data(as_text=True)

    assert open_program.title in page
    assert "Hidden draft call" not in page
    assert "Call closed last month" not in page


def test_student_dashboard_empty_state_explains(login_as):
    page = login_as(f.student()).get("/student/").get_data(as_text=True)
    assert "No programs are open right now." in page


def test_faculty_dashboard_shows_own_unit_partnerships_not_others(login_as):
    mine, other = f.org_unit(name="Physics"), f.org_unit(name="History")
    f.partnership(title="Physics with Oxford", org_unit=mine)
    f.partnership(title="History with Tehran", org_unit=other)
    f.partnership(title="University-wide with Toronto", org_unit=None)
    client = login_as(f.faculty(org_unit=mine))

    page = client.get("/faculty/").get_data(as_text=True)

    assert "Physics with Oxford" in page
    assert "University-wide with Toronto" in page
    assert "History with Tehran" not in page


def test_coordinator_dashboard_shows_open_calls_and_expiring_agreements(login_as):
    this_year = date.today().year if date.today().month >= 9 else date.today().year - 1
    f.program(title="AI summer school")
    f.partnership(title="Ending agreement", first_year=this_year - 3, last_year=this_year)
    page = login_as(f.coordinator()).get("/coordinator/").get_data(as_text=True)
    assert "AI summer school" in page
    assert "Ending agreement" in page


def test_admin_dashboard_counts_roles(login_as):
    f.student(full_name="Layla Student")
    page = login_as(f.admin(full_name="Ada Admin")).get("/admin/").get_data(as_text=True)
    assert "Layla Student" in page
    assert "Ada Admin" in page
