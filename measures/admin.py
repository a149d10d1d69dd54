from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from measures.models import MeasureSuggestion


@admin.register(MeasureSuggestion)
class MeasureSuggestionAdmin(ObjectPermissionsModelAdmin):
    """The shared library (agency left empty) and entries agencies added for themselves."""

    list_display = ["indicator_number", "title", "agency"]
    list_filter = ["indicator_number", ("agency", admin.EmptyFieldListFilter)]
    search_fields = ["title", "steps"]
    list_select_related = ["agency"]
