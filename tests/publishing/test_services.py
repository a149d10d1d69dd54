"""Publishing and unpublishing: who may, in which state, versions and reasons; every
refusal leaves nothing written (no row, no audit event, no file)."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ita_portal.agencies.models import Agency
from ita_portal.audit.models import AuditEvent
from ita_portal.documents.models import IssuedDocument
from memos.models import MemoState
from publishing.models import OITPage, Publication, PublicationStatus
from publishing.services import (
    document_publish,
    oit_page_publish,
    oit_page_unpublish,
    publication_unpublish,
)
from tests.publishing.conftest import published_files

pytestmark = pytest.mark.django_db


def _nothing_written(storage, audits_before):
    assert Publication.objects.count() == 0
    assert AuditEvent.objects.count() == audits_before
    assert published_files(storage) == []


def test_a_preparer_publishes_the_report_of_an_approved_memo(
    issued, approve, users, publications_storage
):
    document = issued()
    approve(document)
    publication = document_publish(document, acting_user=users["demo_officer"])

    assert (publication.version, publication.status) == (1, PublicationStatus.PUBLISHED)
    assert (publication.agency_id, publication.year, publication.kind) == (
        document.agency_id, 2567, "plan")
    assert publication.title == document.title
    content = publication.file.read()
    assert hashlib.sha256(content).hexdigest() == publication.sha256
    assert publication.size == len(content)
    assert published_files(publications_storage) == [publication.file.name]
    assert "ITA Portal ทดสอบ" in publication.signer
    event = AuditEvent.objects.get(action="document.publish")
    assert event.actor == users["demo_officer"]
    assert event.summary == f"เผยแพร่{document.title} ฉบับที่ 1"


@pytest.mark.parametrize("username", ["demo_head", "demo_agency_admin"])
def test_head_and_agency_admin_publish_an_approved_report(issued, approve, users, username):
    document = issued()
    approve(document)
    assert document_publish(document, acting_user=users[username]).version == 1


def test_the_memo_document_itself_may_be_published(issued, approve, users, agency):
    report = issued()
    memo = approve(report)
    memo_document = issued(kind="analysis", year=2566)
    memo.report_document = None
    memo.document = memo_document
    memo.save()
    assert document_publish(memo_document, acting_user=users["demo_officer"]).version == 1


@pytest.mark.parametrize(
    ("decision", "state"),
    [("", MemoState.DRAFT), ("", MemoState.IN_REVIEW), ("ไม่อนุมัติ", MemoState.DECIDED),
     ("อื่น ๆ", MemoState.DECIDED)],
)
def test_a_report_not_approved_is_refused_to_the_officer(
    issued, approve, users, publications_storage, decision, state
):
    document = issued()
    approve(document, decision=decision, state=state)
    audits = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied, match="ยังไม่ได้รับอนุมัติผ่านบันทึกข้อความ"):
        document_publish(document, acting_user=users["demo_officer"])
    _nothing_written(publications_storage, audits)


def test_without_a_memo_only_the_agency_admin_publishes(issued, users, publications_storage):
    document = issued()
    audits = AuditEvent.objects.count()
    for username in ("demo_officer", "demo_head"):
        with pytest.raises(PermissionDenied, match="ยังไม่ได้รับอนุมัติ"):
            document_publish(document, acting_user=users[username])
    _nothing_written(publications_storage, audits)
    assert document_publish(document, acting_user=users["demo_agency_admin"]).version == 1


@pytest.mark.parametrize("username", ["demo_mayor", "demo_palad", "demo_officer_b"])
def test_members_who_do_not_prepare_reports_and_other_agencies_are_refused(
    issued, approve, users, publications_storage, username
):
    document = issued()
    approve(document)
    audits = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        document_publish(document, acting_user=users[username])
    _nothing_written(publications_storage, audits)


def test_another_agencys_admin_and_a_superuser_are_refused(
    issued, approve, users, publications_storage, django_user_model
):
    from ita_portal.agencies.models import Membership, Role

    document = issued()
    approve(document)
    other = Agency.objects.get(code="tha-nam-sai")
    outsider = django_user_model.objects.create_user("other_admin")
    Membership.objects.create(user=outsider, agency=other, role=Role.AGENCY_ADMIN)
    root = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    audits = AuditEvent.objects.count()
    for user in (outsider, root):
        with pytest.raises(PermissionDenied):
            document_publish(document, acting_user=user)
    _nothing_written(publications_storage, audits)


def test_a_document_not_ready_is_refused(issued, approve, users, agency, publications_storage):
    document = issued()
    IssuedDocument.objects.filter(pk=document.pk).update(status="queued")
    document.refresh_from_db()
    approve(document)
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="ไฟล์ของเอกสารนี้ยังไม่พร้อม"):
        document_publish(document, acting_user=users["demo_agency_admin"])
    _nothing_written(publications_storage, audits)


def test_the_same_document_twice_is_refused(issued, users, publications_storage):
    document = issued()
    admin = users["demo_agency_admin"]
    first = document_publish(document, acting_user=admin)
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match=r"เผยแพร่ไปแล้ว \(ฉบับที่ 1\)"):
        document_publish(document, acting_user=admin, reason="อีกครั้ง")
    assert list(Publication.objects.all()) == [first]
    assert AuditEvent.objects.count() == audits
    assert published_files(publications_storage) == [first.file.name]


def test_a_newer_issue_is_version_two_with_a_reason_and_supersedes_the_first(
    issued, users, publications_storage
):
    admin = users["demo_agency_admin"]
    first_doc = issued()
    first = document_publish(first_doc, acting_user=admin)
    newer_doc = issued(extra_note="แก้ไขชื่อผู้รับผิดชอบ")
    assert newer_doc.supersedes_id == first_doc.pk

    with pytest.raises(ValidationError, match="กรุณาระบุเหตุผลของการแก้ไข"):
        document_publish(newer_doc, acting_user=admin, reason="   ")
    assert Publication.objects.count() == 1

    second = document_publish(newer_doc, acting_user=admin, reason="แก้ไขชื่อผู้รับผิดชอบมาตรการ")
    assert (second.version, second.supersedes_id, second.reason) == (
        2, first.pk, "แก้ไขชื่อผู้รับผิดชอบมาตรการ")
    first.refresh_from_db()
    assert first.status == PublicationStatus.PUBLISHED  # listed as superseded, still public
    assert first.superseded_by == second
    assert first.sha256 != second.sha256
    assert sorted(published_files(publications_storage)) == sorted(
        [first.file.name, second.file.name])


def test_an_older_issue_cannot_replace_a_newer_published_one(issued, users):
    admin = users["demo_agency_admin"]
    older = issued()
    newer = issued(extra_note="ฉบับใหม่")
    document_publish(newer, acting_user=admin)
    with pytest.raises(ValidationError, match="ออกก่อนฉบับที่เผยแพร่แล้ว"):
        document_publish(older, acting_user=admin, reason="ย้อนกลับ")
    assert Publication.objects.count() == 1


def test_a_reason_too_long_is_refused(issued, users):
    document = issued()
    with pytest.raises(ValidationError, match="เหตุผลยาวเกิน"):
        document_publish(document, acting_user=users["demo_agency_admin"], reason="ก" * 2001)
    assert Publication.objects.count() == 0


def test_unpublish_needs_a_reason_keeps_the_row_and_is_audited(issued, approve, users):
    document = issued()
    approve(document)
    publication = document_publish(document, acting_user=users["demo_officer"])
    with pytest.raises(ValidationError, match="กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่"):
        publication_unpublish(publication, acting_user=users["demo_officer"], reason=" ")
    publication.refresh_from_db()
    assert publication.is_public

    publication_unpublish(publication, acting_user=users["demo_head"], reason="ข้อมูลบุคคลหลุด")
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.UNPUBLISHED
    assert (publication.unpublish_reason, publication.unpublished_by) == (
        "ข้อมูลบุคคลหลุด", users["demo_head"])
    assert publication.file.storage.exists(publication.file.name)
    assert AuditEvent.objects.filter(action="document.unpublish").count() == 1
    with pytest.raises(ValidationError, match="ยกเลิกการเผยแพร่ไปแล้ว"):
        publication_unpublish(publication, acting_user=users["demo_head"], reason="ซ้ำ")


def test_unpublishing_an_admin_publication_is_for_the_admin(issued, users):
    publication = document_publish(issued(), acting_user=users["demo_agency_admin"])
    for username in ("demo_officer", "demo_mayor"):
        with pytest.raises(PermissionDenied):
            publication_unpublish(publication, acting_user=users[username], reason="ขอถอน")
    publication.refresh_from_db()
    assert publication.is_public
    assert not AuditEvent.objects.filter(action="document.unpublish").exists()


def test_the_oit_page_is_published_and_unpublished_by_preparers(agency, users):
    officer = users["demo_officer"]
    page = oit_page_publish(agency, 2567, acting_user=officer)
    assert page.is_public and page.published_by == officer
    with pytest.raises(ValidationError, match="เผยแพร่อยู่แล้ว"):
        oit_page_publish(agency, 2567, acting_user=officer)
    with pytest.raises(PermissionDenied):
        oit_page_unpublish(agency, 2567, acting_user=users["demo_mayor"])
    assert OITPage.objects.get(agency=agency, year=2567).is_public
    oit_page_unpublish(agency, 2567, acting_user=users["demo_agency_admin"])
    assert not OITPage.objects.get(agency=agency, year=2567).is_public
    assert list(
        AuditEvent.objects.filter(action__startswith="oit_page").values_list("action", flat=True)
        .order_by("id")
    ) == ["oit_page.publish", "oit_page.unpublish"]
