from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_POST
from django_sendfile import sendfile

from ita_portal.documents.models import IssuedDocument
from ita_portal.documents.services import can_retry, document_retry
from ita_portal.permissions import RENDER_DOCUMENT, VIEW_DOCUMENT

#: Seconds a browser may keep an issued file: it never changes, but it is private.
CACHE_SECONDS = 60 * 60 * 24 * 365


def _document_or_403(request: HttpRequest, code: str, pk: int, *, payload: bool = False):
    documents = IssuedDocument.objects.select_related("agency", "issued_by")
    if not payload:
        documents = documents.defer("payload")
    document = get_object_or_404(documents, pk=pk, agency__code=code)
    if not request.user.has_perm(VIEW_DOCUMENT, document):
        raise PermissionDenied("คุณไม่มีสิทธิ์ดูเอกสารของหน่วยงานนี้")
    return document


@login_required
def document_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """An issued document: its register entry and the state of its file. While the file
    is queued or rendering, the page reloads itself (a meta refresh, no JavaScript)."""
    document = _document_or_403(request, code, pk)
    history = list(
        IssuedDocument.objects.filter(
            agency=document.agency, year=document.year, kind=document.kind,
            variant=document.variant,
        )
        .select_related("issued_by")
        .defer("payload")
        .order_by("-issued_at", "-id")
    )
    return render(
        request,
        "documents/detail.html",
        {
            "agency": document.agency,
            "document": document,
            "history": history,
            "can_retry": can_retry(document)
            and request.user.has_perm(RENDER_DOCUMENT, document),
            "refresh_seconds": 2 if document.is_pending else None,
        },
    )


@login_required
@require_POST
def document_retry_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    document = _document_or_403(request, code, pk)
    try:
        document_retry(document, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "ส่งเข้าคิวสร้างไฟล์ใหม่แล้ว")
    return redirect("documents:document_detail", code=code, pk=pk)


#: Set by nginx on its permission subrequest (docs/deploy/nginx.conf, auth_request).
ACCESS_CHECK_HEADER = "HTTP_X_ITA_ACCESS_CHECK"


def document_download(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The stored file, never re-rendered.

    Django checks the permission. Behind nginx the file is sent by nginx, either after an
    X-Accel-Redirect (SENDFILE_BACKEND=nginx) or, with the documented auth_request set-up,
    after this view answered nginx's permission subrequest with 204 and the file's name
    (nginx caches that answer per session for a few seconds)."""
    if request.META.get(ACCESS_CHECK_HEADER) == "1":
        return _access_answer(request, code, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    document = _document_or_403(request, code, pk)
    if not document.is_ready:
        raise Http404("ไฟล์ของเอกสารนี้ยังไม่พร้อม")
    etag = f'"{document.sha256}"'
    last_modified = int(document.rendered_at.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified
    storage = document.file.storage
    if settings.SENDFILE_BACKEND.endswith(".nginx") and hasattr(storage, "path"):
        response = sendfile(
            request,
            storage.path(document.file.name),
            attachment=True,
            attachment_filename=document.filename,
            mimetype="application/pdf",
        )
    else:
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.filename,
            content_type="application/pdf",
        )
    response["Content-Length"] = str(document.size)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"private, max-age={CACHE_SECONDS}, immutable"
    return response


def _access_answer(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """nginx's auth_request: 204 with the stored file's name and download headers when the
    user may read the document, else 401 (not signed in), 403 or 404. Never the file."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    # nginx's auth_request knows only 2xx, 401 and 403 (anything else is its error 500),
    # so a missing or unfinished document is refused as 403 too.
    try:
        document = _document_or_403(request, code, pk)
    except (PermissionDenied, Http404):
        return HttpResponse(status=403)
    if not document.is_ready:
        return HttpResponse(status=403)
    response = HttpResponse(status=204)
    response["X-Document-File"] = document.file.name
    response["X-Document-Disposition"] = content_disposition_header(
        as_attachment=True, filename=document.filename
    )
    response["X-Document-ETag"] = f'"{document.sha256}"'
    return response
