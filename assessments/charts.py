"""Server-rendered SVG chart of the ten ITA indicators, this year against last year.

The markup is plain inline SVG (no script, no external CSS or fonts, no foreignObject) so
the same string works on the web page and inside WeasyPrint PDFs. Every text is XML-escaped
here; the caller may embed the result with ``mark_safe``.
"""

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from assessments.scoring import round_score

if TYPE_CHECKING:
    from assessments.selectors import ResultAnalysis


@dataclass(frozen=True)
class ChartBar:
    number: int
    name: str
    current: Decimal | None
    previous: Decimal | None


# Colours (Bootstrap 5 palette, as on the web pages).
CURRENT_FILL = "#0d6efd"
BELOW_MARK_FILL = "#fd7e14"
PREVIOUS_FILL = "#adb5bd"
MARK_LINE_COLOUR = "#dc3545"
TEXT = "#212529"
MUTED = "#6c757d"
GRID = "#dee2e6"
FONT = "Sarabun, sans-serif"

# Geometry, in px. The plot spans 0–100 points vertically.
WIDTH = 720
PLOT_LEFT = Decimal(44)
PLOT_RIGHT = Decimal(WIDTH - 68)  # room for the "เกณฑ์ 85" label on the right
PLOT_TOP = Decimal(60)  # legend above, plus headroom for Thai tone marks and value labels
PLOT_HEIGHT = Decimal(260)
PLOT_BOTTOM = PLOT_TOP + PLOT_HEIGHT
GRID_STEP = 20
BAR_GAP = Decimal(2)
KEY_COLUMNS = 2
KEY_ROW_HEIGHT = 18
KEY_TOP = PLOT_BOTTOM + 46  # baseline of the first row of indicator names
LEGEND_BASELINE = 26

ONE_HUNDRED = Decimal(100)


def indicator_chart_svg(
    bars: Sequence[ChartBar],
    *,
    current_label: str,
    previous_label: str | None,
    pass_mark: Decimal = Decimal("85"),
) -> str:
    """Grouped bar chart of indicator scores as an ``<svg>`` string.

    A ``None`` score draws no bar. Scores and the pass mark must lie in 0–100 (ValueError
    otherwise). A current score whose two-decimal rounding is under the pass mark is drawn
    orange. Previous bars and their legend entry are left out when ``previous_label`` is
    None or no bar has a previous score.
    """
    if not bars:
        raise ValueError("indicator_chart_svg needs at least one bar")
    pass_mark = _checked_score(pass_mark, "pass_mark")
    for bar in bars:
        for value, which in ((bar.current, "current"), (bar.previous, "previous")):
            if value is not None:
                _checked_score(value, f"indicator {bar.number} {which} score")
    show_previous = previous_label is not None and any(b.previous is not None for b in bars)

    rows = math.ceil(len(bars) / KEY_COLUMNS)
    height = KEY_TOP + (rows - 1) * KEY_ROW_HEIGHT + 14
    title = f"แผนภูมิคะแนนรายตัวชี้วัด ITA {current_label}"
    if show_previous:
        title += f" เทียบกับ {previous_label}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{_num(height)}" '
        f'viewBox="0 0 {WIDTH} {_num(height)}" role="img" aria-label={_attr(title)}>',
        f"<title>{_text(title)}</title>",
        f"<desc>{_text(_description(bars, current_label, previous_label, show_previous))}</desc>",
        f'<rect width="{WIDTH}" height="{_num(height)}" fill="#fff"/>',
        *_grid(),
        *_bars(bars, current_label, previous_label, show_previous, pass_mark),
        *_pass_line(pass_mark),
        *_value_labels(bars, show_previous),
        *_legend(current_label, previous_label if show_previous else None, pass_mark),
        *_key(bars),
        "</svg>",
    ]
    return "\n".join(parts)


# --- validation and formatting ----------------------------------------------------------


def _checked_score(value: Decimal, what: str) -> Decimal:
    score = Decimal(value)
    if not score.is_finite() or not 0 <= score <= ONE_HUNDRED:
        raise ValueError(f"{what} must be between 0 and 100, got {value}")
    return score


def _num(value: Decimal | int) -> str:
    """A coordinate with at most three decimals and no trailing zeros (deterministic)."""
    text = f"{Decimal(value).quantize(Decimal('0.001')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _score(value: Decimal) -> str:
    return f"{round_score(value):f}"


def _mark(value: Decimal) -> str:
    """The pass mark as people write it: 85, or 85.50."""
    return str(int(value)) if value == value.to_integral_value() else _score(value)


def _clean(text: str) -> str:
    """One line of text without characters XML 1.0 cannot hold."""
    return " ".join("".join(ch for ch in str(text) if ch >= " " or ch in "\t\n\r").split())


def _text(text: str) -> str:
    return escape(_clean(text))


def _attr(text: str) -> str:
    return '"' + escape(_clean(text), {'"': "&quot;"}) + '"'


