"""Published documents: the public page, download and verification (no login), and the
agency's publish / unpublish actions and list."""

from __future__ import annotations

import hashlib
import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_POST, require_safe
from django_sendfile import sendfile

from assessments.models import AssessmentYear
from ita_portal.agencies.access import agency_or_403
from ita_portal.documents.models import IssuedDocument
from ita_portal.documents.rendering import payload_html
from ita_portal.documents.views import ACCESS_CHECK_HEADER
from ita_portal.permissions import PUBLISH_OIT_PAGE, VIEW_DOCUMENT, VIEW_PUBLICATIONS, may
from ita_portal.signing import check_signature
from ita_portal.thai import arabic_digits
from publishing.models import Publication
from publishing.selectors import (
    agency_publications,
    latest_public_version,
    public_history,
    public_publication,
    publication_by_sha256,
)
from publishing.services import (
    REASON_MAX,
    document_publish,
    oit_page_publish,
    oit_page_unpublish,
    publication_unpublish,
)

#: A browser or proxy may keep a public file this long; an unpublished version stops
#: being served by Django at once, and by caches after this.
PUBLIC_CACHE_SECONDS = 300
#: Largest PDF a citizen may upload to verify.
VERIFY_MAX_BYTES = 20 * 1024 * 1024
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)
_HEADING = re.compile(r"<(/?)h([1-6])(?=[\s>])", re.I)


def _public_or_404(pk: int) -> Publication:
    publication = public_publication(pk)
    if publication is None:
        raise Http404("ไม่พบเอกสารที่เผยแพร่")
    return publication


def download_filename(publication: Publication) -> str:
    """The issued document's Thai file name, with the version after the first."""
    name = publication.document.filename
    if publication.version > 1:
        stem = name[:-4] if name.lower().endswith(".pdf") else name
        name = f"{stem} ฉบับที่ {publication.version}.pdf"
    return name


def report_html(publication: Publication) -> str:
    """The report's content as HTML (the body of payload_html: the same template and
    payload as the PDF, without its print stylesheet), for screen readers and search."""
    match = _BODY.search(payload_html(publication.document.payload))
    if not match:
        return ""
    # Under the page's h1 and h2: the report's headings move two levels down.
    return _HEADING.sub(
        lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + 2)}", match.group(1)
    )


def signature_of(publication: Publication):
    """The pyHanko check of the stored file, kept per file hash (files never change)."""
    key = f"publishing:signature:{publication.sha256}"
    check = cache.get(key)
    if check is None:
        with publication.file.open("rb") as handle:
            check = check_signature(handle.read())
        cache.set(key, check, 60 * 60)
    return check


