"""Imports every model module so that the metadata (and Alembic) sees every table."""

from exchange.accounts.languages import StudentLanguage  # noqa: F401
from exchange.accounts.models import (  # noqa: F401 - imported for their tables
    AccountToken,
    CoordinatorScope,
    LoginAttempt,
    OrgUnit,
    User,
    UserRole,
    UserSession,
)
from exchange.applications.models import (  # noqa: F401
    Application,
    ApplicationChoice,
    ApplicationDocument,
)
from exchange.audit import AuditEvent  # noqa: F401
from exchange.notifications.models import OutboxMessage  # noqa: F401
from exchange.notifications.notices import Notice  # noqa: F401
from exchange.partnerships.models import (  # noqa: F401
    CooperationCondition,
    Institution,
    Partnership,
)
from exchange.programs.calls import Call  # noqa: F401
from exchange.programs.models import Program  # noqa: F401
