"""The agency's own wording in report templates, with today's wording for payloads
issued before it existed (schema 1: no "wording", no "print_options")."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from reports.wording import DEFAULT_HEADINGS, LEGACY_OPTIONS, has_own_number

register = template.Library()


def _wording(context) -> dict:
    wording = context.get("wording")
    return wording if isinstance(wording, dict) else {}


@register.simple_tag(takes_context=True)
def heading(context, table: str, column: str) -> SafeString:
    """A column heading: the payload's, else today's; a line break is printed as <br>."""
    headings = _wording(context).get("headings") or {}
    text = headings.get(column) or DEFAULT_HEADINGS[table][column]
    return mark_safe("<br>".join(conditional_escape(line) for line in str(text).split("\n")))  # noqa: S308 - each line escaped


@register.simple_tag(takes_context=True)
def tool_label(context, code: str) -> str:
    """The agency's own name of a tool, else its code ("IIT")."""
    return (_wording(context).get("tools") or {}).get(code) or code


@register.simple_tag(takes_context=True)
def print_option(context, name: str):
    """A layout option of the payload, else what payloads without options printed."""
    options = context.get("print_options")
    if isinstance(options, dict) and name in options:
        return options[name]
    return LEGACY_OPTIONS[name]


@register.filter
def own_number(text: str) -> bool:
    """The text starts with its own number ("๑. …")."""
    return has_own_number(text)
