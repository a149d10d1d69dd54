from django.urls import path

from ita_portal.documents import views

app_name = "documents"

BASE = "agencies/<slug:code>/documents/<int:pk>"

urlpatterns = [
    path(BASE + "/", views.document_detail, name="document_detail"),
    path(BASE + "/retry/", views.document_retry_view, name="document_retry"),
    path(BASE + ".pdf", views.document_download, name="document_download"),
]
