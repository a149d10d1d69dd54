from django.urls import path

from ita_portal.audit import views

app_name = "audit"

urlpatterns = [
    path("agencies/<slug:code>/activity/", views.activity, name="activity"),
]
