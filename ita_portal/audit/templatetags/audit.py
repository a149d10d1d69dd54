"""{% load audit %}: {{ event.action|action_label }}, {{ event.object_type|object_kind }}."""

from django import template

from ita_portal.audit.actions import action_label as _action_label
from ita_portal.audit.selectors import object_kinds

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return _action_label(code)


@register.filter
def object_kind(model_name: str) -> str:
    return object_kinds().get(model_name, model_name)
