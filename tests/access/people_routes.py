"""Routes where staff are invited and accounts are managed (coordinator and admin areas)."""

from tests.access.matrix import only, route


def _other(w):
    return {"user_id": w["other_user"].id}


def _inactive(w):
    return {"user_id": w["inactive_user"].id}


ROUTES = [
    route("coordinator.person_invite", **only("coordinator")),
    route("coordinator.person_invite", "POST", **only("coordinator")),
    route("admin.user_list", **only("admin")),
    route("admin.user_detail", values=_other, **only("admin")),
    route("admin.user_edit", values=_other, **only("admin")),
    # Posted empty: the form answers with its errors and nothing changes.
    route("admin.user_edit", "POST", values=_other, **only("admin")),
    route("admin.user_roles", values=_other, **only("admin")),
    route("admin.user_roles", "POST", values=_other, **only("admin")),
    route("admin.user_deactivate", values=_other, **only("admin")),
    route("admin.user_deactivate", "POST", values=_other, **only("admin")),
    route("admin.user_reactivate", "POST", values=_inactive, **only("admin")),
    route("admin.user_invite", **only("admin")),
    route("admin.user_invite", "POST", **only("admin")),
    route("admin.audit_list", **only("admin")),
    route("admin.outbox_list", **only("admin")),
    route("admin.outbox_retry", "POST", **only("admin")),
]
