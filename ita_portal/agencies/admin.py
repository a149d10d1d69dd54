from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from rules.contrib.admin import ObjectPermissionsModelAdmin, ObjectPermissionsTabularInline

from ita_portal.agencies.models import Agency, Membership, Unit
from ita_portal.agencies.selectors import agencies_managed_by

admin.site.site_header = "ITA Portal — ผู้ดูแลระบบ"
admin.site.site_title = "ITA Portal"
admin.site.index_title = "การตั้งค่าระบบ"


class ManagedAgencyAdminMixin:
    """Limits rows and agency choices to the agencies the signed-in user manages."""

    agency_path = "agency"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.agency_path}__in": agencies_managed_by(request.user)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = agencies_managed_by(request.user)
        elif db_field.name == "unit" and not request.user.is_superuser:
            kwargs["queryset"] = Unit.objects.filter(
                agency__in=agencies_managed_by(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class UnitInline(ManagedAgencyAdminMixin, ObjectPermissionsTabularInline):
    model = Unit
    extra = 0
    fields = ["order", "name"]


@admin.register(Agency)
class AgencyAdmin(ManagedAgencyAdminMixin, ObjectPermissionsModelAdmin):
    agency_path = "pk"
    list_display = ["name", "kind", "district", "province", "code"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "code", "district", "province"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [UnitInline]
    fieldsets = [
        (None, {"fields": ["name", "kind", "code"]}),
        ("ที่ตั้งและการติดต่อ", {"fields": ["district", "province", "address", "phone", "website"]}),
        ("หนังสือราชการ", {"fields": ["document_prefix"]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Agency | None = None) -> list[str]:
        # The code appears in public addresses; only system administrators change it.
        return [] if request.user.is_superuser else ["code", "kind"]


@admin.register(Unit)
class UnitAdmin(ManagedAgencyAdminMixin, ObjectPermissionsModelAdmin):
    list_display = ["name", "agency", "order"]
    list_filter = ["agency__province"]
    search_fields = ["name", "agency__name"]
    list_select_related = ["agency"]


@admin.register(Membership)
class MembershipAdmin(ManagedAgencyAdminMixin, ObjectPermissionsModelAdmin):
    list_display = ["user", "agency", "role", "position_title", "unit"]
    list_filter = ["role", "agency__province"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "agency__name"]
    list_select_related = ["user", "agency", "unit"]
    autocomplete_fields = ["user"]

    # An agency admin may pick only people already in the agencies they manage (new people
    # are added with "เพิ่มผู้ใช้งาน" on the agency's page); the autocomplete, which searches
    # every user, is for system administrators.
    def get_autocomplete_fields(self, request: HttpRequest) -> list[str]:
        return list(self.autocomplete_fields) if request.user.is_superuser else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = get_user_model().objects.filter(
                memberships__agency__in=agencies_managed_by(request.user)
            ).distinct().order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
