"""The one way the portal turns a Django template into a PDF.

    pdf = render_pdf("reports/some_report.html", context, title="…", author=agency.name)
    return pdf_response(pdf, "รายงาน ITA 2568.pdf")

* The template is rendered by Django (autoescaped) and laid out by WeasyPrint with
  :class:`ita_portal.pdf.fetcher.PortalURLFetcher`: only ``data:`` URLs and the portal's own
  static/media files can be read, never the network or other files.
* ``static/css/pdf.css`` (page size, margins, Sarabun) is applied to every document as a
  *user* stylesheet: a template's own ``<style>`` wins over it whatever the specificity.
* Fonts and that stylesheet are parsed once per thread and reused
  (:func:`_cached_resources`); :func:`clear_caches` drops them (tests, after editing
  ``pdf.css`` in a running server).
* ``thai_digits=True`` turns 0–9 into ๐–๙ in text content only (see :func:`to_thai_digits`).
* The PDF gets ``/Title``, ``/Author`` and ``/Lang (th)``; ``<link rel=attachment>`` is
  ignored.
* Its text layer gives every drawn glyph the text it was drawn for, so Thai copies,
  searches and reads aloud right (:mod:`ita_portal.pdf.text_layer`, WeasyPrint issue #2841).
* A template with ``<meta name="page-turn">`` in its head gets the official page-turn words
  ("/ความเห็น...") at the foot of every page but the last, from a second layout
  (:mod:`ita_portal.pdf.page_turn`).
* Full garbage collections are made rarer while a document is laid out and written
  (:func:`fewer_full_collections`).
"""

from __future__ import annotations

import gc
import io
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from html.parser import HTMLParser

from django.contrib.staticfiles import finders
from django.http import FileResponse
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration

from ita_portal.thai import thai_digits as _digits_to_thai

from . import page_turn
from .fetcher import PortalURLFetcher, static_base_url
from .text_layer import one_text_per_glyph

PDF_CSS = "css/pdf.css"
LANG = "th"

_local = threading.local()


def _make_resources() -> tuple[FontConfiguration, CSS, PortalURLFetcher]:
    fetcher = PortalURLFetcher()
    font_config = FontConfiguration()
    css_path = finders.find(PDF_CSS)
    if not css_path:  # pragma: no cover - a broken checkout
        raise FileNotFoundError(f"static file {PDF_CSS} not found by the staticfiles finders")
    # Loaded through the fetcher under its static file:// URL so that the relative
    # @font-face URLs resolve in the collected static layout (fonts/sarabun/...).
    css = CSS(
        url=static_base_url() + PDF_CSS,
        url_fetcher=fetcher,
        font_config=font_config,
    )
    return font_config, css, fetcher


def _cached_resources() -> tuple[FontConfiguration, CSS, PortalURLFetcher]:
    """Font configuration, parsed pdf.css and fetcher, built once per thread.

    Per thread because WeasyPrint, Pango and Fontconfig objects are not documented as
    thread-safe; with sync gunicorn workers this is once per process.
    """
    resources = getattr(_local, "resources", None)
    if resources is None:
        resources = _local.resources = _make_resources()
    return resources


_gc_lock = threading.Lock()
_gc_renders = 0
_gc_saved_threshold: tuple[int, int, int] = gc.get_threshold()

# While rendering, a full collection runs after this many middle-generation collections
# (CPython's third threshold; its default is 10).
FULL_COLLECTION_EVERY = 100


@contextmanager
def fewer_full_collections() -> Iterator[None]:
    """Run full (generation 2) garbage collections ten times less often inside.

    WeasyPrint's layout makes millions of short-lived objects in reference cycles; each
    full collection walks every live object, and a long document keeps hundreds of
    thousands alive. They took a sixth of the render of 1,000 measures (``bench_reports
    --stress 1000``: 10.4 s -> 8.6 s, peak memory unchanged: the garbage is still freed
    by the younger collections and the rarer full ones). The thresholds are
    process-wide, so concurrent renders share one counter and the last to finish
    restores them.
    """
    global _gc_renders, _gc_saved_threshold
    with _gc_lock:
        if _gc_renders == 0:
            _gc_saved_threshold = gc.get_threshold()
            young, middle, full = _gc_saved_threshold
            gc.set_threshold(young, middle, max(full, FULL_COLLECTION_EVERY))
        _gc_renders += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_renders -= 1
            if _gc_renders == 0:
                gc.set_threshold(*_gc_saved_threshold)


