from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from public import views as public_views

urlpatterns = [
    path("", public_views.home, name="home"),
    path("", include("public.urls")),
    path("", include("ita_portal.agencies.urls")),
    path("", include("assessments.urls")),
    path("", include("measures.urls")),
    path("", include("reports.urls")),
    path("", include("memos.urls")),
    path("", include("ita_portal.audit.urls")),
    path("", include("ita_portal.documents.urls")),
    path("", include("publishing.document_urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("ita_portal.accounts.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
