from django import template

from memos.selectors import memos_waiting_for

register = template.Library()


@register.simple_tag(takes_context=True)
def memos_waiting(context, agency=None):
    """The memos waiting for the signed-in person (the "รอพิจารณา" list)."""
    return memos_waiting_for(context["request"].user, agency)