def _columns(text: str) -> int:
    """Spacing characters: Thai vowels and tone marks above or below (Mn) take no width."""
    return sum(1 for ch in text if unicodedata.category(ch) != "Mn")


def _text_width(text: str, size: int) -> Decimal:
    """A generous estimate of rendered width (Sarabun averages ~0.55em per character)."""
    return Decimal(_columns(text)) * Decimal("0.6") * size


def _shorten(text: str, max_columns: int) -> str:
    """Cut a long text at a character boundary that keeps Thai clusters whole."""
    text = _clean(text)
    if _columns(text) <= max_columns:
        return text
    kept, columns = [], 0
    for ch in text:
        spacing = unicodedata.category(ch) != "Mn"
        if spacing and columns == max_columns - 1:
            break
        kept.append(ch)
        columns += spacing
    while kept and "\u0e40" <= kept[-1] <= "\u0e44":  # a leading vowel needs what follows
        kept.pop()
    return "".join(kept).rstrip() + "…"


def _y(score: Decimal) -> Decimal:
    return PLOT_BOTTOM - score * PLOT_HEIGHT / ONE_HUNDRED


def _label(
    x: Decimal,
    y: Decimal,
    text: str,
    *,
    size: int,
    fill: str = TEXT,
    anchor: str = "middle",
    bold: bool = False,
) -> str:
    weight = ' font-weight="700"' if bold else ""
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" font-family="{FONT}" font-size="{size}" '
        f'fill="{fill}" text-anchor="{anchor}"{weight}>{_text(text)}</text>'
    )


# --- chart parts ------------------------------------------------------------------------


def _description(
    bars: Sequence[ChartBar], current_label: str, previous_label: str | None, show_previous: bool
) -> str:
    lines = []
    for bar in bars:
        line = f"ตัวชี้วัดที่ {bar.number} {bar.name}: {current_label} {_maybe(bar.current)}"
        if show_previous:
            line += f", {previous_label} {_maybe(bar.previous)}"
        lines.append(line)
    return "; ".join(lines)


def _maybe(value: Decimal | None) -> str:
    return "ไม่มีข้อมูล" if value is None else _score(value)


def _grid() -> list[str]:
    parts = []
    for tick in range(0, 101, GRID_STEP):
        y = _y(Decimal(tick))
        colour = MUTED if tick == 0 else GRID
        parts.append(
            f'<line x1="{_num(PLOT_LEFT)}" y1="{_num(y)}" x2="{_num(PLOT_RIGHT)}" '
            f'y2="{_num(y)}" stroke="{colour}" stroke-width="1"/>'
        )
        parts.append(_label(PLOT_LEFT - 6, y + 4, str(tick), size=11, fill=MUTED, anchor="end"))
    return parts


def _bar_width(bar_count: int, show_previous: bool) -> Decimal:
    group = (PLOT_RIGHT - PLOT_LEFT) / bar_count
    if show_previous:
        return min(Decimal(24), group * Decimal("0.38"))
    return min(Decimal(32), group * Decimal("0.5"))


def _centre(index: int, bar_count: int) -> Decimal:
    group = (PLOT_RIGHT - PLOT_LEFT) / bar_count
    return PLOT_LEFT + group * index + group / 2


def _current_x(index: int, bar_count: int, show_previous: bool) -> Decimal:
    centre = _centre(index, bar_count)
    if show_previous:
        return centre + BAR_GAP / 2
    return centre - _bar_width(bar_count, show_previous) / 2


def _bars(
    bars: Sequence[ChartBar],
    current_label: str,
    previous_label: str | None,
    show_previous: bool,
    pass_mark: Decimal,
) -> list[str]:
    """Previous (grey, left) and current (blue or orange, right) bars, and the x axis numbers."""
    width = _bar_width(len(bars), show_previous)
    parts = []
    for index, bar in enumerate(bars):
        centre = _centre(index, len(bars))
        tip = f"ตัวชี้วัดที่ {bar.number} {bar.name}"
        if show_previous and bar.previous is not None:
            score = Decimal(bar.previous)
            parts.append(
                _rect(
                    "bar-previous",
                    centre - BAR_GAP / 2 - width,
                    width,
                    score,
                    PREVIOUS_FILL,
                    f"{tip} — {previous_label}: {_score(score)}",
                )
            )
        if bar.current is not None:
            score = Decimal(bar.current)
            below = round_score(score) < pass_mark
            parts.append(
                _rect(
                    "bar-current",
                    _current_x(index, len(bars), show_previous),
                    width,
                    score,
                    BELOW_MARK_FILL if below else CURRENT_FILL,
                    f"{tip} — {current_label}: {_score(score)}" + (" (ต่ำกว่าเกณฑ์)" if below else ""),
                )
            )
        parts.append(_label(centre, PLOT_BOTTOM + 18, str(bar.number), size=12, bold=True))
    return parts


