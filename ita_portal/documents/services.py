"""Issuing documents and taking register numbers.

    document = document_issue(agency=..., year=2567, kind="progress", variant="numbered",
                              payload=payload, acting_user=user)

Issuing freezes the payload, takes the next number of the agency's register and enqueues
the render after commit; the render task (tasks.py) runs renderer.document_render, which
writes the PDF to the documents storage once. Nothing here updates an issued payload or
deletes a document: a correction is a new document that supersedes the old one.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ita_portal.agencies.models import Agency
from ita_portal.audit.services import audit_record
from ita_portal.documents.models import IssuedDocument, RegisterCounter, RenderStatus
from ita_portal.documents.rendering import frozen, payload_sha256
from ita_portal.documents.tasks import render_issued_document
from ita_portal.permissions import ISSUE_DOCUMENT, RENDER_DOCUMENT

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


def year_number(year) -> int:
    """A fiscal year given as a number or as anything with a ``year`` (the criteria)."""
    return int(getattr(year, "year", year))


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


def register_reserve(agency: Agency, series: str, year: int, number: int) -> None:
    """Move a register past a number given elsewhere (an import), inside the caller's
    transaction, so new documents never take it."""
    counter, _ = RegisterCounter.objects.select_for_update().get_or_create(
        agency=agency, series=series, year=year
    )
    if number > counter.last_number:
        counter.last_number = number
        counter.save(update_fields=["last_number"])


def document_issue(
    *,
    agency: Agency,
    year,
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
    return document_create(
        agency=agency, year=year, kind=kind, variant=variant, payload=payload,
        acting_user=acting_user, options=options, series=series,
    )


def document_create(
    *,
    agency: Agency,
    year,
    kind: str,
    variant: str,
    payload: dict,
    acting_user,
    options: dict | None = None,
    series: str = REPORT_SERIES,
    number: int | None = None,
) -> IssuedDocument:
    """document_issue without its permission check, for workflows that checked their own
    actor (the memo's decision is taken by an executive who issues no reports).

    ``number``: already taken with register_take in the caller's transaction, when the
    payload must print it (a memo's "ที่ …/12"); otherwise the next one is taken here.
    """
    if number is not None and not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a number taken beforehand needs the caller's transaction")
    payload = frozen(payload)
    digest = payload_sha256(payload)
    year = year_number(year)
    try:
        with transaction.atomic():
            # The register lock also serialises issuing within the agency-year, so the
            # check below sees a concurrent issue of the same data once it committed.
            if number is None:
                number = register_take(agency, series, year)
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
                summary=f"ออก{document.title} เลขที่ {number}/{year}"
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
    year,
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
    year = year_number(year)
    register_reserve(agency, series, year, number)
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
    render_issued_document.enqueue(document_id)


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
