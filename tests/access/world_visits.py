"""Objects for the visit routes: visits proposed by a faculty member who is not the faculty
visitor (same unit, which has no head, so the university-wide coordinator visitor takes both
steps), one submitted with a file and one approved."""

from __future__ import annotations

from tests import factories as f
from tests.visits import factories as vf


def build(base: dict) -> dict:
    unit = base["unit"]
    colleague = f.faculty(org_unit=unit, full_name="Matrix Colleague")
    partnership = vf.staff_agreement(org_unit=unit, title="Matrix staff agreement")
    submitted = vf.visit("submitted", proposer=colleague, partnership=partnership)
    approved = vf.visit("approved", proposer=colleague, partnership=partnership,
                        start_date=vf.soon(90), end_date=vf.soon(94))  # fmt: skip
    document = _document(submitted)
    return {"visit_submitted": submitted, "visit_approved": approved, "visit_document": document}


def _document(visit):
    import hashlib

    from exchange.extensions import db
    from exchange.visits.models import VisitDocument

    content = b"%PDF-1.4 matrix invitation"
    document = VisitDocument(visit=visit, kind="invitation", filename="invitation.pdf",
                             content=content, content_type="application/pdf", size=len(content),
                             sha256=hashlib.sha256(content).hexdigest())  # fmt: skip
    db.session.add(document)
    db.session.commit()
    return document