def _value_labels(bars: Sequence[ChartBar], show_previous: bool) -> list[str]:
    """Each current score above its bar, on a white patch so the pass line never crosses it."""
    width = _bar_width(len(bars), show_previous)
    parts = []
    for index, bar in enumerate(bars):
        if bar.current is None:
            continue
        score = Decimal(bar.current)
        x = _current_x(index, len(bars), show_previous)
        baseline = _y(score) - 4
        parts.append(
            f'<rect x="{_num(x - 1)}" y="{_num(baseline - 9)}" width="{_num(width + 2)}" '
            f'height="11" fill="#fff"/>'
        )
        parts.append(_label(x + width / 2, baseline, _score(score), size=10))
    return parts


def _rect(css_class: str, x: Decimal, width: Decimal, score: Decimal, fill: str, tip: str) -> str:
    y = _y(score)
    return (
        f'<rect class="{css_class}" x="{_num(x)}" y="{_num(y)}" width="{_num(width)}" '
        f'height="{_num(PLOT_BOTTOM - y)}" fill="{fill}"><title>{_text(tip)}</title></rect>'
    )


def _pass_line(pass_mark: Decimal) -> list[str]:
    y = _y(pass_mark)
    return [
        f'<line class="pass-mark" x1="{_num(PLOT_LEFT)}" y1="{_num(y)}" x2="{_num(PLOT_RIGHT)}" '
        f'y2="{_num(y)}" stroke="{MARK_LINE_COLOUR}" stroke-width="1.5" stroke-dasharray="6 4"/>',
        _label(
            PLOT_RIGHT + 6,
            y + 4,
            f"เกณฑ์ {_mark(pass_mark)}",
            size=11,
            fill=MARK_LINE_COLOUR,
            anchor="start",
        ),
    ]


def _legend(current_label: str, previous_label: str | None, pass_mark: Decimal) -> list[str]:
    # In the order of the bars: last year's (left of each pair), then this year's.
    entries = [] if previous_label is None else [(PREVIOUS_FILL, _shorten(previous_label, 30))]
    entries.append((CURRENT_FILL, _shorten(current_label, 30)))
    entries.append((BELOW_MARK_FILL, f"ต่ำกว่าเกณฑ์ {_mark(pass_mark)}"))
    parts, x = [], PLOT_LEFT
    for fill, text in entries:
        parts.append(
            f'<rect x="{_num(x)}" y="{LEGEND_BASELINE - 11}" width="12" height="12" fill="{fill}"/>'
        )
        parts.append(_label(x + 17, Decimal(LEGEND_BASELINE), text, size=12, anchor="start"))
        x += 17 + _text_width(text, 12) + 16
    return parts


def _key(bars: Sequence[ChartBar]) -> list[str]:
    """Indicator names under the chart, numbered like the x axis (column by column)."""
    rows = math.ceil(len(bars) / KEY_COLUMNS)
    column_width = (PLOT_RIGHT - PLOT_LEFT) / KEY_COLUMNS
    max_columns = int((column_width - 28) / (Decimal("0.6") * 12))
    parts = []
    for index, bar in enumerate(bars):
        x = PLOT_LEFT + column_width * (index // rows)
        y = Decimal(KEY_TOP + (index % rows) * KEY_ROW_HEIGHT)
        parts.append(_label(x + 18, y, str(bar.number), size=12, anchor="end", bold=True))
        parts.append(_label(x + 24, y, _shorten(bar.name, max_columns), size=12, anchor="start"))
    return parts


def analysis_chart_data(analysis: "ResultAnalysis") -> dict:
    """The chart of an analysed result as plain values (scores as strings), for report
    payloads; :func:`chart_svg_from_data` draws it."""
    year = analysis.result.year
    rows = {row.number: row for row in analysis.indicators}

    def text(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {
        "bars": [
            {
                "number": indicator.number,
                "name": indicator.name,
                "current": text(rows[indicator.number].score) if indicator.number in rows
                else None,
                "previous": text(rows[indicator.number].previous) if indicator.number in rows
                else None,
            }
            for indicator in year.indicators.all()
        ],
        "current_label": f"ปี {year.year}",
        "previous_label": f"ปี {year.year - 1}" if analysis.previous else None,
        "pass_mark": str(year.pass_mark),
    }


def chart_svg_from_data(data: dict) -> str:
    """The ``<svg>`` of :func:`analysis_chart_data`'s values (checked as any chart's are)."""

    def number(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    bars = [
        ChartBar(
            number=int(bar["number"]),
            name=str(bar["name"]),
            current=number(bar["current"]),
            previous=number(bar["previous"]),
        )
        for bar in data["bars"]
    ]
    return indicator_chart_svg(
        bars,
        current_label=str(data["current_label"]),
        previous_label=data["previous_label"],
        pass_mark=Decimal(data["pass_mark"]),
    )


def analysis_chart_svg(analysis: "ResultAnalysis") -> str:
    """The ten indicators of an analysed result, this year against last year."""
    return chart_svg_from_data(analysis_chart_data(analysis))
