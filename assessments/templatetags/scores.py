from decimal import Decimal

from django import template

from assessments.scoring import round_score

register = template.Library()


@register.filter
def score(value: Decimal | None) -> str:
    """Two decimals, rounded half up as NACC prints them; a dash for "not entered"."""
    return "–" if value is None else str(round_score(value))