def clear_caches() -> None:
    """Forget the cached fonts and stylesheet of this thread (rebuilt on next render)."""
    _local.__dict__.pop("resources", None)


def render_html(
    template_name: str,
    context: dict,
    *,
    title: str,
    author: str,
    landscape: bool = False,
    thai_digits: bool = False,
) -> str:
    """The HTML given to WeasyPrint (useful for debugging a template in a browser)."""
    ctx = {
        **context,
        "pdf_title": title,
        "pdf_author": author,
        "pdf_landscape": landscape,
        "pdf_thai_digits": thai_digits,
    }
    html = render_to_string(template_name, ctx)
    if thai_digits:
        html = to_thai_digits(html)
    return html


def render_pdf(
    template_name: str,
    context: dict,
    *,
    title: str,
    author: str,
    landscape: bool = False,
    thai_digits: bool = False,
    cached: bool = True,
    issued_at: datetime | None = None,
    identifier: bytes | None = None,
) -> bytes:
    """Render a Django template to PDF bytes.

    ``title`` and ``author`` (the agency's name) become the PDF's /Title and /Author and
    are given to the template as ``pdf_title`` / ``pdf_author``; ``landscape`` switches
    the pages to A4 landscape; ``thai_digits`` writes numbers in the text with ๐–๙.
    ``cached=False`` builds the fonts and stylesheet afresh (benchmarks only).

    Deterministic: with ``issued_at`` (the creation and modification dates) and
    ``identifier`` (the file's /ID) the same template and context give the same bytes
    every time. Without them the dates are the current time and there is no /ID.
    """
    document = render_document(
        template_name,
        context,
        title=title,
        author=author,
        landscape=landscape,
        thai_digits=thai_digits,
        cached=cached,
        issued_at=issued_at,
    )
    return write_pdf(document, identifier=identifier)


def render_document(
    template_name: str,
    context: dict,
    *,
    title: str,
    author: str,
    landscape: bool = False,
    thai_digits: bool = False,
    cached: bool = True,
    issued_at: datetime | None = None,
) -> Document:
    """The laid-out pages :func:`render_pdf` writes (same arguments), before writing.

    For checks that need the pages' text as laid out (ita_portal.pdf.text_check).
    """
    html = render_html(
        template_name,
        context,
        title=title,
        author=author,
        landscape=landscape,
        thai_digits=thai_digits,
    )
    font_config, css, fetcher = _cached_resources() if cached else _make_resources()
    with fewer_full_collections():
        source = HTML(string=html, base_url=static_base_url(), url_fetcher=fetcher)
        document = source.render(font_config=font_config, stylesheets=[css])
        if len(document.pages) > 1 and page_turn.wanted(source.etree_element):
            turns = CSS(
                string=page_turn.stylesheet(page_turn.next_page_words(document)),
                font_config=font_config,
            )
            document = source.render(font_config=font_config, stylesheets=[css, turns])
    metadata = document.metadata
    metadata.title = title
    metadata.authors = [author] if author else []
    metadata.lang = LANG
    metadata.attachments = []  # never embed files named by the HTML
    when = timezone.localtime(issued_at).replace(microsecond=0).isoformat()
    metadata.created = when
    metadata.modified = when
    return document


#: The archival form of published documents: PDF/A-3b, and tagged (WeasyPrint writes one
#: variant's identification, so the structure tree of PDF/UA is there without its claim).
ARCHIVAL_VARIANT = "pdf/a-3b"


