"""Issuing a report: frozen payload, register number, supersession, refusals."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction

from ita_portal.agencies.models import Agency
from ita_portal.audit.models import AuditEvent
from ita_portal.documents.models import DocumentFrozen, IssuedDocument, RegisterCounter
from ita_portal.documents.services import REPORT_SERIES, DocumentAlreadyIssued, register_take
from measures.models import Measure

pytestmark = pytest.mark.django_db


def test_issue_freezes_the_payload_numbers_it_and_records_who(issue, officer, agency):
    document = issue("plan")
    assert document.number == 1
    assert document.series == REPORT_SERIES
    assert document.status == "queued"
    assert document.issued_by == officer
    assert document.payload["agency"]["name"] == agency.name
    assert len(document.payload_sha256) == 64
    event = AuditEvent.objects.get(action="document.issue")
    assert (event.actor, event.agency, event.object_id) == (officer, agency, str(document.pk))


def test_same_data_is_one_document_and_no_number_is_lost(issue, year_2567, agency):
    first = issue("plan")
    with pytest.raises(DocumentAlreadyIssued) as refused:
        issue("plan")
    assert refused.value.existing == first
    assert "ออกเอกสารนี้ไปแล้ว" in refused.value.messages[0]
    assert IssuedDocument.objects.count() == 1
    # The refused issue's number went back with its rollback: the next one is 2.
    measure = Measure.objects.filter(agency=agency, year=year_2567).first()
    Measure.objects.filter(pk=measure.pk).update(title="มาตรการที่แก้ไขแล้ว")
    second = issue("plan")
    assert second.number == 2
    assert second.supersedes == first
    assert IssuedDocument.objects.get(pk=first.pk).superseded_by == second


def test_layouts_are_different_reports(issue):
    numbered = issue("progress", layout="numbered")
    by_tool = issue("progress", layout="by_tool")
    assert numbered.variant == "numbered" and by_tool.variant == "by_tool"
    assert by_tool.supersedes is None
    assert (numbered.number, by_tool.number) == (1, 2)


def test_register_number_is_returned_by_a_rollback(agency):
    with transaction.atomic():
        assert register_take(agency, "memo", 2568) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert register_take(agency, "memo", 2568) == 2
        raise RuntimeError("the issue failed after taking its number")
    with transaction.atomic():
        assert register_take(agency, "memo", 2568) == 2
    assert RegisterCounter.objects.get(agency=agency, series="memo").last_number == 2


@pytest.mark.django_db(transaction=True)
def test_register_take_needs_the_callers_transaction():
    agency = Agency.objects.create(code="nong-bua", name="องค์การบริหารส่วนตำบลหนองบัว")
    with pytest.raises(RuntimeError):
        register_take(agency, "memo", 2568)
    assert not RegisterCounter.objects.exists()


@pytest.mark.parametrize("username", ["demo_palad", "demo_mayor", "demo_officer_b"])
def test_who_may_not_issue_is_refused_and_nothing_changes(issue, username):
    user = get_user_model().objects.get(username=username)
    with pytest.raises(PermissionDenied):
        issue("plan", by=user)
    assert not IssuedDocument.objects.exists()
    assert not RegisterCounter.objects.exists()
    assert not AuditEvent.objects.filter(action="document.issue").exists()


def test_an_issued_document_cannot_be_changed_or_deleted(issue):
    document = issue("plan")
    document.payload = {"title": "แก้แล้ว"}
    with pytest.raises(DocumentFrozen):
        document.save()
    with pytest.raises(DocumentFrozen):
        document.save(update_fields=["payload"])
    with pytest.raises(DocumentFrozen):
        document.delete()
    with pytest.raises(DocumentFrozen):
        IssuedDocument.objects.filter(pk=document.pk).delete()
    with pytest.raises(DocumentFrozen):
        IssuedDocument.objects.filter(pk=document.pk).update(title="แก้แล้ว")
    stored = IssuedDocument.objects.get(pk=document.pk)
    assert stored.payload["title"] != "แก้แล้ว"
    assert stored.title == document.title


def test_the_admin_shows_documents_read_only(issue, client, login):
    document = issue("plan")
    client = login("demo_admin")
    url = f"/admin/documents/issueddocument/{document.pk}/"
    page = client.get(url + "change/")  # the view-only page
    assert page.status_code == 200
    assert document.title in page.content.decode()
    assert 'name="title"' not in page.content.decode()  # no inputs
    assert client.post(url + "delete/", {"post": "yes"}).status_code == 403
    assert client.post(url + "change/", {"title": "แก้แล้ว"}).status_code == 403
    assert IssuedDocument.objects.get(pk=document.pk).title == document.title
