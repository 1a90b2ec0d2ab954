"""Imports every model module so that the metadata (and Alembic) sees every table."""

import exchange.placements  # noqa: F401 - seat and promotion receivers (issue 6)
import exchange.placements.records  # noqa: F401 - objections, nominations (issue 6)
import exchange.reviews.models  # noqa: F401 - the review tables (issue 5)
import exchange.selection.models  # noqa: F401 - selection scores, runs and waiting lists (issue 5)
import exchange.visits.incoming.models  # noqa: F401 - incoming visiting scholars (issue 7)
import exchange.visits.models  # noqa: F401 - faculty visit proposals (issue 7)
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
