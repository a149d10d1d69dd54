"""One text per glyph code: correct copy, search and screen reading of Thai PDFs.

WeasyPrint (70.0, issue https://github.com/Kozea/WeasyPrint/issues/2841) writes each
embedded font with ``/Encoding /Identity-H`` and ``/CIDToGIDMap /Identity``: the code
shown on the page *is* the glyph id, and the ``/ToUnicode`` map gives every glyph id one
text, the text of the first cluster the glyph was drawn for. Thai shaping draws one glyph
in several contexts: ำ is drawn as nikhahit + า, so the glyph า stands for "า" in การ and
for "ำ" (or "่ำ", "้ำ") in กำ, ต่ำ, น้ำ; tone marks and vowels have contextual glyphs.
Whichever context comes first wins, and every other use of the glyph copies, searches
and reads aloud as the wrong text (``pdftotext``: กำร for การ, ผ้้ for ผู้).

What :func:`one_text_per_glyph` (around every :func:`ita_portal.pdf.render.write_pdf`) changes:

* **A code per (glyph, text).** Each glyph drawn gets a *character code* for the text it
  was drawn for: the glyph id itself for its first text (a font drawn in one context
  keeps today's output), a new code above the font's last glyph for each other text
  (:class:`GlyphTexts`). The font's ``/CIDToGIDMap`` becomes a stream that sends every
  code back to its glyph (PDF 1.7 § 9.7.4.2), the codes get their glyph's width in
  ``/W`` and their own ``/ToUnicode`` entry. The font file is not touched: the same
  outlines are drawn at the same places, so the pages look exactly as before.
* **Marks read with their base.** In each line, the text of a combining mark (vowels
  above and below, tone marks, ์) moves onto the glyph it sits on: ที่ is "ที่" + "" +
  "". Readers that order characters by position (poppler's reading order, hence
  pdftotext and the search of Evince/Okular) otherwise put a mark that the font nudges
  right of the next letter after that letter (Sarabun Bold: ทีม่า for ที่มา).
* **No encoding CMap.** For a character no font has, WeasyPrint switches the whole font
  to its own ``/Encoding`` CMap stream, which pypdf and pdfminer.six cannot read (every
  character of that font comes out as garbage). The font keeps ``/Identity-H`` instead
  and the CIDToGIDMap sends those codes to glyph 0 (.notdef), with the same widths.

How it hooks into WeasyPrint 70 (:func:`install`; the hooks act only inside
:func:`one_text_per_glyph`, and nothing of WeasyPrint's own code is copied):

1. ``weasyprint.pdf.fonts.Font.__init__``: a vector font gets a :class:`GlyphTexts` as
   its ``to_unicode`` map. ``draw_first_line`` asks ``glyph_id not in font.to_unicode``
   before recording a glyph's cluster text; a :class:`GlyphTexts` always answers "not
   in", so WeasyPrint hands over the text of *every* glyph it draws, in drawing order.
2. ``weasyprint.draw.text.draw_first_line``: around the drawing of each line, collects
   those (glyph, text) pairs and the ``TJ`` strings written (3.), then chooses the codes
   and writes them into the strings in place of the glyph ids. Each replaced id is
   checked against the glyph drawn, so a WeasyPrint change that breaks the one-to-one
   order is detected (logged, the line left as WeasyPrint wrote it) instead of writing
   wrong codes.
3. ``weasyprint.pdf.stream.Stream.show_text``: notes where each ``TJ`` string went.
4. ``weasyprint.pdf.fonts._build_vector_font_dictionary``: widths for the extra codes,
   ``/Identity-H`` and the ``/CIDToGIDMap`` stream.

The same fix belongs in WeasyPrint's ``draw_first_line`` and font dictionary code (see
docs/pdf-thai-text.md); until it is there, these hooks make ours right now.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import struct
import threading
import unicodedata

import pydyf
from weasyprint.draw import text as weasyprint_draw_text
from weasyprint.pdf import fonts as weasyprint_fonts
from weasyprint.pdf import stream as weasyprint_stream

logger = logging.getLogger(__name__)

#: Highest code a two-byte Identity-H string can show.
MAX_CODE = 0xFFFF

#: Off: WeasyPrint's own text layer (``manage.py pdf_text_check --compare``, the tests).
ENABLED = True

_local = threading.local()
_HEX_STRING = re.compile(rb"<([0-9a-fA-F]*)>")
#: Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, …): drawn right to left.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff"
                  "\U0001e800-\U0001efff]")
_installed = False
_install_lock = threading.Lock()


class GlyphSyncError(RuntimeError):
    """The glyph ids written are not the ones drawn: WeasyPrint's drawing changed."""


