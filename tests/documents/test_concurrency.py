"""Register numbers and issuing under real concurrency (PostgreSQL: row locks)."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency, Membership, Role
from ita_portal.documents.models import IssuedDocument
from ita_portal.documents.services import DocumentAlreadyIssued, document_issue
from tests.threads import run_at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are PostgreSQL's; SQLite serialises"
    ),
]

THREADS = 50


@pytest.fixture
def setup_agency():
    call_command("load_criteria", "2567", verbosity=0)
    agency = Agency.objects.create(code="nong-bua", name="องค์การบริหารส่วนตำบลหนองบัว")
    officer = get_user_model().objects.create_user("officer_nb")
    Membership.objects.create(user=officer, agency=agency, role=Role.OFFICER)
    return agency, AssessmentYear.objects.get(year=2567), officer


def _payload(n: int) -> dict:
    return {"schema": 1, "title": f"รายงานทดสอบ {n}", "filename": f"r{n}.pdf",
            "template": "reports/plan.html", "n": n}


def test_fifty_concurrent_issues_get_fifty_consecutive_numbers(setup_agency):
    agency, year, officer = setup_agency

    def issue(n):
        # Different reports (variants) of one agency-year, all at the same moment.
        return document_issue(agency=agency, year=year, kind="progress", variant=f"v{n}",
                              payload=_payload(n), acting_user=officer).number

    numbers, errors = run_at_once(issue, range(THREADS))
    assert errors == []
    assert sorted(numbers) == list(range(1, THREADS + 1))
    assert IssuedDocument.objects.count() == THREADS


def test_two_people_issuing_the_same_report_make_one_document(setup_agency):
    agency, year, officer = setup_agency

    def issue(n):
        return document_issue(agency=agency, year=year, kind="plan", variant="",
                              payload=_payload(0), acting_user=officer).number

    numbers, errors = run_at_once(issue, range(8))
    assert numbers == [1]
    assert len(errors) == 7 and all(isinstance(e, DocumentAlreadyIssued) for e in errors)
    assert IssuedDocument.objects.count() == 1


def test_a_worker_process_renders_what_was_issued(setup_agency, tmp_path):
    """The real thing: `manage.py db_worker` in its own process takes the queued render
    from the shared PostgreSQL queue and stores the file."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    from ita_portal.documents.services import enqueue_render

    agency, year, officer = setup_agency
    call_command("load_criteria", "2566", verbosity=0)
    document = document_issue(agency=agency, year=year, kind="plan", variant="",
                              payload={**_payload(1), "measures": [], "previous_year": 2566,
                                       "agency": {"name": agency.name}, "year": {"year": 2567},
                                       "title_lines": ["ทดสอบ"], "author": agency.name},
                              acting_user=officer)
    enqueue_render(document.pk)  # what on_commit does after a request
    database = settings.DATABASES["default"]
    url = (f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
           f"{database['PORT'] or 5432}/{database['NAME']}")
    env = {**os.environ, "DATABASE_URL": url, "DOCUMENTS_ROOT": str(tmp_path),
           "ITA_DEMO_MODE": "1"}
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and worker.poll() is None:
            document.refresh_from_db()
            if document.status in ("ready", "failed"):
                break
            time.sleep(0.2)
    finally:
        worker.terminate()
        _, errors = worker.communicate(timeout=30)
    assert worker.returncode in (0, -15), errors.decode()
    document.refresh_from_db()
    assert document.status == "ready", document.failure_reason
    assert (tmp_path / document.file.name).read_bytes()[:5] == b"%PDF-"
