"""Which characters the PDF fonts can draw, so a text that would print as empty boxes is
flagged when it is saved (issue 13).

The fonts are those static/css/pdf.css lists, in its order: Sarabun (the PyPI package
fontpkg-sarabun, served as static fonts/sarabun/), then Debian's DejaVu Sans
(fonts-dejavu-core: ☑ ☐ and most symbols) and Symbola (fonts-symbola: emoji and the rest
of the symbol blocks, in black outline, which WeasyPrint embeds with a text layer). A
character none of them has (Chinese, most other scripts) prints as a box: the person is
warned, the text is still saved.
"""

import functools
import subprocess
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import fontpkg_sarabun
from django.contrib import messages
from fontTools.ttLib import TTFont

SHIPPED_FONTS = (Path(fontpkg_sarabun.__file__).parent / "files" / "Sarabun-Regular.ttf",)
SYSTEM_FAMILIES = ("DejaVu Sans", "Symbola")  # Debian packages, see scripts/setup.sh
SHOWN_AT_MOST = 10


def _system_font_file(family: str) -> Path | None:
    """The regular face of an installed family, or None (fc-list prints nothing then;
    fc-match would answer with some other font)."""
    try:
        listed = subprocess.run(  # noqa: S603
            ["fc-list", "--format", "%{file}|%{style}\n", f":family={family}"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return None
    faces = sorted(line.partition("|")[::2] for line in listed if line)
    regular = [path for path, styles in faces if {"Regular", "Book"} & set(styles.split(","))
               and "Condensed" not in styles]
    return Path(regular[0]) if regular else None


@functools.cache
def covered_codepoints() -> frozenset[int]:
    """Every code point one of the report fonts draws (read once per process)."""
    files = list(SHIPPED_FONTS)
    files += [path for family in SYSTEM_FAMILIES if (path := _system_font_file(family))]
    covered: set[int] = set()
    for path in files:
        with TTFont(path, lazy=True) as font:
            covered.update(font.getBestCmap())
    return frozenset(covered)


def _is_drawn(ch: str) -> bool:
    """False for what is never a glyph of its own: controls, spaces, joiners, and emoji
    variation selectors (FE0F makes ☺ an emoji; the glyph is the base character's)."""
    code = ord(ch)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return False
    return unicodedata.category(ch) not in ("Cc", "Cf", "Zs", "Zl", "Zp")


def uncovered_characters(*texts: str) -> list[str]:
    """The characters of the texts no report font draws, each once, in order of appearance."""
    covered = covered_codepoints()
    seen: dict[str, None] = {}
    for text in texts:
        for ch in text or "":
            if ord(ch) not in covered and _is_drawn(ch):
                seen.setdefault(ch, None)
    return list(seen)


def glyph_warning(*texts: str) -> str:
    """A Thai warning naming the characters that will print as boxes, or ""."""
    missing = uncovered_characters(*texts)
    if not missing:
        return ""
    shown = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in missing[:SHOWN_AT_MOST])
    more = f" และอีก {len(missing) - SHOWN_AT_MOST} ตัว" if len(missing) > SHOWN_AT_MOST else ""
    return (
        "บันทึกแล้ว แต่มีอักขระที่แบบอักษรของรายงาน PDF ไม่มี จะพิมพ์เป็นช่องสี่เหลี่ยมว่าง: "
        f"{shown}{more} หากต้องการให้พิมพ์ได้ กรุณาแก้เป็นข้อความภาษาไทยหรืออังกฤษ"
    )


def warn_unprintable(request, values: Iterable[object]) -> None:
    """After a save: a warning message naming what will print as boxes (texts among the
    values; numbers, dates and rows are skipped). Nothing is refused."""
    warning = glyph_warning(*(value for value in values if isinstance(value, str)))
    if warning:
        messages.warning(request, warning)
