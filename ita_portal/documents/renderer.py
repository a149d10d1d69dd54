"""Rendering an issued document's file from its frozen payload (the worker's job).

:func:`document_render` is what the background task runs; :func:`document_verify` checks
a stored file against a fresh render. Both render with the issue's own time and ID, so the
same payload always gives the same bytes.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ita_portal.documents.models import IssuedDocument, RenderStatus
from ita_portal.documents.rendering import render_payload

logger = logging.getLogger(__name__)


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
            f"{document.agency.code}/{document.year}/"
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
        f"{document.series}:{document.year}:{document.number}:"
        f"{document.payload_sha256[:32]}"
    )


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
