from axes.utils import reset


def unlock_login(username: str) -> int:
    """Forget the failed logins of a username, ending its lock-out; returns rows removed."""
    return reset(username=username)
