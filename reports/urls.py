from django.urls import path

from reports import views

app_name = "reports"

BASE = "agencies/<slug:code>/reports/<int:year>/"

urlpatterns = [
    path(BASE, views.report_index, name="report_index"),
    path(BASE + "<slug:kind>/", views.report_preview, name="report_preview"),
    path(BASE + "<slug:kind>.pdf", views.report_pdf, name="report_pdf"),
    path(BASE + "<slug:kind>/issue/", views.report_issue, name="report_issue"),
]