class _Line:
    """What one ``draw_first_line`` call draws: glyphs with their text, and TJ strings."""

    def __init__(self):
        self.glyphs: list[tuple] = []  # (GlyphTexts, glyph id, text), in drawing order
        self.strings: list[tuple[pydyf.Stream, int]] = []  # (stream, index of a TJ chunk)


def _line() -> _Line | None:
    return getattr(_local, "line", None)


def _active() -> bool:
    return getattr(_local, "depth", 0) > 0


class GlyphTexts(dict):
    """A font's code → text map, with one code per (glyph id, text) pair.

    WeasyPrint reads it as ``font.to_unicode`` (code → text) to write ``/ToUnicode`` and
    to subset the font. The first text of a glyph uses the glyph id as its code; another
    text of the same glyph gets a new code above the font's glyphs, remembered in
    :attr:`glyph_of` (code → glyph id) for the ``/CIDToGIDMap``.
    """

    def __init__(self, font):
        super().__init__()
        self.font = font
        self.codes: dict[tuple[int, str], int] = {}
        self.glyph_of: dict[int, int] = {}
        self._next_code = font.glyph_count
        self._full = False

    def __contains__(self, glyph_id) -> bool:
        # Only draw_first_line asks, before recording the text of the glyph it is about
        # to draw: "no" makes it hand over the text of every occurrence (__setitem__).
        return False

    def __setitem__(self, glyph_id: int, text: str) -> None:
        line = getattr(_local, "line", None)
        if line is None:  # pragma: no cover - drawn outside draw_first_line
            if not dict.__contains__(self, glyph_id):
                dict.__setitem__(self, glyph_id, text)
            return
        line.glyphs.append((self, glyph_id, text))

    def code_for(self, glyph_id: int, text: str) -> int:
        """The code that shows ``glyph_id`` and reads as ``text``."""
        code = self.codes.get((glyph_id, text))
        if code is not None:
            return code
        if not dict.__contains__(self, glyph_id):
            code = glyph_id
        else:
            code = self.new_code()
            if code is None:
                return glyph_id  # out of codes: the first text wins, as in WeasyPrint
            self.glyph_of[code] = glyph_id
        dict.__setitem__(self, code, text)
        self.codes[(glyph_id, text)] = code
        return code

    def new_code(self) -> int | None:
        """A code no glyph of the font uses, or None when the two bytes are used up."""
        taken = set(self.font.missing.values())
        while self._next_code in taken:
            self._next_code += 1
        if self._next_code > MAX_CODE:
            if not self._full:
                self._full = True
                logger.warning("PDF font %s: no codes left, some text may copy wrong",
                               self.font.family)
            return None
        code = self._next_code
        self._next_code += 1
        return code

    def cid_to_gid_map(self) -> bytes:
        """``/CIDToGIDMap`` stream data: two bytes (the glyph id) per code.

        Codes of characters no font has (``font.missing``) show glyph 0, .notdef.
        """
        missing = set(self.font.missing.values())
        out = bytearray()
        for cid in range(max(self, default=0) + 1):
            gid = self.glyph_of.get(cid, cid)
            if gid in missing or gid >= self.font.glyph_count:
                gid = 0
            out += gid.to_bytes(2, "big")
        return bytes(out)


