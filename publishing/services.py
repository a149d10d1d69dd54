"""Publishing issued documents and OIT pages to the public site.

    publication = document_publish(document, acting_user=user)            # version 1
    publication = document_publish(newer, acting_user=user, reason="…")   # version 2
    publication_unpublish(publication, acting_user=user, reason="…")

The published file is the issued payload rendered again as PDF/A-3b, tagged, with the
issue's own date and ID (so the same bytes every time), then signed with the portal's key
(ita_portal.signing). Rendering and signing run before the transaction: a missing key or
wrong password refuses the publication before anything is written. Inside the transaction
the issued documents of the report are locked, so two publications of one report at once
are taken one after the other (one version each, or the second refused); the signed file
is written last and removed again should the transaction fail.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from ita_portal.agencies.models import Agency
from ita_portal.audit.actions import Action
from ita_portal.audit.services import audit_record
from ita_portal.documents.models import IssuedDocument
from ita_portal.documents.renderer import document_identifier
from ita_portal.documents.rendering import render_payload
from ita_portal.permissions import (
    PUBLISH_DOCUMENT,
    PUBLISH_OIT_PAGE,
    UNPUBLISH_PUBLICATION,
    may,
)
from ita_portal.signing import SigningUnavailable, sign_pdf
from ita_portal.signing.pdf import portal_certificate, subject_name
from publishing.models import OITPage, Publication, PublicationStatus
from publishing.selectors import approved_by_memo, report_publications

REASON_MAX = 2000
NOT_READY = "ไฟล์ของเอกสารนี้ยังไม่พร้อม (ยังสร้างไฟล์ไม่เสร็จหรือสร้างไม่สำเร็จ) จึงยังเผยแพร่ไม่ได้"
ALREADY = "เอกสารฉบับนี้เผยแพร่ไปแล้ว (ฉบับที่ {version}) เผยแพร่ซ้ำไม่ได้"
REASON_NEEDED = (
    "รายงานนี้เคยเผยแพร่แล้ว (ฉบับที่ {version}) การเผยแพร่ฉบับใหม่เป็นการแก้ไข "
    "กรุณาระบุเหตุผลของการแก้ไข"
)
OLDER = (
    "เอกสารฉบับนี้ออกก่อนฉบับที่เผยแพร่แล้ว (ฉบับที่ {version}) จึงเผยแพร่แทนไม่ได้ "
    "หากต้องการแก้ไขให้ออกเอกสารฉบับใหม่"
)
NOT_APPROVED = (
    "เอกสารนี้ยังไม่ได้รับอนุมัติผ่านบันทึกข้อความ เผยแพร่ได้เมื่อบันทึกที่เสนอได้รับคำสั่ง "
    "\"อนุมัติ\" หรือโดยผู้ดูแลระบบของหน่วยงาน"
)
NO_RIGHT = "คุณไม่มีสิทธิ์เผยแพร่เอกสารของหน่วยงานนี้"


def _reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError(f"เหตุผลยาวเกิน {REASON_MAX:,} ตัวอักษร")
    return reason


def publish_refusal(document: IssuedDocument, user) -> str:
    """Why ``user`` may not publish ``document`` now ("" when they may), without locks:
    for the page's button and the service's first check."""
    if not may(user, PUBLISH_DOCUMENT, document):
        return NO_RIGHT if approved_by_memo(document) else NOT_APPROVED
    if not document.is_ready:
        return NOT_READY
    existing = Publication.objects.filter(document=document).only("version").first()
    if existing is not None:
        return ALREADY.format(version=existing.version)
    return ""


def _signed_file(document: IssuedDocument) -> tuple[bytes, str]:
    """The published file: the payload as PDF/A-3b, tagged, then signed; and its signer."""
    rendered = render_payload(
        document.payload,
        issued_at=document.issued_at,
        identifier=document_identifier(document),
        archival=True,
    )
    try:
        signed = sign_pdf(rendered.content)
    except SigningUnavailable as error:
        raise ValidationError(str(error), code="signing_unavailable") from error
    cert = portal_certificate()
    return signed, subject_name(cert) if cert is not None else ""


def document_publish(
    document: IssuedDocument, *, acting_user, reason: str = ""
) -> Publication:
    """Publish ``document`` (ready, approved by a memo or by the agency admin) as the next
    version of its report; a version after the first needs ``reason``."""
    reason = _reason(reason)
    document = IssuedDocument.objects.select_related("agency").get(pk=document.pk)
    refusal = publish_refusal(document, acting_user)
    if refusal in (NO_RIGHT, NOT_APPROVED):
        raise PermissionDenied(refusal)
    if refusal:
        raise ValidationError(refusal)
    last = report_publications(document).only("version").first()
    if last is not None and not reason:
        raise ValidationError(REASON_NEEDED.format(version=last.version))

    content, signer = _signed_file(document)
    digest = hashlib.sha256(content).hexdigest()
    storage = Publication._meta.get_field("file").storage
    stored = ""
    try:
        with transaction.atomic():
            # The issued documents of the report are the lock: every publication of this
            # report waits here for the one before it, then sees what it did.
            list(
                IssuedDocument.objects.select_for_update()
                .filter(agency=document.agency, year=document.year, kind=document.kind,
                        variant=document.variant)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            existing = Publication.objects.filter(document=document).first()
            if existing is not None:
                raise ValidationError(ALREADY.format(version=existing.version))
            last = report_publications(document).select_related("document").first()
            if last is not None:
                if not reason:
                    raise ValidationError(REASON_NEEDED.format(version=last.version))
                if (document.issued_at, document.pk) < (
                    last.document.issued_at, last.document_id
                ):
                    raise ValidationError(OLDER.format(version=last.version))
            version = last.version + 1 if last is not None else 1
            now = timezone.now()
            # Written last, under a name of its own; removed below if anything fails.
            stored = storage.save(
                f"published/{document.agency.code}/{document.year}/"
                f"{document.kind}{'-' + document.variant if document.variant else ''}"
                f"-v{version}-{digest[:16]}.pdf",
                ContentFile(content),
            )
            publication = Publication.objects.create(
                document=document,
                agency=document.agency,
                year=document.year,
                kind=document.kind,
                variant=document.variant,
                title=document.title,
                version=version,
                supersedes=last,
                reason=reason,
                published_at=now,
                published_by=acting_user,
                file=stored,
                sha256=digest,
                size=len(content),
                signer=signer[:300],
            )
            audit_record(
                actor=acting_user,
                action=Action.DOCUMENT_PUBLISH,
                agency=document.agency,
                obj=publication,
                summary=f"เผยแพร่{document.title} ฉบับที่ {version}"
                + (f" แทนฉบับที่ {last.version}" if last is not None else ""),
                after={"version": version, "sha256": digest, "reason": reason,
                       "document": document.pk},
            )
    except IntegrityError as error:
        _remove(storage, stored)
        # The unique version of the report, should the lock be bypassed.
        raise ValidationError("มีผู้เผยแพร่รายงานนี้พร้อมกัน กรุณาลองใหม่") from error
    except BaseException:
        _remove(storage, stored)
        raise
    return publication


def _remove(storage, name: str) -> None:
    if name:
        storage.delete(name)


def publication_unpublish(publication: Publication, *, acting_user, reason: str) -> Publication:
    """Hide a published version from the public, with a reason; the row and its file stay."""
    reason = _reason(reason)
    if not may(acting_user, UNPUBLISH_PUBLICATION, publication):
        raise PermissionDenied("คุณไม่มีสิทธิ์ยกเลิกการเผยแพร่เอกสารนี้")
    if not reason:
        raise ValidationError("กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่")
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        if publication.status != PublicationStatus.PUBLISHED:
            raise ValidationError("ฉบับนี้ยกเลิกการเผยแพร่ไปแล้ว")
        publication.status = PublicationStatus.UNPUBLISHED
        publication.unpublished_at = timezone.now()
        publication.unpublished_by = acting_user
        publication.unpublish_reason = reason
        publication.save(
            update_fields=["status", "unpublished_at", "unpublished_by", "unpublish_reason"]
        )
        audit_record(
            actor=acting_user,
            action=Action.DOCUMENT_UNPUBLISH,
            agency=publication.agency,
            obj=publication,
            summary=f"ยกเลิกการเผยแพร่{publication.title} ฉบับที่ {publication.version}",
            before={"status": PublicationStatus.PUBLISHED},
            after={"status": PublicationStatus.UNPUBLISHED, "reason": reason},
        )
    return publication


def _year(year) -> int:
    return int(getattr(year, "year", year))


def _oit_page_locked(agency: Agency, year: int) -> OITPage:
    try:
        with transaction.atomic():
            OITPage.objects.get_or_create(agency=agency, year=year)
    except IntegrityError:
        pass  # created by a concurrent first use; locked just below
    return OITPage.objects.select_for_update().get(agency=agency, year=year)


def oit_page_publish(agency: Agency, year, *, acting_user) -> OITPage:
    """Show the agency-year's OIT page to the public."""
    return _oit_page_set(agency, _year(year), acting_user=acting_user, public=True)


