from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet

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


def agency_search(*, query: str = "", province: str = "") -> QuerySet[Agency]:
    """The public directory of agencies: their names and addresses are public facts."""
    agencies = Agency.objects.all()
    if query:
        agencies = agencies.filter(
            Q(name__icontains=query) | Q(district__icontains=query) | Q(code__iexact=query)
        )
    if province:
        agencies = agencies.filter(province=province)
    return agencies.order_by("province", "name")


def provinces_with_agencies() -> list[tuple[str, int]]:
    rows = (
        Agency.objects.exclude(province="")
        .values("province")
        .annotate(n=Count("id"))
        .order_by("province")
    )
    return [(row["province"], row["n"]) for row in rows]


def agency_members(agency: Agency) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(agency=agency)
        .select_related("user", "unit")
        .order_by("role", "user__first_name")
    )
