from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("criteria/", views.criteria_list, name="criteria_list"),
    path("criteria/<int:year>/", views.criteria_detail, name="criteria_detail"),
    path("agencies/<slug:code>/results/", views.results_home, name="results_home"),
    path("agencies/<slug:code>/results/<int:year>/", views.result_detail, name="result_detail"),
    path(
        "agencies/<slug:code>/results/<int:year>/edit/", views.result_edit, name="result_edit"
    ),
    path(
        "agencies/<slug:code>/results/<int:year>/template.csv",
        views.result_csv_template,
        name="result_csv_template",
    ),
    path(
        "agencies/<slug:code>/results/<int:year>/import/",
        views.result_csv_import,
        name="result_csv_import",
    ),
]
