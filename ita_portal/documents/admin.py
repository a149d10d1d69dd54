from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from ita_portal.documents.models import IssuedDocument, RegisterCounter


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ObjectPermissionsModelAdmin):
    """Read-only: the rules grant nobody change or delete (documents/rules.py), and the
    model and queryset refuse both as a last line."""

    list_display = ["number", "title", "agency", "year", "status", "issued_at", "issued_by"]
    list_filter = ["status", "kind", "year"]
    search_fields = ["title", "agency__name", "sha256", "payload_sha256"]
    list_select_related = ["agency", "issued_by"]
    exclude = ["payload"]  # can be large; verify_documents and the page show its hash
    actions = None

    # Django answers every permission of a superuser with yes before asking the rules,
    # so "nobody changes or deletes an issued document" is also said here.
    def has_add_permission(self, request):
        return False  # issued from the reports pages, never typed in

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request).defer("payload")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(agency__memberships__user=request.user).distinct()


@admin.register(RegisterCounter)
class RegisterCounterAdmin(ObjectPermissionsModelAdmin):
    list_display = ["agency", "series", "year", "last_number"]
    readonly_fields = ["agency", "series", "year", "last_number"]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
