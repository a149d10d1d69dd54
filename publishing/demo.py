"""The demo's publication (manage.py seed_demo, after the memos): the report carried by
the demo agency's memo that นายก approved, published by the officer who prepared it."""

from django.contrib.auth import get_user_model

from ita_portal.agencies.models import Agency
from ita_portal.documents.renderer import document_render
from ita_portal.signing import signing_problem
from memos.models import Memo, MemoState
from publishing.models import Publication
from publishing.selectors import APPROVED
from publishing.services import document_publish


def seed_demo_publications() -> tuple[int, str]:
    """Publish the approved memo's report once; returns (how many, why none if none)."""
    problem = signing_problem()
    if problem:
        return 0, problem
    agency = Agency.objects.get(code="thung-ruang-thong")
    memo = (
        Memo.objects.filter(agency=agency, state=MemoState.DECIDED, decision=APPROVED,
                            report_document__isnull=False)
        .order_by("pk")
        .first()
    )
    if memo is None or Publication.objects.filter(document=memo.report_document_id).exists():
        return 0, ""
    # The worker renders issued documents after the seed; the demo needs this one now
    # (the worker then finds it ready and leaves it).
    document = document_render(memo.report_document_id)
    officer = get_user_model().objects.get(username="demo_officer")
    document_publish(document, acting_user=officer)
    return 1, ""
