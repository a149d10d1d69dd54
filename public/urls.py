from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path

from public import views
from public.sitemaps import SITEMAPS

app_name = "public"

DATASET = r"(?P<dataset>scores|indicators|measures)\.(?P<fmt>csv|json)"

urlpatterns = [
    path("agencies/<slug:code>/oit/<int:year>/", views.oit_page, name="oit_page"),
    path("overview/", views.overview, name="overview"),
    re_path(
        r"^overview/(?P<year>[0-9]{4})/(?P<table>provinces|kinds|scores|grades|measures)\.csv$",
        views.overview_csv,
        name="overview_csv",
    ),
    path("open-data/", views.open_data, name="open_data"),
    re_path(rf"^open-data/(?P<year>[0-9]{{4}})/{DATASET}$", views.open_data_file,
            name="open_data_file"),
    re_path(
        rf"^open-data/(?P<year>[0-9]{{4}})/agencies/(?P<code>[-a-zA-Z0-9_]+)/{DATASET}$",
        views.open_data_file,
        name="open_data_agency_file",
    ),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