def write_pdf(
    document: Document,
    *,
    identifier: bytes | None = None,
    variant: str | None = None,
    tagged: bool = False,
) -> bytes:
    """The PDF bytes of a :func:`render_document` document.

    Always with subset fonts and no PDF forms (WeasyPrint's defaults), and with one text
    per glyph code (:mod:`ita_portal.pdf.text_layer`) so copy, search and screen readers get the
    Thai text that was laid out. ``variant`` is WeasyPrint's ``pdf_variant`` (e.g.
    :data:`ARCHIVAL_VARIANT`), ``tagged`` adds the structure tree (``pdf_tags``).
    """
    with one_text_per_glyph(), fewer_full_collections():
        return document.write_pdf(
            pdf_identifier=identifier, pdf_variant=variant, pdf_tags=tagged
        )


def pdf_response(pdf_bytes: bytes, filename: str, *, as_attachment: bool = True) -> FileResponse:
    """A response serving ``pdf_bytes``; Thai file names are sent RFC 5987-encoded."""
    return FileResponse(
        io.BytesIO(pdf_bytes),
        as_attachment=as_attachment,
        filename=filename,
        content_type="application/pdf",
    )


# -- Thai digits in text content ---------------------------------------------------------

# Text inside these elements is not document text (or is parsed as something else).
_RAW_TEXT = {"style", "script", "template", "textarea"}

# Runs of text that keep their digits: web addresses (a URL with ๔ in it is another URL)
# and character references. The text is matched as written in the HTML, entities included.
_KEEP_IN_TEXT = re.compile(r"(?:https?://|www\.)[^\s<]+|&#?\w+;")


class _ThaiDigitRewriter(HTMLParser):
    """Re-emits the HTML as it came, translating digits in text only.

    Tags are copied byte for byte (``get_starttag_text``), so attributes (href, src,
    style, data-*) and the contents of <style>/<script> keep their Arabic digits, as do
    web addresses in the text, character references (``&#50;``) and everything inside an
    element marked ``translate="no"`` (codes and scores that official tables print in
    Arabic digits, such as O-item numbers).
    """

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self._text: list[str] = []
        self._raw_depth = 0
        # [tag, depth] of each open translate="no" element: same-named children nest.
        self._keep: list[list] = []

    def _flush(self) -> None:
        if not self._text:
            return
        text = "".join(self._text)
        self._text = []
        if self._raw_depth or self._keep:
            self.out.append(text)
            return
        start = 0
        for match in _KEEP_IN_TEXT.finditer(text):
            self.out.append(_digits_to_thai(text[start : match.start()]))
            self.out.append(match.group())
            start = match.end()
        self.out.append(_digits_to_thai(text[start:]))

    def handle_starttag(self, tag, attrs):
        self._flush()
        self.out.append(self.get_starttag_text())
        if tag in _RAW_TEXT:
            self._raw_depth += 1
        if self._keep and self._keep[-1][0] == tag:
            self._keep[-1][1] += 1
        elif ("translate", "no") in attrs:
            self._keep.append([tag, 1])

    def handle_startendtag(self, tag, attrs):
        self._flush()
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self._flush()
        self.out.append(f"</{tag}>")
        if tag in _RAW_TEXT and self._raw_depth:
            self._raw_depth -= 1
        if self._keep and self._keep[-1][0] == tag:
            self._keep[-1][1] -= 1
            if not self._keep[-1][1]:
                self._keep.pop()

    def handle_data(self, data):
        self._text.append(data)

    def handle_entityref(self, name):
        self._text.append(f"&{name};")

    def handle_charref(self, name):
        self._text.append(f"&#{name};")

    def handle_comment(self, data):
        self._flush()
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self._flush()
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self._flush()
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self._flush()
        self.out.append(f"<![{data}]>")


def to_thai_digits(html: str) -> str:
    """``html`` with 0–9 → ๐–๙ in its text; see :class:`_ThaiDigitRewriter` for what stays."""
    parser = _ThaiDigitRewriter()
    parser.feed(html)
    parser.close()
    parser._flush()
    return "".join(parser.out)
