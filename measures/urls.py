from django.urls import path

from measures import urls_exchange, urls_readiness, views

app_name = "measures"

AGENCY_YEAR = "agencies/<slug:code>/measures/<int:year>/"

urlpatterns = [
    path("agencies/<slug:code>/measures/", views.measures_home, name="measures_home"),
    path(AGENCY_YEAR, views.measure_list, name="measure_list"),
    path(AGENCY_YEAR + "new/", views.measure_create, name="measure_create"),
    path(AGENCY_YEAR + "copy/", views.measures_copy, name="measures_copy"),
    path(AGENCY_YEAR + "suggestions/", views.measures_suggestions, name="measures_suggestions"),
    path(AGENCY_YEAR + "rounds/", views.measure_rounds, name="measure_rounds"),
    path("measures/<int:pk>/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/status/", views.measure_status, name="measure_status"),
    path("measures/<int:pk>/move/", views.measure_move, name="measure_move"),
    path("measures/<int:pk>/delete/", views.measure_delete, name="measure_delete"),
    path("measures/<int:pk>/history/", views.measure_history, name="measure_history"),
    path("measures/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    *urls_readiness.urlpatterns,
    *urls_exchange.urlpatterns,
]
