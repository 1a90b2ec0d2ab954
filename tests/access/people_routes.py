"""Routes where staff are invited and accounts are managed (coordinator and admin areas)."""

from tests.access.matrix import Area, ids, only

admin = Area(only("admin"))

_other = ids(user_id="other_user")

ROUTES = [
    *Area(only("coordinator")).form("coordinator.person_invite"),
    admin("admin.user_list"),
    admin("admin.user_detail", values=_other),
    # Posted empty: the form answers with its errors and nothing changes.
    *admin.form("admin.user_edit", values=_other),
    *admin.form("admin.user_roles", values=_other),
    *admin.form("admin.user_deactivate", values=_other),
    admin("admin.user_reactivate", "POST", values=ids(user_id="inactive_user")),
    *admin.form("admin.user_invite"),
    admin("admin.audit_list"),
    admin("admin.outbox_list"),
    admin("admin.outbox_retry", "POST"),
]
