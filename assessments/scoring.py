"""Pure scoring rules driven by a year's criteria data (no database access here)."""

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

TWO_PLACES = Decimal("0.01")


def round_score(value: Decimal) -> Decimal:
    """Scores are published with two decimals, rounded half up as NACC prints them."""
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def band_overlaps(bands: Iterable[tuple[str, Decimal, Decimal]]) -> list[str]:
    """Thai messages for every pair of (grade, min, max) bands whose ranges share a score."""
    ordered = sorted(bands, key=lambda band: band[1])
    problems = []
    for index, (grade, low, high) in enumerate(ordered):
        if low > high:
            problems.append(f"ระดับ {grade}: คะแนนเริ่มต้น {low} มากกว่าคะแนนสิ้นสุด {high}")
        for other_grade, other_low, other_high in ordered[index + 1 :]:
            if other_low <= high and low <= other_high:
                problems.append(
                    f"ช่วงคะแนนของระดับ {grade} ({low}–{high}) ทับซ้อนกับระดับ "
                    f"{other_grade} ({other_low}–{other_high})"
                )
    return problems


class Band(Protocol):
    grade: str
    min_score: Decimal
    max_score: Decimal


def grade_for(score: Decimal, bands: Iterable[Band]) -> str | None:
    """The grade whose band holds the rounded score, or None if the bands leave a gap."""
    rounded = round_score(score)
    for band in bands:
        if band.min_score <= rounded <= band.max_score:
            return band.grade
    return None


class Rating(Protocol):
    order: int
    label: str
    min_total: Decimal
    min_each_tool: Decimal | None


def rating_for(
    total: Decimal, tool_scores: Mapping[str, Decimal], ratings: Iterable[Rating]
) -> str | None:
    """The first rating (by order) whose total and per-tool minimums the result meets."""
    rounded = round_score(total)
    for rating in sorted(ratings, key=lambda r: r.order):
        if rounded < rating.min_total:
            continue
        if rating.min_each_tool is not None and any(
            round_score(score) < rating.min_each_tool for score in tool_scores.values()
        ):
            continue
        return rating.label
    return None
