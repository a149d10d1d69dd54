"""Reads of the audit trail: an agency's activity, newest first."""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from ita_portal.agencies.models import Agency
from ita_portal.audit.actions import Action
from ita_portal.audit.models import AuditEvent
from ita_portal.thai import parse_id


@dataclass(frozen=True)
class ActivityFilter:
    """What the activity page is narrowed to: one person (a member) and one kind of action."""

    person_id: int | None = None
    action: str = ""


def activity_people(agency: Agency) -> QuerySet:
    """The agency's members, whom the activity page can be filtered by (one query)."""
    return (
        get_user_model()
        .objects.filter(memberships__agency=agency)
        .distinct()
        .only("pk", "username", "first_name", "last_name")
        .order_by("first_name", "last_name", "username")
    )


def activity_actions() -> list[tuple[str, str]]:
    """The kinds of action an agency's activity can hold (criteria belong to no agency)."""
    return [(code, label) for code, label in Action.choices if not code.startswith("criteria.")]


def activity_filter(agency: Agency, *, person: str, action: str, people=None) -> ActivityFilter:
    """The filter asked for in the query string; anything not offered is ignored."""
    people = activity_people(agency) if people is None else people
    person_id = parse_id(person)
    if person_id is not None and person_id not in {user.pk for user in people}:
        person_id = None
    return ActivityFilter(
        person_id=person_id,
        action=action if action in dict(activity_actions()) else "",
    )


def activity_of(agency: Agency, narrowed: ActivityFilter = ActivityFilter()) -> QuerySet:
    """The agency's events newest first, each with its actor (one query per page)."""
    events = AuditEvent.objects.filter(agency=agency)
    if narrowed.person_id is not None:
        events = events.filter(actor_id=narrowed.person_id)
    if narrowed.action:
        events = events.filter(action=narrowed.action)
    return events.select_related("actor").order_by("-at", "-id")


@cache
def object_kinds() -> dict[str, str]:
    """model_name → the model's Thai name, for the "ชนิดข้อมูล" of an event."""
    return {model._meta.model_name: str(model._meta.verbose_name) for model in apps.get_models()}
