from django.contrib.auth import views as auth_views
from django.urls import path

from ita_portal.accounts import views

# Django's names, so its views and the admin's "forgotten your password?" find them.
urlpatterns = [
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="admin_password_reset"),
]
