from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from ita_portal.agencies.models import Agency, Membership, Role

User = AbstractBaseUser | AnonymousUser


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("agency", "unit")


def agencies_managed_by(user: User) -> QuerySet[Agency]:
    """Agencies whose setup the user may change in the admin."""
    if getattr(user, "is_superuser", False):
        return Agency.objects.all()
    return Agency.objects.filter(
        memberships__user=user, memberships__role=Role.AGENCY_ADMIN
    ).distinct()


def agency_members(agency: Agency) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(agency=agency)
        .select_related("user", "unit")
        .order_by("role", "user__first_name")
    )