@functools.lru_cache(maxsize=4096)
def _is_mark(text: str) -> bool:
    """Only combining marks: Thai vowels above and below, tone marks, ์ …"""
    return bool(text) and all(unicodedata.category(ch) in ("Mn", "Me") for ch in text)


def cluster_texts(texts: list[str]) -> list[str]:
    """The glyph texts of a line with each mark's text moved onto its base glyph.

    ``["ท", "ี", "่", "ม", "า"]`` → ``["ที่", "", "", "ม", "า"]``: read in order, the
    texts are the same; read by position (poppler's reading order, viewers' search),
    a mark nudged right of the next letter by the font (Sarabun Bold: ที่, เกี่ย) can no
    longer land after it, since it carries no text of its own. Lines with right-to-left
    text are left as they are: their glyphs are drawn in the other order.
    """
    out = list(texts)
    if _RTL.search("".join(out)):
        return out
    base = None
    for i, text in enumerate(out):
        if _is_mark(text) and base is not None:
            out[base] += text
            out[i] = ""
        elif text:
            base = i
    return out


def _unused_glyph_id(font, codepoint):
    """WeasyPrint's ``Font.get_unused_glyph_id``, drawing from the same codes as ours."""
    if codepoint not in font.missing:
        code = font.to_unicode.new_code()
        font.missing[codepoint] = MAX_CODE if code is None else code
    return font.missing[codepoint]


def recode(tj_string: bytes, glyph_ids: list[int], codes: list[int], start: int = 0
           ) -> tuple[bytes, int]:
    """``tj_string`` (``<hex>`` glyph ids and numbers) with the ids replaced by codes.

    ``glyph_ids[start:]`` are the glyphs drawn from this string on, ``codes`` their
    codes. Returns the new string and the index of the first glyph not in it. Raises
    :class:`GlyphSyncError` when the ids written are not the glyphs drawn.
    """
    parts = _HEX_STRING.split(tj_string)  # text, hex, text, hex, …, text
    written = b"".join(parts[1::2])
    count, odd = divmod(len(written), 4)
    end = start + count
    if odd:
        raise GlyphSyncError(f"not two-byte glyph ids: {written!r}")
    if end > len(glyph_ids):
        raise GlyphSyncError("more glyphs written than drawn")
    drawn = struct.pack(f">{count}H", *glyph_ids[start:end])
    if bytes.fromhex(written.decode("ascii")) != drawn:
        raise GlyphSyncError(f"glyphs {written!r} written where {drawn.hex()} were drawn")
    if glyph_ids[start:end] == codes[start:end]:
        return tj_string, end
    new = struct.pack(f">{count}H", *codes[start:end]).hex().encode()
    position = 0
    for i in range(1, len(parts), 2):
        length = len(parts[i])
        parts[i] = b"<" + new[position:position + length] + b">"
        position += length
    return b"".join(parts), end


def _finish_line(line: _Line) -> None:
    """Give the glyphs of ``line`` their codes and write them in its TJ strings."""
    if not line.glyphs:
        return
    texts = cluster_texts([text for _, _, text in line.glyphs])
    glyph_ids, codes = [], []
    for (glyph_texts, glyph_id, _), text in zip(line.glyphs, texts, strict=True):
        code = glyph_texts.codes.get((glyph_id, text))
        glyph_ids.append(glyph_id)
        codes.append(glyph_texts.code_for(glyph_id, text) if code is None else code)
    if codes == glyph_ids:
        return  # every glyph keeps its id as code: the line stays as WeasyPrint wrote it
    chunks = []
    done = 0
    try:
        for stream, index in line.strings:
            chunk, done = recode(stream.stream[index], glyph_ids, codes, done)
            chunks.append((stream, index, chunk))
        if done != len(glyph_ids):
            raise GlyphSyncError(f"{len(glyph_ids) - done} glyphs drawn but not written")
    except GlyphSyncError:
        logger.exception("PDF text layer: glyph codes out of step, line left as drawn")
        return
    for stream, index, chunk in chunks:
        stream.stream[index] = chunk


# -- the hooks -----------------------------------------------------------------------------


