from django.contrib import admin
from django.http import HttpRequest
from rules.contrib.admin import ObjectPermissionsModelAdmin

from ita_portal.audit.actions import action_label
from ita_portal.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ObjectPermissionsModelAdmin):
    """Read-only: events are written by the services only, never added, changed or
    deleted, not even by a system administrator."""

    list_display = ["at", "agency", "actor", "action_display", "object_repr", "summary"]
    list_filter = ["action", "agency"]
    list_select_related = ["agency", "actor"]
    search_fields = ["summary", "object_repr", "actor__username"]
    date_hierarchy = "at"
    readonly_fields = [field.name for field in AuditEvent._meta.fields]

    @admin.display(description="การดำเนินการ", ordering="action")
    def action_display(self, obj: AuditEvent) -> str:
        return action_label(obj.action)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
