from django.urls import path

from ita_portal.agencies import views
from public import views as public_views

app_name = "agencies"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("agencies/<slug:code>/", public_views.agency_page, name="agency_public"),
    path("agencies/<slug:code>/dashboard/", views.agency_dashboard, name="agency_dashboard"),
    path("agencies/<slug:code>/members/add/", views.member_add, name="member_add"),
]
