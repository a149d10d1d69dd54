"""Read the text layer of our PDFs back and count the characters that come out wrong.

    document = render_document(template, context, title=..., author=...)
    pdf = write_pdf(document)                       # exactly what render_pdf returns
    report = text_errors(document, pdf)             # {reader: ReaderResult}
    assert all(r.errors == 0 for r in report.values()), format_report(report)

*Expected* text: per page, the text of every visible text box WeasyPrint laid out, in box
tree order (margin boxes such as the page number "- 2 -" and repeated table headers
included, since they are drawn on that page), plus the text of inline SVG images.
*Extracted* text, per page, by four readers:

* ``pdftotext-raw``: poppler's ``pdftotext -raw`` (content stream order);
* ``pdftotext``: poppler's ``pdftotext`` in its default reading order, the one citizens
  and poppler-based viewers use; it runs across the cells of wide tables, so callers
  may compare it as a character multiset (``any_order=`` of :func:`text_errors`);
* ``pypdf``: ``PdfReader.pages[n].extract_text()``;
* ``pdfminer``: pdfminer.six's characters in content stream order (its layout analysis
  splits two zero-width marks in a row, ซื้, into separate lines, a reading-order matter).

Both sides are folded the same way (:func:`fold`): Unicode NFC, no whitespace (a reader
breaks lines where Thai has no space), no format characters (zero-width space, soft
hyphen). Wrong characters are counted with :mod:`difflib` (:func:`count_wrong`): a
replaced run counts its longer side, inserted and deleted runs their length, a long run
carried far (an SVG drawn after the text around it) counts as moved, not wrong. The page
number must be found on its page, wherever the reader puts it.

pypdf and pdfminer.six are test-time dependencies (imported when used); poppler-utils is
a system package.
"""

from __future__ import annotations

import difflib
import io
import shutil
import subprocess
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

# -- folding -----------------------------------------------------------------------------


def fold(text: str) -> str:
    """NFC ``text`` without whitespace and format characters (ZWSP, soft hyphen, BOM)."""
    text = unicodedata.normalize("NFC", text)
    return "".join(
        ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf"
    )


#: Fewest characters a run of text must be carried over to count as moved, not wrong.
MIN_MOVE = 8


