"""Routes of the notices page every signed-in person has, whatever their roles."""

from tests.access.matrix import HIDDEN, LOGIN, VISITORS, everyone, route


def _someone_elses(w):
    return {"notice_id": w["notice"].id}


ROUTES = [
    route("notices.notice_list", **everyone(anonymous=LOGIN)),
    route("notices.notice_mark_all_read", "POST", **everyone(anonymous=LOGIN)),
    # A notice belongs to its recipient alone: for everyone else it does not exist.
    route(
        "notices.notice_open",
        values=_someone_elses,
        **({v: HIDDEN for v in VISITORS} | {"anonymous": LOGIN}),
    ),
]
