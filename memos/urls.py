from django.urls import path

from memos import views

app_name = "memos"

BASE = "agencies/<slug:code>/memos/"

urlpatterns = [
    path(BASE, views.memo_list, name="memo_list"),
    path(BASE + "chain/", views.chain_edit, name="chain_edit"),
    path(BASE + "chain/emblem/", views.emblem_edit, name="emblem_edit"),
    path(BASE + "new/<int:year>/<slug:kind>/", views.memo_create_view, name="memo_create"),
    path(BASE + "<int:pk>/", views.memo_detail, name="memo_detail"),
    path(BASE + "<int:pk>/edit/", views.memo_edit, name="memo_edit"),
    path(BASE + "<int:pk>/preview/", views.memo_preview, name="memo_preview"),
    path(BASE + "<int:pk>.pdf", views.memo_pdf, name="memo_pdf"),
    path(BASE + "<int:pk>/submit/", views.memo_submit_view, name="memo_submit"),
    path(BASE + "<int:pk>/withdraw/", views.memo_withdraw_view, name="memo_withdraw"),
    path(BASE + "<int:pk>/act/", views.memo_act, name="memo_act"),
    path(BASE + "<int:pk>/return/", views.memo_return_view, name="memo_return"),
    path("accounts/signature/", views.signature_edit, name="signature_edit"),
]
