"""The admin area: accounts, roles, the audit trail and the mail outbox.

One blueprint, a view module per noun.
"""

from flask import Blueprint

from exchange.accounts.roles import Role
from exchange.web import gate_blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
gate_blueprint(bp, Role.ADMIN)

from exchange.admin import (  # noqa: E402,F401 - view modules register routes on bp
    audit_log,
    outbox,
    users,
    views,
)
