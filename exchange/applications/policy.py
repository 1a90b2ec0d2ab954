"""Who may see and change applications and their documents, and the list queries that agree.

Who: the owner student; coordinators whose scope covers the unit of a chosen program's
agreement (or university-wide coordinators); faculty with an active review assignment
(exchange/reviews; a declared conflict of interest ends it). Staff see an application
only once it has been submitted (submitted_at set): a draft is the student's alone.
When: the state (exchange/applications/states.py). Admins manage accounts, not applications.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, exists, false, or_, select

from exchange.accounts.models import User, UserRole
from exchange.accounts.roles import Role, has_role
from exchange.accounts.scope import in_scope, is_university_wide, unit_clause
from exchange.applications.documents import may_upload_now
from exchange.applications.models import Application, ApplicationChoice, ApplicationDocument
from exchange.applications.states import (
    EDITABLE,
    FINAL,
    WITHDRAWABLE,
    ApplicationState,
    DocumentStatus,
)
from exchange.extensions import db
from exchange.hooks import Hook
from exchange.partnerships.models import Partnership
from exchange.programs.models import Program

# Staff besides the coordinators who may read a submitted application. Reviews sit above
# applications (an assignment names an application), so exchange/reviews answers these for
# its assigned reviewers rather than this module importing it.
is_reader = Hook("applications.is_reader")  # (user, application) -> bool
reader_clause = Hook("applications.reader_clause")  # (user) -> WHERE on Application, or None


def is_owner(user, application: Application) -> bool:
    return has_role(user, Role.STUDENT) and application.student_id == user.id


def is_coordinator_for(user, application: Application) -> bool:
    """A coordinator whose scope covers one of the chosen programs (or all of them)."""
    if is_university_wide(user):
        return True
    return any(
        in_scope(user, choice.program.partnership.org_unit_id) for choice in application.choices
    )


def coordinators_concerned(application: Application) -> list:
    """Active coordinators whose scope covers the application: the office that handles it."""
    coordinators = db.session.scalars(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.COORDINATOR, User.is_active.is_(True))
        .order_by(User.id)
    ).all()
    return [c for c in coordinators if is_coordinator_for(c, application)]


def _staff_may_see(user, application: Application) -> bool:
    if application.submitted_at is None:
        return False
    return is_coordinator_for(user, application) or is_reader.any(user, application)


def can_view(user, application: Application) -> bool:
    return is_owner(user, application) or _staff_may_see(user, application)


def can_edit(user, application: Application) -> bool:
    return is_owner(user, application) and application.state in EDITABLE


def can_submit(user, application: Application) -> bool:
    """The button's rule; the service also needs a complete checklist and an open window."""
    return is_owner(user, application) and application.state == ApplicationState.DRAFT


def can_withdraw(user, application: Application) -> bool:
    return is_owner(user, application) and application.state in WITHDRAWABLE


def can_reopen(user, application: Application, today: date | None = None) -> bool:
    if not (is_owner(user, application) and application.state == ApplicationState.SUBMITTED):
        return False
    deadline = application.effective_deadline()
    today = today or date.today()
    return application.call.allow_reopen and deadline is not None and today <= deadline


def can_upload(user, application: Application, doc_type=None) -> bool:
    """Owners upload to a draft, or replace a rejected file while the office has it."""
    return is_owner(user, application) and may_upload_now(application, doc_type)


def can_remove_document(user, document: ApplicationDocument) -> bool:
    return can_edit(user, document.application) and document.status != DocumentStatus.REPLACED


def can_download_document(user, document: ApplicationDocument) -> bool:
    return can_view(user, document.application)


def can_reject_document(user, document: ApplicationDocument) -> bool:
    application = document.application
    return (
        is_coordinator_for(user, application)
        and application.submitted_at is not None
        and application.state not in EDITABLE | FINAL
        and document.status == DocumentStatus.CURRENT
    )


def _scope_clause(user):
    """Applications with a chosen program whose agreement's unit is in the user's scope."""
    return exists(
        select(ApplicationChoice.id)
        .join(Program, Program.id == ApplicationChoice.program_id)
        .join(Partnership, Partnership.id == Program.partnership_id)
        .where(
            ApplicationChoice.application_id == Application.id,
            unit_clause(user, Partnership.org_unit_id),
        )
    )


def visible_applications_clause(user):
    """A WHERE clause matching exactly the applications can_view allows this user."""
    submitted = Application.submitted_at.is_not(None)
    clauses = []
    if has_role(user, Role.STUDENT):
        clauses.append(Application.student_id == user.id)
    if is_university_wide(user):
        clauses.append(submitted)
    elif has_role(user, Role.COORDINATOR):
        clauses.append(submitted & _scope_clause(user))
    clauses.extend(submitted & clause for clause in reader_clause.ask(user) if clause is not None)
    return or_(*clauses) if clauses else false()


def visible_applications_query(user) -> Select:
    """Applications I may see, newest first (add filters and pagination on top)."""
    return (
        select(Application)
        .where(visible_applications_clause(user))
        .order_by(Application.created_at.desc(), Application.id.desc())
    )
