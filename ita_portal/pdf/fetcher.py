"""A WeasyPrint URL fetcher that only reads the portal's own files.

Every URL WeasyPrint wants (stylesheets, @font-face sources, images, SVG references,
attachments) goes through :class:`PortalURLFetcher`. It serves:

* ``data:`` URLs;
* ``file://`` URLs whose real path (symlinks resolved) is inside one of the allowed roots:
  the folders of ``settings.STATICFILES_DIRS`` (plain and ``(prefix, path)`` entries),
  ``settings.STATIC_ROOT`` if it exists, and ``settings.MEDIA_ROOT``;
* ``file://`` URLs under a static folder that name a file of the *collected* layout
  (``<static dir>/fonts/sarabun/Sarabun-Regular.ttf``), looked up with the staticfiles
  finders, so relative URLs in ``pdf.css`` work from source as they do after collectstatic;
* URLs under ``settings.STATIC_URL`` / ``settings.MEDIA_URL``, mapped to those files.
  With a ``file://`` base URL, ``<img src="/static/x.png">`` arrives as
  ``file:///static/x.png``; an absolute STATIC_URL (a CDN) is also mapped to the files.

Everything else (http, https, ftp, other files, ``..`` segments, symlinks leaving a root,
FIFOs and devices) is refused with :class:`RefusedURL`, which WeasyPrint logs as a
failed resource and renders without. The fetcher never opens a socket and never follows
a redirect: nothing is handed to urllib except ``data:`` URLs.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import stat
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

#: Largest file the PDF renderer may read (fonts are ~90 kB, images should be small).
MAX_FILE_BYTES = 32 * 1024 * 1024
#: Seconds before urllib gives up (only ``data:`` URLs ever reach urllib).
TIMEOUT_SECONDS = 5


class RefusedURL(ValueError):
    """A URL the PDF renderer is not allowed to read.

    WeasyPrint catches every ``Exception`` raised by a fetcher (that is not a
    ``FatalURLFetchingError``), logs it and renders without the resource.
    """


def _real(path: str | os.PathLike) -> str:
    return os.path.realpath(os.fspath(path))


def _is_inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # different drives / relative vs absolute
        return False


def static_dirs() -> list[tuple[str, str]]:
    """(URL prefix, real folder) for each STATICFILES_DIRS entry; prefix "" if none."""
    out = []
    for entry in settings.STATICFILES_DIRS:
        prefix, folder = entry if isinstance(entry, (tuple, list)) else ("", entry)
        out.append((str(prefix).strip("/"), _real(folder)))
    return out


def allowed_roots() -> list[str]:
    """Real paths of the folders whose files may be read."""
    roots = [folder for _prefix, folder in static_dirs()]
    static_root = getattr(settings, "STATIC_ROOT", None)
    if static_root and os.path.isdir(static_root):
        roots.append(_real(static_root))
    media_root = getattr(settings, "MEDIA_ROOT", None)
    if media_root:
        roots.append(_real(media_root))
    return roots


def _clean_relative(rel: str, url: str) -> str:
    """A relative path with no empty, ``.`` or ``..`` segments, or RefusedURL."""
    if "\x00" in rel or "\\" in rel:
        raise RefusedURL(f"Invalid character in {url!r}")
    parts = rel.split("/")
    if any(part in ("..", ".") for part in parts):
        raise RefusedURL(f"Dot segment in {url!r}")
    parts = [part for part in parts if part]
    if not parts:
        raise RefusedURL(f"No file named by {url!r}")
    return "/".join(parts)


class PortalURLFetcher(URLFetcher):
    """WeasyPrint fetcher restricted to ``data:`` URLs and the portal's own files.

    Pass an instance as ``url_fetcher=`` to ``weasyprint.HTML`` and ``weasyprint.CSS``.
    """

    def __init__(self, **kwargs):
        # Belt and braces: the parent's urllib opener only ever sees data: URLs, and
        # would refuse any other scheme (and redirects) even if it were reached.
        kwargs.setdefault("timeout", TIMEOUT_SECONDS)
        kwargs["allowed_protocols"] = ("data",)
        kwargs["allow_redirects"] = False
        super().__init__(**kwargs)

    # WeasyPrint calls fetcher(url) → fetch(url); URLFetcher.open() also ends up here.
    def fetch(self, url, headers=None):
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError as exc:
            raise RefusedURL(f"Malformed URL {url!r}") from exc
        if scheme == "data":
            return super().fetch(url, headers)
        path = self.resolve(url)
        if path is None:
            logger.warning("PDF: refused to fetch %s", url[:200])
            raise RefusedURL(f"Not one of the portal's own files: {url[:200]!r}")
        return self._file_response(url, path)

    # -- mapping a URL to a file ---------------------------------------------------------

    def resolve(self, url: str) -> str | None:
        """The real path of the allowed file ``url`` names, or None."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        scheme = parts.scheme.lower()
        # An absolute STATIC_URL / MEDIA_URL (say a CDN) is read from disk, never fetched.
        for base, kind in ((settings.STATIC_URL, "static"), (settings.MEDIA_URL, "media")):
            if base and urlsplit(base).scheme and url.startswith(base):
                return self._lookup(kind, unquote(url[len(base) :].split("?")[0]), url)
        if scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = unquote(parts.path)
        if "\x00" in path or any(seg in ("..", ".") for seg in path.split("/")):
            return None
        roots = allowed_roots()
        real = _real(path)
        if any(_is_inside(real, root) for root in roots) and _is_regular(real):
            return real
        # A file of the collected layout, addressed relative to a static folder.
        for prefix, folder in static_dirs():
            if not prefix and _is_inside(os.path.normpath(path), folder):
                rel = os.path.relpath(os.path.normpath(path), folder)
                if found := self._lookup("static", rel, url):
                    return found
        # file:///static/... and file:///media/...: root-relative URLs resolved
        # against a file:// base URL.
        for base, kind in ((settings.STATIC_URL, "static"), (settings.MEDIA_URL, "media")):
            if base and not urlsplit(base).scheme:
                prefix = "/" + base.strip("/") + "/"
                if path.startswith(prefix):
                    return self._lookup(kind, path[len(prefix) :], url)
        return None

    def _lookup(self, kind: str, rel: str, url: str) -> str | None:
        try:
            rel = _clean_relative(rel, url)
        except RefusedURL:
            return None
        candidates = []
        if kind == "static":
            try:
                found = finders.find(rel)
            except SuspiciousFileOperation:
                found = None
            if found:
                candidates.append(found)
            static_root = getattr(settings, "STATIC_ROOT", None)
            if static_root and os.path.isdir(static_root):
                candidates.append(os.path.join(static_root, rel))
        else:
            candidates.append(os.path.join(settings.MEDIA_ROOT, rel))
        roots = allowed_roots()
        for candidate in candidates:
            real = _real(candidate)
            if any(_is_inside(real, root) for root in roots) and _is_regular(real):
                return real
        return None

    # -- reading it ----------------------------------------------------------------------

    def _file_response(self, url: str, path: str) -> URLFetcherResponse:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise RefusedURL(f"File too large for a PDF resource: {url[:200]!r}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        headers = {"Content-Type": content_type}
        if content_type == "text/css":
            headers["Content-Type"] = "text/css; charset=utf-8"
        # Keep the URL as asked, so relative URLs inside a stylesheet resolve the same
        # way (in the /static/ namespace) as they do in a browser.
        return URLFetcherResponse(url, data, headers)


def _is_regular(path: str) -> bool:
    """A regular file (not a FIFO, device or folder), so reading it cannot block."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def static_base_url() -> str:
    """``file://`` URL of the main static folder (trailing slash), the HTML base URL."""
    for prefix, folder in static_dirs():
        if not prefix:
            return Path(folder).as_uri() + "/"
    return Path(settings.STATIC_ROOT).resolve().as_uri() + "/"