def _hook_font_init(original):
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if _active() and not self.bitmap:
            self.to_unicode = GlyphTexts(self)
            self.get_unused_glyph_id = lambda codepoint: _unused_glyph_id(self, codepoint)

    __init__.__wrapped__ = original
    return __init__


def _hook_draw_first_line(original):
    def draw_first_line(stream, textbox, *args, **kwargs):
        if not _active():
            return original(stream, textbox, *args, **kwargs)
        _local.line = line = _Line()
        try:
            result = original(stream, textbox, *args, **kwargs)
        finally:
            _local.line = None
        _finish_line(line)
        return result

    draw_first_line.__wrapped__ = original
    return draw_first_line


def _hook_show_text(original):
    def show_text(self, text):
        original(self, text)
        line = _line()
        if line is not None:
            line.strings.append((self, len(self.stream) - 1))

    show_text.__wrapped__ = original
    return show_text


def _hook_build_vector_font(original):
    def _build_vector_font_dictionary(font_dictionary, pdf, font, widths, compress, *args):
        texts = font.to_unicode
        if not (isinstance(texts, GlyphTexts) and (texts.glyph_of or font.missing)):
            return original(font_dictionary, pdf, font, widths, compress, *args)
        if widths is not font.widths:  # pragma: no cover - full fonts: not render_pdf
            logger.error("PDF font %s: glyph codes need a subset font", font.family)
            return original(font_dictionary, pdf, font, widths, compress, *args)
        missing = font.missing
        notdef = set(missing.values())
        for code in texts:
            glyph_id = texts.glyph_of.get(code, code)
            if glyph_id in notdef:
                # WeasyPrint shows every missing character as CID 0, whose width is
                # widths[0]: keep that width so the line looks the same.
                widths[code] = widths.get(0, widths.get(code, 0))
            elif code != glyph_id and glyph_id in widths:
                widths[code] = widths[glyph_id]
        # Without font.missing, WeasyPrint writes /Identity-H instead of its own
        # encoding CMap (which pypdf and pdfminer.six cannot read): the CIDToGIDMap
        # below sends those codes to .notdef instead.
        font.missing = {}
        try:
            original(font_dictionary, pdf, font, widths, compress, *args)
        finally:
            font.missing = missing
        cid_font = pdf.objects[int(font_dictionary["DescendantFonts"][0].split()[0])]
        cid_to_gid = pydyf.Stream([texts.cid_to_gid_map()], compress=compress)
        pdf.add_object(cid_to_gid)
        cid_font["CIDToGIDMap"] = cid_to_gid.reference

    _build_vector_font_dictionary.__wrapped__ = original
    return _build_vector_font_dictionary


_HOOKS = (
    (weasyprint_fonts.Font, "__init__", _hook_font_init),
    (weasyprint_draw_text, "draw_first_line", _hook_draw_first_line),
    (weasyprint_stream.Stream, "show_text", _hook_show_text),
    (weasyprint_fonts, "_build_vector_font_dictionary", _hook_build_vector_font),
)


def install() -> None:
    """Install the hooks into WeasyPrint (once; they act only in one_text_per_glyph)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        for owner, name, _hook in _HOOKS:
            if not hasattr(owner, name):  # pragma: no cover - a WeasyPrint we do not know
                raise ImportError(f"WeasyPrint has no {owner.__name__}.{name}: "
                                  "see ita_portal/pdf/text_layer.py")
        for owner, name, hook in _HOOKS:
            setattr(owner, name, hook(getattr(owner, name)))
        _installed = True


@contextlib.contextmanager
def one_text_per_glyph():
    """Inside, fonts WeasyPrint creates to draw a PDF give each glyph code one text.

    Wrap ``Document.write_pdf()`` (drawing and font embedding happen there). Does nothing
    when :data:`ENABLED` is false.
    """
    if not ENABLED:
        yield
        return
    install()
    _local.depth = getattr(_local, "depth", 0) + 1
    try:
        yield
    finally:
        _local.depth -= 1
