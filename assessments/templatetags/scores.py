from decimal import Decimal

from django import template

from assessments.scoring import round_score

register = template.Library()


@register.filter
def score(value: Decimal | str | None) -> str:
    """Two decimals, rounded half up as NACC prints them; a dash for "not entered".

    Accepts the strings report payloads store scores as ("84.30")."""
    return "–" if value is None or value == "" else str(round_score(value))
