"""Who may do what: the predicates behind every permission of the portal.

Views, templates ({% has_perm %}) and the admin all ask `user.has_perm(name, obj)`,
which the `rules` backend answers from the perms registered in each app's rules.py.
"""

from typing import Any

import rules
from django.core.exceptions import FieldDoesNotExist

from ita_portal.agencies.models import Agency, Membership, Role

_CACHE_ATTR = "_ita_roles_by_agency"


def roles_by_agency(user: Any) -> dict[int, set[str]]:
    """The user's roles per agency id, loaded once per user object (one query a request)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = {}
        for agency_id, role in Membership.objects.filter(user=user).values_list(
            "agency_id", "role"
        ):
            cached.setdefault(agency_id, set()).add(role)
        setattr(user, _CACHE_ATTR, cached)
    return cached


# Objects without an agency of their own reach it through one of these relations
# (evidence → measure, a score → result, a round entry → round), tried in this order.
AGENCY_PARENTS = ("measure", "result", "round")
_MAX_DEPTH = 4


def _parent(obj: Any) -> Any:
    meta = getattr(obj, "_meta", None)
    if meta is None:
        return None
    for name in AGENCY_PARENTS:
        try:
            field = meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.many_to_one or field.one_to_one:
            return getattr(obj, name)
    return None


def agency_id_of(obj: Any) -> int | None:
    """The agency an object belongs to: an Agency itself, anything with an `agency`
    (a measure, a result, a readiness row, an indicator plan, an audit event …), or
    anything reaching one through AGENCY_PARENTS (evidence → measure → agency)."""
    for _ in range(_MAX_DEPTH):
        if obj is None:
            return None
        if isinstance(obj, Agency):
            return obj.pk
        if hasattr(obj, "agency_id"):
            return obj.agency_id
        obj = _parent(obj)
    return None


@rules.predicate
def is_member(user: Any, obj: Any) -> bool:
    agency_id = agency_id_of(obj)
    return agency_id is not None and agency_id in roles_by_agency(user)


@rules.predicate
def is_agency_admin(user: Any, obj: Any) -> bool:
    """Agency admin of the object's agency; with no object, of any agency (admin index)."""
    roles = roles_by_agency(user)
    if obj is None:
        return any(Role.AGENCY_ADMIN in agency_roles for agency_roles in roles.values())
    return Role.AGENCY_ADMIN in roles.get(agency_id_of(obj), set())


def has_role(*roles: str) -> rules.Predicate:
    """A predicate: the user holds one of these roles in the object's agency."""
    wanted = set(roles)

    @rules.predicate(name=f"has_role({', '.join(sorted(wanted))})")
    def predicate(user: Any, obj: Any) -> bool:
        return bool(wanted & roles_by_agency(user).get(agency_id_of(obj), set()))

    return predicate


is_staff = rules.is_staff
is_superuser = rules.is_superuser
