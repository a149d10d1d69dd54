"""Publishing under real concurrency (PostgreSQL row locks): one report, one version."""


import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from publishing.models import Publication
from publishing.services import document_publish
from tests.threads import run_at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are PostgreSQL's; SQLite serialises"
    ),
]

THREADS = 6


@pytest.fixture(autouse=True)
def criteria(transactional_db):
    """A transactional test's database is flushed afterwards, criteria included."""
    call_command("load_criteria", verbosity=0)


def test_publishing_one_document_at_once_makes_one_version(issued, users, publications_storage):
    from tests.publishing.conftest import published_files

    document = issued()
    admin = users["demo_agency_admin"]

    results, errors = run_at_once(
        lambda n: document_publish(document, acting_user=admin, reason=f"ครั้งที่ {n}"),
        range(THREADS),
    )
    assert len(results) == 1
    assert len(errors) == THREADS - 1
    assert all(isinstance(e, ValidationError) for e in errors), errors
    assert {e.messages[0] for e in errors} == {
        "เอกสารฉบับนี้เผยแพร่ไปแล้ว (ฉบับที่ 1) เผยแพร่ซ้ำไม่ได้"
    }
    assert Publication.objects.count() == 1
    assert published_files(publications_storage) == [results[0].file.name]


def test_two_issues_of_one_report_at_once_without_a_reason_make_one_version(issued, users):
    first, second = issued(), issued(note="ฉบับแก้")
    admin = users["demo_agency_admin"]
    documents = [first, second]

    results, errors = run_at_once(
        lambda n: document_publish(documents[n], acting_user=admin), range(2))
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert "กรุณาระบุเหตุผล" in errors[0].messages[0] or "ออกก่อน" in errors[0].messages[0]
    assert list(Publication.objects.values_list("version", flat=True)) == [1]


def test_corrections_at_once_get_consecutive_versions(issued, users):
    documents = [issued(note=f"ฉบับ {n}") for n in range(4)]
    admin = users["demo_agency_admin"]
    document_publish(documents[0], acting_user=admin)

    results, errors = run_at_once(
        lambda n: document_publish(documents[n + 1], acting_user=admin, reason=f"แก้ {n}"),
        range(3),
    )
    # A newer issue published first makes an older one refused ("ออกก่อน"); the versions
    # that were made are consecutive, each superseding the one before.
    assert all("ออกก่อน" in e.messages[0] for e in errors), errors
    versions = list(
        Publication.objects.order_by("version").values_list("version", "supersedes__version")
    )
    assert versions == [(v, v - 1 if v > 1 else None) for v in range(1, len(results) + 2)]
