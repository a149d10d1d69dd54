from django.http import HttpRequest

from ita_portal.agencies.selectors import memberships_of


def memberships(request: HttpRequest) -> dict:
    """The signed-in user's agencies for the navigation bar (a lazy, cached query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_memberships": ()}
    return {"my_memberships": memberships_of(user)}
