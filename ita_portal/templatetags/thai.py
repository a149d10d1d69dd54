"""Template filters for Thai dates and digits: {% load thai %} then {{ value|thai_date }}."""

import datetime as dt

from django import template

from ita_portal import thai

register = template.Library()


@register.filter
def thai_date(value: dt.date | dt.datetime | None, style: str = "") -> str:
    """{{ d|thai_date }} → 15 มกราคม 2568; styles: "short", "era", "thai" (Thai digits)."""
    if not value:
        return ""
    styles = set(style.split(",")) if style else set()
    return thai.thai_date(
        value, short="short" in styles, with_era="era" in styles, digits="thai" in styles
    )


@register.filter
def thai_datetime(value: dt.datetime | None) -> str:
    return thai.thai_datetime(value) if value else ""


@register.filter
def thai_digits(value: object) -> str:
    return "" if value is None else thai.thai_digits(value)


@register.filter
def fiscal_year(value: dt.date | dt.datetime | None) -> int | str:
    return thai.fiscal_year(value) if value else ""


@register.filter
def be_year(value: dt.date | dt.datetime | None) -> int | str:
    return thai.be_year(value) if value else ""
