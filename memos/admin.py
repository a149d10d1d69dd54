from django.contrib import admin

from memos.models import ApprovalStep, Memo


class ApprovalStepInline(admin.TabularInline):
    model = ApprovalStep
    fields = ["round", "order", "heading", "outcome", "choice", "note", "actor_name",
              "actor_position", "acting", "acting_for", "acted_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Memo)
class MemoAdmin(admin.ModelAdmin):
    """Read-only for system administrators: a memo moves only through its workflow
    (memos/services.py), which the admin would bypass."""

    list_display = ["subject", "agency", "year", "state", "decision", "number", "updated_at"]
    list_filter = ["state", "decision", "year"]
    search_fields = ["subject", "agency__name", "proposer_name"]
    list_select_related = ["agency", "year"]
    inlines = [ApprovalStepInline]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_module_permission(self, request):
        return request.user.is_superuser