@require_safe
def public_document(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _public_or_404(pk)
    history = public_history(publication)
    latest = history[0] if history else publication
    return render(
        request,
        "publishing/document.html",
        {
            "publication": publication,
            "agency": publication.agency,
            "history": history,
            "latest": latest,
            "superseded": latest.pk != publication.pk,
            "filename": download_filename(publication),
            "signature": signature_of(publication),
            "report_html": report_html(publication),
        },
    )


@require_safe
def public_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed file from storage, never rendered. Behind nginx: X-Accel-Redirect
    (SENDFILE_BACKEND=nginx) or nginx's auth_request asking this view (204 + file name)."""
    publication = public_publication(pk)
    if request.META.get(ACCESS_CHECK_HEADER) == "1":
        # nginx's auth_request knows only 2xx, 401 and 403: not published is 403 there.
        if publication is None:
            return HttpResponse(status=403)
        response = HttpResponse(status=204)
        response["X-Document-File"] = publication.file.name
        response["X-Document-Disposition"] = content_disposition_header(
            as_attachment=True, filename=download_filename(publication)
        )
        response["X-Document-ETag"] = f'"{publication.sha256}"'
        return response
    if publication is None:
        raise Http404("ไม่พบเอกสารที่เผยแพร่")
    etag = f'"{publication.sha256}"'
    last_modified = int(publication.published_at.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    filename = download_filename(publication)
    storage = publication.file.storage
    if settings.SENDFILE_BACKEND.endswith(".nginx") and hasattr(storage, "path"):
        response = sendfile(
            request, storage.path(publication.file.name), attachment=True,
            attachment_filename=filename, mimetype="application/pdf",
        )
    else:
        response = FileResponse(
            publication.file.open("rb"), as_attachment=True, filename=filename,
            content_type="application/pdf",
        )
    response["Content-Length"] = str(publication.size)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={PUBLIC_CACHE_SECONDS}"
    return response


class VerifyForm(forms.Form):
    file = forms.FileField(label="ไฟล์ PDF", required=False)
    sha256 = forms.CharField(label="หรือค่า SHA-256 ของไฟล์", required=False, max_length=200)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > VERIFY_MAX_BYTES:
            raise ValidationError(
                f"ไฟล์ใหญ่เกิน {VERIFY_MAX_BYTES // (1024 * 1024)} MB จึงตรวจไม่ได้ "
                "(ใช้ค่า SHA-256 ของไฟล์แทนได้)"
            )
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise ValidationError("ไฟล์นี้ไม่ใช่ไฟล์ PDF")
        return upload

    def clean_sha256(self):
        text = arabic_digits(self.cleaned_data.get("sha256") or "")
        text = "".join(text.split()).lower()
        if text and not SHA256_RE.match(text):
            raise ValidationError(
                "ค่า SHA-256 ต้องเป็นเลขฐานสิบหก 64 ตัว (0-9 และ a-f) เช่นที่แสดงในหน้าเอกสาร"
            )
        return text

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("file") and not data.get("sha256"):
            raise ValidationError("กรุณาเลือกไฟล์ PDF หรือวางค่า SHA-256")
        if data.get("file") and data.get("sha256"):
            raise ValidationError("กรุณาเลือกอย่างใดอย่างหนึ่ง: ไฟล์ PDF หรือค่า SHA-256")
        return data


def verify(request: HttpRequest) -> HttpResponse:
    result = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            signature = None
            if upload is not None:
                content = upload.read()
                digest = hashlib.sha256(content).hexdigest()
                signature = check_signature(content)
            else:
                digest = form.cleaned_data["sha256"]
            publication = publication_by_sha256(digest)
            result = {
                "sha256": digest,
                "publication": publication,
                "latest": latest_public_version(publication) if publication else None,
                "signature": signature,
                "by_file": upload is not None,
            }
    else:
        form = VerifyForm()
    return render(request, "publishing/verify.html", {"form": form, "result": result})


# -- The agency's side ---------------------------------------------------------------------


def _document_or_403(request: HttpRequest, code: str, pk: int) -> IssuedDocument:
    document = get_object_or_404(
        IssuedDocument.objects.select_related("agency"), pk=pk, agency__code=code
    )
    if not request.user.has_perm(VIEW_DOCUMENT, document):
        raise PermissionDenied("คุณไม่มีสิทธิ์ดูเอกสารของหน่วยงานนี้")
    return document


def _reason(request: HttpRequest) -> str:
    return request.POST.get("reason", "")[: REASON_MAX + 1]


@login_required
@require_POST
def publish(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    document = _document_or_403(request, code, pk)
    reason = _reason(request)
    try:
        publication = document_publish(document, acting_user=request.user, reason=reason)
    except (ValidationError, PermissionDenied) as error:
        text = error.messages[0] if isinstance(error, ValidationError) else str(error)
        return render(
            request,
            "publishing/action_refused.html",
            {"agency": document.agency, "document": document, "error": text, "reason": reason,
             "action": "publish"},
            status=403 if isinstance(error, PermissionDenied) else 400,
        )
    messages.success(
        request, f"เผยแพร่{publication.title} ฉบับที่ {publication.version} แล้ว (ลงลายมือชื่อดิจิทัลแล้ว)"
    )
    return redirect("documents:document_detail", code=code, pk=pk)


@login_required
@require_POST
def unpublish(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    publication = get_object_or_404(
        Publication.objects.select_related("agency", "document"), pk=pk, agency__code=code
    )
    if not request.user.has_perm(VIEW_PUBLICATIONS, publication.agency):
        raise PermissionDenied("คุณไม่มีสิทธิ์ดูเอกสารของหน่วยงานนี้")
    reason = _reason(request)
    try:
        publication_unpublish(publication, acting_user=request.user, reason=reason)
    except (ValidationError, PermissionDenied) as error:
        text = error.messages[0] if isinstance(error, ValidationError) else str(error)
        return render(
            request,
            "publishing/action_refused.html",
            {"agency": publication.agency, "document": publication.document,
             "publication": publication, "error": text, "reason": reason,
             "action": "unpublish"},
            status=403 if isinstance(error, PermissionDenied) else 400,
        )
    messages.success(request, f"ยกเลิกการเผยแพร่ฉบับที่ {publication.version} แล้ว")
    return redirect("documents:document_detail", code=code, pk=publication.document_id)


@login_required
@require_safe
def agency_list(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_or_403(request, code, VIEW_PUBLICATIONS)
    return render(
        request,
        "publishing/agency_list.html",
        {"agency": agency, "publications": list(agency_publications(agency))},
    )


@login_required
@require_POST
def oit_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency = agency_or_403(request, code, VIEW_PUBLICATIONS)
    criteria = get_object_or_404(AssessmentYear, year=year)
    if not may(request.user, PUBLISH_OIT_PAGE, agency):
        raise PermissionDenied("คุณไม่มีสิทธิ์เผยแพร่หน้าข้อมูล OIT ของหน่วยงานนี้")
    action = request.POST.get("action")
    if action not in ("publish", "unpublish"):
        messages.error(request, "คำสั่งไม่ถูกต้อง")
    else:
        toggle = oit_page_publish if action == "publish" else oit_page_unpublish
        try:
            toggle(agency, criteria, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                f"{'เผยแพร่' if action == 'publish' else 'ยกเลิกการเผยแพร่'}หน้าข้อมูล OIT ปี {year} แล้ว",
            )
    return redirect("measures:readiness_board", code, year)
