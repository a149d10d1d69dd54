from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.criteria_list, name="criteria_list"),
    path("<int:year>/", views.criteria_detail, name="criteria_detail"),
]