def oit_page_unpublish(agency: Agency, year, *, acting_user) -> OITPage:
    """Hide the agency-year's OIT page from the public."""
    return _oit_page_set(agency, _year(year), acting_user=acting_user, public=False)


def _oit_page_set(agency: Agency, year: int, *, acting_user, public: bool) -> OITPage:
    if not may(acting_user, PUBLISH_OIT_PAGE, agency):
        raise PermissionDenied("คุณไม่มีสิทธิ์เผยแพร่หน้าข้อมูล OIT ของหน่วยงานนี้")
    with transaction.atomic():
        page = _oit_page_locked(agency, year)
        if page.is_public == public:
            raise ValidationError(
                "หน้าข้อมูล OIT ปีนี้เผยแพร่อยู่แล้ว" if public
                else "หน้าข้อมูล OIT ปีนี้ยังไม่ได้เผยแพร่"
            )
        page.is_public = public
        fields = ["is_public"]
        if public:
            page.published_at = timezone.now()
            page.published_by = acting_user
            fields += ["published_at", "published_by"]
        page.save(update_fields=fields)
        audit_record(
            actor=acting_user,
            action=Action.OIT_PAGE_PUBLISH if public else Action.OIT_PAGE_UNPUBLISH,
            agency=agency,
            obj=page,
            summary=("เผยแพร่" if public else "ยกเลิกการเผยแพร่") + f"หน้าข้อมูล OIT ปี {year}",
            after={"is_public": public},
        )
    return page
