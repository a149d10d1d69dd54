"""Server-rendered horizontal bar charts for the public overview.

Plain inline SVG like assessments/charts.py (no script, no external fonts), every text
XML-escaped here, so the caller may embed the result with ``mark_safe``. Each chart
carries a <title> and a <desc> listing every value, for screen readers.
"""

from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

FONT = "Sarabun, sans-serif"
BAR_FILL = "#0d6efd"
TEXT = "#212529"
MUTED = "#6c757d"
GRID = "#dee2e6"

WIDTH = 720
LABEL_WIDTH = 230
VALUE_WIDTH = 90
ROW_HEIGHT = 26
BAR_HEIGHT = 16
TOP = 12


def _clean(text: object) -> str:
    return " ".join("".join(ch for ch in str(text) if ch >= " ").split())


def _text(text: object) -> str:
    return escape(_clean(text))


def _attr(text: object) -> str:
    return '"' + escape(_clean(text), {'"': "&quot;"}) + '"'


def _num(value: Decimal | int | float) -> str:
    text = f"{Decimal(str(value)).quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def bar_chart_svg(
    title: str, bars: Sequence[tuple[str, int]], *, total: int | None = None
) -> str:
    """One bar per (label, count). With ``total`` each bar's length is its share of it
    and the value reads "count (pct%)"; otherwise the longest bar is the largest count."""
    scale = total if total else max((count for _, count in bars), default=0)
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = TOP * 2 + ROW_HEIGHT * max(len(bars), 1)

    def value_text(count: int) -> str:
        if total:
            return f"{count:,} ({_num(Decimal(100 * count) / total)}%)"
        return f"{count:,}"

    desc = "; ".join(f"{label}: {value_text(count)}" for label, count in bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label={_attr(title)}>',
        f"<title>{_text(title)}</title>",
        f"<desc>{_text(desc or 'ไม่มีข้อมูล')}</desc>",
        f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>',
        f'<line x1="{LABEL_WIDTH}" y1="{TOP - 4}" x2="{LABEL_WIDTH}" '
        f'y2="{height - TOP + 4}" stroke="{MUTED}" stroke-width="1"/>',
    ]
    for index, (label, count) in enumerate(bars):
        y = TOP + index * ROW_HEIGHT
        length = Decimal(plot) * count / scale if scale else Decimal(0)
        baseline = y + BAR_HEIGHT - 3
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{baseline}" font-family="{FONT}" font-size="12" '
            f'fill="{TEXT}" text-anchor="end">{_text(label)}</text>'
        )
        parts.append(
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y}" width="{_num(length)}" '
            f'height="{BAR_HEIGHT}" fill="{BAR_FILL}"><title>{_text(label)}: '
            f"{_text(value_text(count))}</title></rect>"
        )
        parts.append(
            f'<text x="{_num(LABEL_WIDTH + length + 6)}" y="{baseline}" font-family="{FONT}" '
            f'font-size="12" fill="{TEXT}">{_text(value_text(count))}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
