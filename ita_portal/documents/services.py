"""Issuing documents, taking register numbers and rendering issued files.

    document = document_issue(agency=..., year=..., kind="progress", variant="numbered",
                              payload=payload, acting_user=user)

Issuing freezes the payload, takes the next number of the agency's register and enqueues
the render after commit; the render task (tasks.py) calls :func:`document_render`, which
writes the PDF to the documents storage once. Nothing here updates an issued payload or
deletes a document: a correction is a new document that supersedes the old one.
"""

import hashlib
import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from ita_portal.audit.services import audit_record
from ita_portal.documents.models import IssuedDocument, RegisterCounter, RenderStatus
from ita_portal.documents.rendering import frozen, payload_sha256, render_payload
from ita_portal.permissions import ISSUE_DOCUMENT, RENDER_DOCUMENT

logger = logging.getLogger(__name__)

#: The register every issued report is numbered in (the memo gets its own series).
REPORT_SERIES = "report"
#: A render still "rendering" after this long was lost (a killed worker): retry allowed.
STALE_RENDER = timedelta(minutes=10)


class DocumentAlreadyIssued(ValidationError):
    """The same data was already issued as the same report."""

    def __init__(self, existing: IssuedDocument):
        self.existing = existing
        super().__init__(
            f"ออกเอกสารนี้ไปแล้ว (เลขที่ {existing.number}) ข้อมูลยังไม่เปลี่ยน"
            " จึงไม่ออกซ้ำ",
            code="already_issued",
        )


def register_take(agency: Agency, series: str, year: int) -> int:
    """The next number of a register, under a row lock held until the caller commits.

    Must run inside the caller's transaction: a rollback returns the number, so numbers
    are neither skipped nor given twice. The counter row is created on first use; two
    first uses at once meet on its unique constraint, and the loser re-reads it.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("register_take must run inside the issuing transaction")
    try:
        with transaction.atomic():
            RegisterCounter.objects.get_or_create(agency=agency, series=series, year=year)
    except IntegrityError:
        pass  # created by a concurrent first use; locked just below
    counter = RegisterCounter.objects.select_for_update().get(
        agency=agency, series=series, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def document_issue(
    *,
    agency: Agency,
    year: AssessmentYear,
    kind: str,
    variant: str,
    payload: dict,
    acting_user,
    options: dict | None = None,
    series: str = REPORT_SERIES,
) -> IssuedDocument:
    """Freeze ``payload`` as a new issued document and enqueue its PDF after commit.

    Refused (DocumentAlreadyIssued) when the same data was issued as the same report;
    otherwise the new document supersedes the last one of that report.
    """
    if not acting_user.has_perm(ISSUE_DOCUMENT, agency):
        raise PermissionDenied("คุณไม่มีสิทธิ์ออกเอกสารของหน่วยงานนี้")
    payload = frozen(payload)
    digest = payload_sha256(payload)
    try:
        with transaction.atomic():
            # The register lock also serialises issuing within the agency-year, so the
            # check below sees a concurrent issue of the same data once it committed.
            number = register_take(agency, series, year.year)
            same = IssuedDocument.objects.filter(
                agency=agency, year=year, kind=kind, variant=variant, payload_sha256=digest
            ).first()
            if same is not None:
                raise DocumentAlreadyIssued(same)
            previous = (
                IssuedDocument.objects.filter(
                    agency=agency, year=year, kind=kind, variant=variant,
                    superseded_by__isnull=True,
                )
                .order_by("-issued_at", "-id")
                .first()
            )
            document = IssuedDocument.objects.create(
                agency=agency,
                year=year,
                kind=kind,
                variant=variant,
                options=options or {},
                title=payload["title"][:300],
                filename=payload["filename"][:250],
                schema_version=payload["schema"],
                payload=payload,
                payload_sha256=digest,
                series=series,
                number=number,
                issued_at=timezone.now().replace(microsecond=0),
                issued_by=acting_user,
                supersedes=previous,
            )
            audit_record(
                actor=acting_user,
                action="document.issue",
                agency=agency,
                obj=document,
                summary=f"ออก{document.title} เลขที่ {number}/{year.year}"
                + (f" แทนเลขที่ {previous.number}" if previous else ""),
                after={"kind": kind, "variant": variant, "payload_sha256": digest},
            )
            transaction.on_commit(lambda: enqueue_render(document.pk))
    except IntegrityError as error:  # the unique constraints, should the lock be bypassed
        same = IssuedDocument.objects.filter(
            agency=agency, year=year, kind=kind, variant=variant, payload_sha256=digest
        ).first()
        if same is not None:
            raise DocumentAlreadyIssued(same) from error
        raise
    return document


def document_restore(
    *,
    agency: Agency,
    year: AssessmentYear,
    kind: str,
    variant: str,
    options: dict,
    payload: dict,
    series: str,
    number: int,
    issued_at,
    issued_by,
    issued_by_name: str,
    expected_sha256: str,
    supersedes: IssuedDocument | None,
) -> IssuedDocument:
    """Bring in a document issued elsewhere (import_ita), keeping its number and date.

    Runs inside the importer's transaction. The register of the series is moved past the
    number so new documents never take it; the PDF is rendered from the payload after
    commit and kept only if it has the hash the document was issued with.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("document_restore must run inside the import's transaction")
    payload = frozen(payload)
    counter, _ = RegisterCounter.objects.select_for_update().get_or_create(
        agency=agency, series=series, year=year.year
    )
    if number > counter.last_number:
        counter.last_number = number
        counter.save(update_fields=["last_number"])
    document = IssuedDocument.objects.create(
        agency=agency,
        year=year,
        kind=kind,
        variant=variant,
        options=options,
        title=payload["title"][:300],
        filename=payload["filename"][:250],
        schema_version=payload["schema"],
        payload=payload,
        payload_sha256=payload_sha256(payload),
        series=series,
        number=number,
        issued_at=issued_at,
        issued_by=issued_by,
        issued_by_name="" if issued_by else issued_by_name,
        supersedes=supersedes,
        sha256=expected_sha256,
    )
    transaction.on_commit(lambda: enqueue_render(document.pk))
    return document


