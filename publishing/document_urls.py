from django.urls import path

from publishing import document_views as views

app_name = "published"

urlpatterns = [
    # Public (no login): a published version, its signed file, and verification.
    path("documents/<int:pk>/", views.public_document, name="document"),
    path("documents/<int:pk>.pdf", views.public_download, name="download"),
    path("verify/", views.verify, name="verify"),
    # The agency's side.
    path("agencies/<slug:code>/documents/<int:pk>/publish/", views.publish, name="publish"),
    path("agencies/<slug:code>/publications/", views.agency_list, name="agency_list"),
    path(
        "agencies/<slug:code>/publications/<int:pk>/unpublish/", views.unpublish,
        name="unpublish",
    ),
    path("agencies/<slug:code>/oit-page/<int:year>/", views.oit_page, name="oit_page"),
]
