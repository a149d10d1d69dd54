"""Payload → HTML → PDF, for any document kind.

A payload (reports.documents, later the memo) is a JSON object that names its own
``template`` and print options (``title``, ``author``, ``landscape``, ``thai_digits``);
the template reads nothing else. Rendering goes through the canonical JSON text, so the
preview of live data and the re-rendering of a stored payload see exactly the same values.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from ita_portal.pdf.render import ARCHIVAL_VARIANT, render_document, render_html, write_pdf


def canonical_json(payload: dict) -> str:
    """The payload as one canonical text: sorted keys, no spaces, Thai kept as is."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def payload_sha256(payload: dict) -> str:
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


def frozen(payload: dict) -> dict:
    """The payload as it reads back from storage (a deep, JSON-only copy)."""
    return json.loads(canonical_json(payload))


#: Where a payload's template may come from: a payload can arrive from a file
#: (import_ita), and must not pick any other template of the portal.
TEMPLATE_FOLDERS = ("reports/", "memos/")


class UnknownTemplate(ValueError):
    pass


def _template(payload: dict) -> str:
    name = payload.get("template")
    if not isinstance(name, str) or not name.startswith(TEMPLATE_FOLDERS) or ".." in name:
        raise UnknownTemplate(f"แม่แบบเอกสารไม่ถูกต้อง: {name!r}")
    return name


def _options(payload: dict) -> dict:
    return {
        "title": payload["title"],
        "author": payload.get("author", ""),
        "landscape": bool(payload.get("landscape")),
        "thai_digits": bool(payload.get("thai_digits")),
    }


def payload_html(payload: dict, *, preview: bool = False, toolbar: dict | None = None) -> str:
    """The HTML of a payload; ``preview`` adds the browser's paper-sheet styling and
    ``toolbar`` its screen-only links (``back_url``, ``pdf_url``), never printed."""
    data = frozen(payload)
    context = {**data, "preview": preview, "toolbar": toolbar or {}}
    return render_html(_template(data), context, **_options(data))


@dataclass(frozen=True)
class RenderedPDF:
    content: bytes
    page_count: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def render_payload(
    payload: dict,
    *,
    issued_at: datetime | None = None,
    identifier: str = "",
    archival: bool = False,
) -> RenderedPDF:
    """The PDF of a payload. With ``issued_at`` and ``identifier`` (an issued document)
    the bytes are the same on every call: dates and the file ID come from the issue.
    ``archival``: PDF/A-3b and tagged (the published form, see publishing)."""
    data = frozen(payload)
    document = render_document(_template(data), data, issued_at=issued_at, **_options(data))
    content = write_pdf(
        document,
        identifier=identifier.encode() if identifier else None,
        variant=ARCHIVAL_VARIANT if archival else None,
        tagged=archival,
    )
    return RenderedPDF(content=content, page_count=len(document.pages))
