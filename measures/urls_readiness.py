"""Routes of the OIT readiness board; measures/urls.py includes them under "measures"."""

from django.urls import path

from measures import views_readiness

urlpatterns = [
    path(
        "agencies/<slug:code>/readiness/<int:year>/",
        views_readiness.readiness_board_view,
        name="readiness_board",
    ),
    path(
        "agencies/<slug:code>/readiness/<int:year>/item/<int:number>/",
        views_readiness.readiness_item_edit,
        name="readiness_item_edit",
    ),
    path(
        "agencies/<slug:code>/readiness/<int:year>/indicator/<int:number>/",
        views_readiness.indicator_plan_edit,
        name="indicator_plan_edit",
    ),
]
