"""Page-turn words (คำต่อ) at the foot of every page but the last.

Thai official letters end each page that the text continues from with the first words of
the next page, right-aligned under the last line: "/ความเห็น..." (ระเบียบงานสารบรรณ
typing practice). A document asks for them with ``<meta name="page-turn">`` in its head;
:func:`ita_portal.pdf.render.render_document` then lays the document out, reads the first
words of each page from that layout (:func:`next_page_words`) and lays it out again with
one ``@page :nth(N) { @bottom-right { content: "/…..." } }`` rule per page
(:func:`stylesheet`). The template styles ``@page { @bottom-right { … } }`` (font,
alignment) without ``content``; this module supplies only the content.

CSS cannot do it in one pass: a margin box can show a named string set on its own page
(``string(name, first|start|last|first-except)``), never one set on the next page. The
second layout breaks where the first did: margin boxes take no room from the page area,
so the same HTML and page rules give the same pages. The cost is one more layout (not
one more write) for documents of two pages or more that ask.

It reads WeasyPrint 70 internals (``Page._page_box``, the box classes, Pango's log
attributes through ``weasyprint.text.line_break``), as text_layer.py does; pyproject pins
WeasyPrint below 71.
"""

from __future__ import annotations

import unicodedata

from weasyprint import Document
from weasyprint.formatting_structure import boxes
from weasyprint.text.line_break import get_log_attrs

#: The <meta name=…> in the head that asks for page-turn words.
META_NAME = "page-turn"

#: Letters the words must hold: a single short Thai word ("คำ", "จึง") is not telling
#: enough, so the next word is added ("คำสั่ง", "จึงเรียน").
MIN_LETTERS = 4


def wanted(root_element) -> bool:
    """Whether the document (its root ElementTree element, ``HTML.etree_element``) asks."""
    return root_element is not None and any(
        meta.get("name") == META_NAME for meta in root_element.iterfind("head/meta")
    )


def first_words(text: str, lang: str = "th") -> str:
    """The first words of ``text``: whole words (Pango's Thai word breaks, libthai)
    until they hold :data:`MIN_LETTERS` letters or the text ends."""
    text = " ".join(text.split())
    if not text:
        return ""
    attrs = get_log_attrs(text, lang)
    letters = 0
    for index, char in enumerate(text):
        if index and attrs[index].is_line_break and letters >= MIN_LETTERS:
            return text[:index].rstrip()
        if unicodedata.category(char).startswith("L"):
            letters += 1
    return text


def _first_line_text(box) -> str:
    """The text of the first line of the page's flow (out-of-flow boxes skipped)."""
    if isinstance(box, boxes.MarginBox):
        return ""
    if isinstance(box, boxes.Box) and not box.is_in_normal_flow():
        return ""
    if isinstance(box, boxes.LineBox):
        text = "".join(
            child.text for child in box.descendants() if isinstance(child, boxes.TextBox)
        )
        return text if text.strip() else ""
    for child in getattr(box, "children", ()):
        if text := _first_line_text(child):
            return text
    return ""


def next_page_words(document: Document) -> list[str]:
    """For each page but the last, the first words of the page after it ("" if none)."""
    return [first_words(_first_line_text(page._page_box)) for page in document.pages[1:]]


def _css_string(text: str) -> str:
    escaped = "".join(f"\\{ord(ch):x} " if ch in '"\\' or ch < " " else ch for ch in text)
    return f'"{escaped}"'


def turn_text(words: str) -> str:
    """What the foot of the page says: "/ความเห็น..."."""
    return f"/{words}..."


def stylesheet(words: list[str]) -> str:
    """Page rules putting ``turn_text(words[i])`` at the foot of page i + 1."""
    return "\n".join(
        f"@page :nth({number}) {{ @bottom-right {{ content: {_css_string(turn_text(text))}; }} }}"
        for number, text in enumerate(words, start=1)
        if text
    )
