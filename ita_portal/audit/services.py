"""The one way to write an audit event. Call it inside the transaction of the write."""

from typing import Any

from django.db import models, transaction

from ita_portal.audit.models import AuditEvent

SHORT = 500  # characters kept of each before/after value


def _short(value: Any) -> Any:
    """A JSON-safe, shortened copy: texts are cut, other values become strings."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dict):
        return {str(k): _short(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_short(v) for v in value[:50]]
    text = str(value)
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def audit_record(
    *,
    actor: Any,
    action: str,
    agency: Any = None,
    obj: models.Model | None = None,
    summary: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Write one audit event; ``actor`` may be None for commands run by the system.

    Must run inside the caller's transaction, so the event exists exactly when the
    change does.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the transaction of the write")
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        action=action,
        agency=agency,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        summary=summary[:300],
        before=_short(before) if before is not None else None,
        after=_short(after) if after is not None else None,
    )


def audit_changes(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the fields whose value differs, as (before, after) for audit_record."""
    changed = [name for name in after if before.get(name) != after[name]]
    changed += [name for name in before if name not in after]
    return (
        {name: before.get(name) for name in changed},
        {name: after.get(name) for name in changed},
    )
