"""The admin's start page links to every admin screen and flags undelivered mail."""

from exchange.notifications.models import OutboxState
from tests import factories as f


def test_admin_dashboard_links_to_every_admin_screen(login_as):
    page = login_as(f.admin()).get("/admin/").get_data(as_text=True)
    for path in ["/admin/users", "/admin/users/invite", "/admin/audit", "/admin/outbox"]:
        assert f'href="{path}"' in page


def test_admin_dashboard_flags_failed_mail(login_as):
    f.outbox_message(state=OutboxState.FAILED, attempts=8)
    page = login_as(f.admin()).get("/admin/").get_data(as_text=True)
    assert "1 e-mail could not be delivered after every retry." in page


def test_admin_dashboard_counts_deactivated_accounts(login_as):
    f.student(is_active=False)
    f.student(is_active=False)
    page = login_as(f.admin()).get("/admin/").get_data(as_text=True)
    assert (
        'href="/admin/users?status=inactive"><div class="card-body"><div class="display-6">2<'
        in page
    )