def count_wrong(expected: str, got: str) -> int:
    """Characters of ``got`` that differ from ``expected`` (both already folded).

    A run deleted in one place and inserted, identical, at least :data:`MIN_MOVE`
    characters away is a *move* (WeasyPrint draws an inline SVG after the text around
    it): right characters in another order, not counted. A run put back nearer is
    wrong: a mark read after the next letter (ทีม่า for ที่มา) is two wrong characters.
    """
    if expected == got:
        return 0
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    wrong = 0
    deleted: list[tuple[str, int]] = []  # (run, where it would be in got)
    inserted: list[tuple[str, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace":
            wrong += max(i2 - i1, j2 - j1)
        elif tag == "delete":
            deleted.append((expected[i1:i2], j1))
        elif tag == "insert":
            inserted.append((got[j1:j2], j1))
    for run, at in deleted:
        move = next((m for m in inserted if m[0] == run and abs(m[1] - at) >= MIN_MOVE), None)
        if move is None:
            wrong += len(run)
        else:
            inserted.remove(move)
    return wrong + sum(len(run) for run, _ in inserted)


def count_wrong_any_order(expected: str, got: str) -> int:
    """Like :func:`count_wrong`, with the characters compared as multisets.

    For a reader whose order is not the document's (pdftotext's reading order goes
    line by line across table cells): every character must still come out right.
    """
    want, have = Counter(expected), Counter(got)
    return max(sum((want - have).values()), sum((have - want).values()))


def differences(expected: str, got: str, *, limit: int = 5, context: int = 12) -> list[str]:
    """The first ``limit`` differences as ``…before[expected→got]after…`` lines."""
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        out.append(
            f"…{expected[max(0, i1 - context):i1]}[{expected[i1:i2]}→{got[j1:j2]}]"
            f"{expected[i2:i2 + context]}…"
        )
        if len(out) == limit:
            break
    return out


# -- the expected text -------------------------------------------------------------------


@dataclass
class PageText:
    body: str  # the page's text boxes and inline SVG text, in box tree order
    margins: list[str]  # text of each margin box ("- 2 -"), drawn after the body


def laid_out_pages(document) -> list[PageText]:
    """Per page of a WeasyPrint ``Document``: its visible text, as laid out."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.svg import SVG

    def walk(box, out: list[str]) -> None:
        if isinstance(box, boxes.TextBox):
            if box.style["visibility"] == "visible":
                out.append(box.text)
        elif isinstance(box, boxes.ReplacedBox):
            svg = getattr(box.replacement, "_svg", None)
            if isinstance(svg, SVG):
                out.extend(_svg_texts(svg.tree._etree_node))
        for child in getattr(box, "children", ()):
            walk(child, out)

    pages = []
    for page in document.pages:
        body: list[str] = []
        margins = []
        for child in page._page_box.children:
            if isinstance(child, boxes.MarginBox):
                text: list[str] = []
                walk(child, text)
                margins.append("".join(text))
            else:
                walk(child, body)
        pages.append(PageText("".join(body), [m for m in margins if fold(m)]))
    return pages


def _svg_texts(element) -> Iterable[str]:
    """Text of an SVG element tree's ``<text>`` elements (not title or desc), in order."""
    for node in element.iter():
        if isinstance(node.tag, str) and node.tag.rsplit("}", 1)[-1] == "text":
            yield "".join(node.itertext())


# -- readers -----------------------------------------------------------------------------


def pdftotext_pages(pdf: bytes, *, raw: bool = False) -> list[str]:
    """Page texts from poppler's pdftotext (``-raw``: content stream order)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        command = ["pdftotext", "-enc", "UTF-8", *(["-raw"] if raw else []), str(path), "-"]
        text = subprocess.run(  # noqa: S603 - fixed command on our own file
            command, check=True, capture_output=True, text=True
        ).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and pages[-1] == "" else pages


def pypdf_pages(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def pdfminer_pages(pdf: bytes) -> list[str]:
    """pdfminer.six's characters of each page in content stream order (no layout)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTContainer
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    def chars(item, out: list[str]) -> None:
        if isinstance(item, LTChar):
            out.append(item.get_text())
        elif isinstance(item, LTContainer):
            for child in item:
                chars(child, out)

    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    pages = []
    for page in PDFPage.get_pages(io.BytesIO(pdf)):
        interpreter.process_page(page)
        out: list[str] = []
        chars(device.get_result(), out)
        pages.append("".join(out))
    return pages


READERS: dict[str, Callable[[bytes], list[str]]] = {
    "pdftotext-raw": lambda pdf: pdftotext_pages(pdf, raw=True),
    "pdftotext": pdftotext_pages,
    "pypdf": pypdf_pages,
    "pdfminer": pdfminer_pages,
}
#: Readers whose order is the content stream's: right for every layout, tables included.
STREAM_ORDER_READERS = ("pdftotext-raw", "pypdf", "pdfminer")


def same_pixels(before: bytes, after: bytes, dpi: int = 100) -> tuple[int, int]:
    """(pages whose rasters are byte-identical, pages) of two PDFs, by poppler's pdftoppm."""
    with tempfile.TemporaryDirectory() as folder:
        rasters = {}
        for name, pdf in (("before", before), ("after", after)):
            path = Path(folder) / f"{name}.pdf"
            path.write_bytes(pdf)
            subprocess.run(  # noqa: S603 - fixed command on our own file
                ["pdftoppm", "-r", str(dpi), str(path), str(Path(folder) / name)],  # noqa: S607
                check=True,
            )
            rasters[name] = sorted(Path(folder).glob(f"{name}-*.ppm"))
        pairs = zip(rasters["before"], rasters["after"], strict=False)
        same = sum(a.read_bytes() == b.read_bytes() for a, b in pairs)
        return same, max(len(rasters["before"]), len(rasters["after"]))


def missing_readers() -> list[str]:
    """What is not installed of poppler-utils, pypdf and pdfminer.six."""
    missing = [] if shutil.which("pdftotext") else ["pdftotext (poppler-utils)"]
    for module, name in (("pypdf", "pypdf"), ("pdfminer", "pdfminer.six")):
        try:
            __import__(module)
        except ImportError:
            missing.append(name)
    return missing


# -- the check ---------------------------------------------------------------------------


@dataclass
class ReaderResult:
    reader: str
    characters: int = 0  # expected characters (folded)
    errors: int = 0
    examples: list[str] = field(default_factory=list)

    any_order: bool = False  # characters compared as multisets

    def add(self, page: int, expected: str, got: str) -> None:
        self.characters += len(expected)
        if self.any_order:
            wrong = count_wrong_any_order(expected, got)
            if wrong and len(self.examples) < 8:
                want, have = Counter(expected), Counter(got)
                self.examples.append(
                    f"page {page}: missing {dict(want - have)}, extra {dict(have - want)}")
        else:
            wrong = count_wrong(expected, got)
            if wrong and len(self.examples) < 8:
                self.examples += [f"page {page}: {d}" for d in differences(expected, got, limit=3)]
        self.errors += wrong


def text_errors(
    document,
    pdf: bytes,
    readers: Iterable[str] = READERS,
    *,
    any_order: Iterable[str] = (),
) -> dict[str, ReaderResult]:
    """Wrong characters per reader between ``document``'s laid-out text and ``pdf``'s.

    Readers named in ``any_order`` are compared as character multisets
    (:func:`count_wrong_any_order`), the others in order (:func:`count_wrong`).

    The page number (a margin box) must be found on its page, wherever the reader puts
    it (first in reading order, last in drawing order; pdftotext joins its final "-" to
    the next line as a hyphenation); the rest of the page is compared in order.
    """
    laid_out = laid_out_pages(document)
    results = {}
    for reader in readers:
        result = results[reader] = ReaderResult(reader, any_order=reader in any_order)
        pages = READERS[reader](pdf)
        if len(pages) != len(laid_out):
            result.errors += abs(len(pages) - len(laid_out))
            result.examples.append(f"{len(pages)} pages extracted, {len(laid_out)} laid out")
        for number, (page, text) in enumerate(zip(laid_out, pages, strict=False), start=1):
            got = fold(text)
            for margin in map(fold, page.margins):
                result.characters += len(margin)
                variants = [margin, margin[:-1]] if margin.endswith("-") else [margin]
                found = next((v for v in variants if v in got), None)
                if found is None:
                    result.errors += len(margin)
                    result.examples.append(f"page {number}: {margin!r} not found")
                else:
                    got = got.replace(found, "", 1)
            body = fold(page.body)
            if reader == "pdftotext":
                # Its reading order joins a line ending in "-" to the next line as a
                # hyphenation, dropping the "-" (E-Service wrapped after "E-").
                body, got = body.replace("-", ""), got.replace("-", "")
            result.add(number, body, got)
    return results


def format_report(results: dict[str, ReaderResult]) -> str:
    lines = []
    for result in results.values():
        order = " (any order)" if result.any_order else ""
        lines.append(
            f"{result.reader}{order}: {result.errors} wrong of {result.characters} characters")
        lines += [f"    {example}" for example in result.examples]
    return "\n".join(lines)


# -- a Thai corpus -----------------------------------------------------------------------

CONSONANTS = [chr(c) for c in range(0x0E01, 0x0E2F) if chr(c) not in "ฤฦ"]  # ก … ฮ (44)
ABOVE_BELOW = ["", "ั", "ิ", "ี", "ึ", "ื", "ุ", "ู"]  # vowels above/below, may carry a tone
TONES = ["", "่", "้", "๊", "๋"]  # mai ek, mai tho, mai tri, mai chattawa
FOLLOWING = ["า", "ำ", "ะ"]  # after the consonant, tone in between (ก่า ก่ำ)
LEADING = ["เ", "แ", "โ", "ใ", "ไ"]
OTHER_MARKS = ["์", "ิ์", "ุ์", "็", "ฺ", "ํ"]  # thanthakhat (alone, over ิ/ุ), maitaikhu, …

#: Words that mix the contexts (many from the issue and the report templates), the
#: special vowels and signs, digits of both kinds, check boxes and Latin text.
WORDS = [
    "การจัดซื้อจัดจ้าง", "ผู้", "ผู้บริหาร", "ผู้รับผิดชอบ", "ที่", "ปู่", "ป่า", "ฝ้าย",
    "ฟ้า", "น้ำ", "น้ำท่วม", "ต่ำ", "ค่ำ", "กำ", "ก่ำ", "คำ", "ดำเนินการ", "สำนักงาน",
    "ตำบล", "อำเภอ", "จำนวน", "ประจำปีงบประมาณ", "คุณธรรม", "ความโปร่งใส", "ญี่ปุ่น",
    "ฐาน", "ฐิติ", "ฎีกา", "ฏุ", "ญุ", "ฤดู", "ฤๅษี", "ฦๅ", "ฦ", "ฯลฯ", "ๆ", "ศักดิ์",
    "สิทธิ์", "พระพุทธ", "จันทร์", "เก่า", "เก้า", "เกาะ", "เกี่ยว", "เรื่อง", "เปลี่ยน",
    "เป็น", "เล็ก", "ก็", "แข็ง", "โต๊ะ", "เจ๊", "ก๋วยเตี๋ยว", "ปิ๊บ", "ไม่", "ใช่", "ได้",
    "ให้", "ฟื้นฟู", "ปื้น", "ปั้น", "ปั๊ม", "ฝั่ง", "ฟั่น", "ปี่", "ฝี", "ฟี่", "ฬ่า",
    "ป่ำ", "ฝ้ำ", "ปู้", "ฎ่ำ", "ฏ้ำ", "ญ่ำ", "ฐ้ำ", "๐๑๒๓๔๕๖๗๘๙", "0123456789",
    "พ.ศ. ๒๕๖๗", "ร้อยละ ๘๗.๙๙", "฿", "๏", "๚", "๛", "☐", "☑", "☒", "ITA", "O10",
    "Integrity and Transparency Assessment", "(IIT/EIT/OIT)", "– — “ ” ‘ ’ … • %",
]


def thai_syllables() -> list[str]:
    """Every Thai consonant with every vowel and tone mark (about 4,600 syllables)."""
    out = []
    for c in CONSONANTS:
        out.append(c)
        out += [c + v + t for v in ABOVE_BELOW for t in TONES if v or t]
        out += [c + t + f for t in TONES for f in FOLLOWING]
        out += [lead + c + t for lead in LEADING for t in TONES]
        out += [lead + c + t + "า" for lead in ("เ",) for t in TONES]  # เก่า
        out += ["เ" + c + "ี" + t + "ย" for t in TONES]  # เกี่ย
        out += ["เ" + c + "ื" + t + "อ" for t in TONES]  # เกื่อ
        out += ["เ" + c + "็" + "น", c + "ั" + "ว", c + "็"]
        out += [c + mark for mark in OTHER_MARKS]
    return out


def generated_corpus(width: int = 60) -> list[str]:
    """:func:`thai_syllables` and :data:`WORDS` as lines of about ``width`` characters."""
    lines, line = [], []
    for item in [*thai_syllables(), *WORDS]:
        line.append(item)
        if sum(len(x) + 1 for x in line) >= width:
            lines.append(" ".join(line))
            line = []
    if line:
        lines.append(" ".join(line))
    return lines


def seed_corpus(folder: Path) -> list[str]:
    """The non-blank lines of the ``*.txt`` files in ``folder`` (whitespace folded)."""
    lines = []
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line := " ".join(line.split()):
                lines.append(line)
    return lines
