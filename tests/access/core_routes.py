"""Routes of the auth blueprint, the role dashboards, and the app's own static files."""

from tests.access.matrix import LOGIN, VISITORS, everyone, only, route

ROUTES = [
    route("static", values=lambda w: {"filename": "app.css"}, **everyone()),
    route("bootstrap.static", values=lambda w: {"filename": "css/bootstrap.min.css"}, **everyone()),
    route("auth.index", **everyone()),
    route("auth.login", **everyone()),
    route("auth.login", "POST", **everyone()),
    # Signing out always ends on the sign-in page.
    route("auth.logout", "POST", **{v: LOGIN for v in VISITORS}),
    route("auth.register", **everyone()),
    route("auth.register", "POST", **everyone()),
    route("auth.forgot_password", **everyone()),
    route("auth.forgot_password", "POST", **everyone()),
    route("auth.reset_password", values=lambda w: {"token": "not-a-token"}, **everyone()),
    route("auth.reset_password", "POST", values=lambda w: {"token": "x"}, **everyone()),
    route("auth.accept_invitation", values=lambda w: {"token": "not-a-token"}, **everyone()),
    route("auth.accept_invitation", "POST", values=lambda w: {"token": "x"}, **everyone()),
    route("auth.account", **everyone(anonymous=LOGIN)),
    route("auth.account", "POST", **everyone(anonymous=LOGIN)),
    route("auth.healthz", **everyone()),
    route("student.dashboard", **only("student")),
    route("faculty.dashboard", **only("faculty")),
    route("coordinator.dashboard", **only("coordinator")),
    route("admin.dashboard", **only("admin")),
]
