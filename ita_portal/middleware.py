"""Request hardening that applies to every page: control characters and Permissions-Policy."""

import re
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY as SESSION_KEY_USER
from django.http import Http404, HttpRequest, HttpResponse, QueryDict

# C0 controls and DEL. PostgreSQL refuses a NUL in any string it is sent (a search for
# "%00" raised ValueError inside the query), and none of them belongs in what people type.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Forms keep tab, line feed and carriage return: multi-line fields (steps of a measure,
# results, notes) are typed with them.
_CONTROL_IN_FORMS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _cleaned(data: QueryDict, pattern: re.Pattern[str]) -> QueryDict:
    if not any(pattern.search(k) or any(pattern.search(v) for v in vs) for k, vs in data.lists()):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(pattern.sub("", key), [pattern.sub("", v) for v in values])
    cleaned._mutable = False
    return cleaned


class ControlCharactersMiddleware:
    """Strip control characters from query strings, form fields, cookies and headers.

    One place instead of every view and selector: a NUL typed (or sent) into the public
    search, a login form or a cookie is dropped before any code sees it, so it can never
    reach the database. A path with a control character names no page (404).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _CONTROL.search(request.path_info):
            raise Http404("ไม่พบหน้าที่ต้องการ")
        request.GET = _cleaned(request.GET, _CONTROL)
        # Headers reach the database too: django-axes stores the User-Agent of every login.
        for key, value in request.META.items():
            if key.startswith("HTTP_") and isinstance(value, str) and _CONTROL.search(value):
                request.META[key] = _CONTROL.sub("", value)
        request.COOKIES = {
            _CONTROL.sub("", key): _CONTROL.sub("", value) for key, value in request.COOKIES.items()
        }
        if request.method == "POST" and request.content_type in {
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        }:
            request.POST = _cleaned(request.POST, _CONTROL_IN_FORMS)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Add the Permissions-Policy header from settings.PERMISSIONS_POLICY.

    PERMISSIONS_POLICY maps a feature to its allow-list: [] denies it everywhere
    (`camera=()`), ["self"] allows this site only.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in getattr(settings, "PERMISSIONS_POLICY", {}).items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class SessionIdleTimeoutMiddleware:
    """Keep a signed-in session alive while it is used, with a write every few minutes.

    A session ends SESSION_COOKIE_AGE seconds after it was last saved. Saving it on every
    request (SESSION_SAVE_EVERY_REQUEST) made every page and download pay a database write
    (about a third of a file download's time on PostgreSQL); renewing it only when the last
    renewal is SESSION_RENEW_SECONDS old keeps the idle timeout within that margin.
    """

    KEY = "_renewed_at"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY_USER) is not None:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_RENEW_SECONDS:
                session[self.KEY] = now  # marks the session modified: saved, expiry moved
        return self.get_response(request)
