"""Export/import of an agency-year's measures; included into the "measures" namespace
by measures/urls.py (no app_name here)."""

from django.urls import path

from measures import views_exchange

urlpatterns = [
    path(
        "agencies/<slug:code>/measures/<int:year>/export.csv",
        views_exchange.measures_export_csv,
        name="measures_export_csv",
    ),
    path(
        "agencies/<slug:code>/measures/<int:year>/export.xlsx",
        views_exchange.measures_export_xlsx,
        name="measures_export_xlsx",
    ),
    path(
        "agencies/<slug:code>/measures/<int:year>/import/",
        views_exchange.measures_import,
        name="measures_import",
    ),
]