def enqueue_render(document_id: int) -> None:
    from ita_portal.documents.tasks import render_issued_document

    render_issued_document.enqueue(document_id)


def document_render(document_id: int) -> IssuedDocument:
    """Render an issued document's PDF from its payload and store it, once.

    The layout runs outside any transaction (it takes seconds); the status moves
    queued → rendering → ready, or failed with the reason, each change committed.
    """
    with transaction.atomic():
        document = IssuedDocument.objects.select_for_update().get(pk=document_id)
        if document.status == RenderStatus.READY:
            return document
        document.status = RenderStatus.RENDERING
        document.render_attempts += 1
        document.render_started_at = timezone.now()
        document.failure_reason = ""
        document.save(
            update_fields=["status", "render_attempts", "render_started_at", "failure_reason"]
        )
    try:
        rendered = render_payload(
            document.payload,
            issued_at=document.issued_at,
            identifier=document_identifier(document),
        )
    except Exception as error:
        logger.exception("rendering issued document %s failed", document_id)
        with transaction.atomic():
            document = IssuedDocument.objects.select_for_update().get(pk=document_id)
            if document.status != RenderStatus.READY:
                document.status = RenderStatus.FAILED
                document.failure_reason = f"{type(error).__name__}: {error}"[:2000]
                document.save(update_fields=["status", "failure_reason"])
        return document
    with transaction.atomic():
        document = IssuedDocument.objects.select_for_update().get(pk=document_id)
        if document.status == RenderStatus.READY:  # another worker finished first
            return document
        if document.sha256 and document.sha256 != rendered.sha256:
            # A document brought in by import_ita carries the hash of the file it was
            # issued as; a different file must not take its place.
            document.status = RenderStatus.FAILED
            document.failure_reason = (
                f"ไฟล์ที่สร้างจากข้อมูลที่ตรึงไว้ (SHA-256 {rendered.sha256}) ไม่ตรงกับไฟล์เดิมที่"
                f"นำเข้ามา (SHA-256 {document.sha256}) ระบบจึงไม่ใช้แทนฉบับเดิม"
            )
            document.save(update_fields=["status", "failure_reason"])
            return document
        name = (
            f"{document.agency.code}/{document.year.year}/"
            f"{document.series}-{document.number:05d}-{rendered.sha256[:16]}.pdf"
        )
        document.file.save(name, ContentFile(rendered.content), save=False)
        document.sha256 = rendered.sha256
        document.size = len(rendered.content)
        document.page_count = rendered.page_count
        document.rendered_at = timezone.now()
        document.status = RenderStatus.READY
        document.save(
            update_fields=["file", "sha256", "size", "page_count", "rendered_at", "status"]
        )
    return document


def document_identifier(document: IssuedDocument) -> str:
    """The PDF /ID of an issued document: its register entry and payload hash (the
    agency is in the payload; a document moved to another server keeps its bytes)."""
    return (
        f"{document.series}:{document.year.year}:{document.number}:"
        f"{document.payload_sha256[:32]}"
    )


def document_retry(document: IssuedDocument, *, acting_user) -> IssuedDocument:
    """Queue a failed (or lost) render again."""
    if not acting_user.has_perm(RENDER_DOCUMENT, document):
        raise PermissionDenied("คุณไม่มีสิทธิ์สั่งสร้างไฟล์เอกสารนี้")
    with transaction.atomic():
        document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
        if not can_retry(document):
            raise ValidationError("เอกสารนี้ไม่ได้อยู่ในสถานะที่สั่งสร้างไฟล์ใหม่ได้")
        document.status = RenderStatus.QUEUED
        document.failure_reason = ""
        document.save(update_fields=["status", "failure_reason"])
        audit_record(
            actor=acting_user,
            action="document.retry",
            agency=document.agency,
            obj=document,
            summary=f"สั่งสร้างไฟล์{document.title} เลขที่ {document.number} ใหม่",
        )
        transaction.on_commit(lambda: enqueue_render(document.pk))
    return document


def can_retry(document: IssuedDocument) -> bool:
    if document.status == RenderStatus.FAILED:
        return True
    if document.status == RenderStatus.RENDERING:
        # A worker killed mid-render leaves the row "rendering"; after a while, let a
        # person queue it again (a late finish of the first attempt is harmless).
        started = document.render_started_at or document.issued_at
        return timezone.now() - started > STALE_RENDER
    return False


def document_verify(document: IssuedDocument) -> tuple[bool, str]:
    """Re-render from the payload; (True, sha) when bytes and hash equal the stored file."""
    rendered = render_payload(
        document.payload, issued_at=document.issued_at, identifier=document_identifier(document)
    )
    with document.file.open("rb") as handle:
        stored = handle.read()
    stored_sha = hashlib.sha256(stored).hexdigest()
    same = rendered.content == stored and stored_sha == document.sha256 == rendered.sha256
    return same, rendered.sha256
