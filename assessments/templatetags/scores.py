from decimal import Decimal

from django import template
from django.utils.safestring import mark_safe

from assessments.charts import chart_svg_from_data
from assessments.scoring import round_score

register = template.Library()


@register.filter
def score(value: Decimal | str | None) -> str:
    """Two decimals, rounded half up as NACC prints them; a dash for "not entered".

    Accepts the strings report payloads store scores as ("84.30")."""
    return "–" if value is None or value == "" else str(round_score(value))


@register.filter
def indicator_chart(data: dict) -> str:
    """The indicator chart of a report payload's chart values, drawn as SVG here (the
    payload holds numbers and names, never markup; the chart escapes every text)."""
    return mark_safe(chart_svg_from_data(data))  # noqa: S308 - built and escaped by charts
