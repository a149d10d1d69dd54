"""The officer's pages: issue from the reports page, watch the render, download the file."""

import pytest
from django.urls import reverse

from ita_portal.documents.models import IssuedDocument
from ita_portal.documents.renderer import document_render

pytestmark = pytest.mark.django_db

AGENCY = "thung-ruang-thong"


def test_officer_issues_watches_and_downloads(demo, login, django_capture_on_commit_callbacks):
    client = login("demo_officer")
    index = client.get(reverse("reports:report_index", args=[AGENCY, 2567]))
    assert "ออกเอกสาร (ตรึงข้อมูล)" in index.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report_issue", args=[AGENCY, 2567, "plan"]))
    document = IssuedDocument.objects.get()
    assert response.url == reverse("documents:document_detail", args=[AGENCY, document.pk])
    page = client.get(response.url).content.decode()
    assert "รอคิวสร้างไฟล์" in page
    assert '<meta http-equiv="refresh" content="2">' in page  # refreshes without JavaScript
    document_render(document.pk)  # the worker
    page = client.get(response.url).content.decode()
    assert "พร้อมดาวน์โหลด" in page and "http-equiv" not in page
    document.refresh_from_db()
    assert document.sha256 in page
    download = client.get(reverse("documents:document_download", args=[AGENCY, document.pk]))
    body = b"".join(download.streaming_content)
    assert body == document.file.open("rb").read()
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Length"] == str(len(body))
    assert download["ETag"] == f'"{document.sha256}"'
    assert "Last-Modified" in download
    assert "max-age=" in download["Cache-Control"] and "private" in download["Cache-Control"]
    assert "filename*=utf-8''" in download["Content-Disposition"]
    again = client.get(download.wsgi_request.path, HTTP_IF_NONE_MATCH=download["ETag"])
    assert again.status_code == 304
    listed = client.get(reverse("reports:report_index", args=[AGENCY, 2567])).content.decode()
    assert f"{document.number}/2567" in listed and document.title in listed
    title = listed.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("รายงานปี 2567 · ") and "<" not in title
    assert listed.index("<h1") < listed.index("เอกสารที่ออกแล้ว")  # in the page, not the title


def test_issuing_the_same_data_twice_is_told_so(demo, login):
    client = login("demo_officer")
    url = reverse("reports:report_issue", args=[AGENCY, 2567, "plan"])
    client.post(url)
    response = client.post(url, follow=True)
    assert "ออกเอกสารนี้ไปแล้ว" in response.content.decode()
    assert IssuedDocument.objects.count() == 1


def test_nginx_offload_sends_only_the_header(demo, login, settings, documents_storage):
    client = login("demo_officer")
    client.post(reverse("reports:report_issue", args=[AGENCY, 2567, "plan"]))
    document = document_render(IssuedDocument.objects.get().pk)
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_ROOT = documents_storage.location
    settings.SENDFILE_URL = "/protected/documents"
    response = client.get(reverse("documents:document_download", args=[AGENCY, document.pk]))
    assert response["X-Accel-Redirect"] == "/protected/documents/" + document.file.name
    assert response.content == b""
    assert response["ETag"] == f'"{document.sha256}"'


def test_failed_render_shows_the_reason_and_a_retry_button(demo, login, monkeypatch):
    from ita_portal.documents import renderer

    client = login("demo_officer")
    client.post(reverse("reports:report_issue", args=[AGENCY, 2567, "plan"]))
    monkeypatch.setattr(renderer, "render_payload", lambda *a, **k: 1 / 0)
    document = document_render(IssuedDocument.objects.get().pk)
    monkeypatch.undo()
    page = client.get(reverse("documents:document_detail", args=[AGENCY, document.pk]))
    assert "สร้างไฟล์ไม่สำเร็จ" in page.content.decode()
    assert "ZeroDivisionError" in page.content.decode()
    assert "สร้างไฟล์ใหม่" in page.content.decode()
    client.post(reverse("documents:document_retry", args=[AGENCY, document.pk]))
    assert IssuedDocument.objects.get().status == "queued"


@pytest.mark.parametrize("username", ["demo_palad", "demo_mayor"])
def test_read_only_roles_read_but_do_not_issue(demo, login, username, issue):
    document = document_render(issue("plan").pk)
    client = login(username)
    index = client.get(reverse("reports:report_index", args=[AGENCY, 2567])).content.decode()
    assert "ออกเอกสาร (ตรึงข้อมูล)" not in index
    url = reverse("reports:report_issue", args=[AGENCY, 2567, "progress"])
    assert client.post(url).status_code == 403
    assert IssuedDocument.objects.count() == 1
    download = client.get(reverse("documents:document_download", args=[AGENCY, document.pk]))
    assert download.status_code == 200


def test_another_agency_and_anonymous_get_nothing(demo, login, client, issue):
    document = document_render(issue("plan").pk)
    detail = reverse("documents:document_detail", args=[AGENCY, document.pk])
    download = reverse("documents:document_download", args=[AGENCY, document.pk])
    assert client.get(download).status_code == 302  # to the login page
    other = login("demo_officer_b")
    assert other.get(detail).status_code == 403
    assert other.get(download).status_code == 403
    wrong_agency = reverse("documents:document_download", args=["tha-nam-sai", document.pk])
    assert other.get(wrong_agency).status_code == 404


def test_draft_pdf_of_unchanged_data_comes_from_the_cache(demo, login, monkeypatch):
    from django.core.cache import cache

    from reports import views

    cache.clear()
    calls = []
    real = views.render_payload
    monkeypatch.setattr(views, "render_payload", lambda p: calls.append(1) or real(p))
    client = login("demo_officer")
    url = reverse("reports:report_pdf", args=[AGENCY, 2567, "plan"])
    first = b"".join(client.get(url).streaming_content)
    second = b"".join(client.get(url).streaming_content)
    assert first == second and len(calls) == 1


def test_nginx_permission_subrequest_answers_without_the_file(demo, login, client, issue):
    document = document_render(issue("plan").pk)
    url = reverse("documents:document_download", args=[AGENCY, document.pk])
    check = {"HTTP_X_ITA_ACCESS_CHECK": "1"}
    assert client.get(url, **check).status_code == 401  # nginx sends them to log in
    member = login("demo_mayor")
    allowed = member.get(url, **check)
    assert allowed.status_code == 204 and allowed.content == b""
    assert allowed["X-Document-File"] == document.file.name
    assert "filename*=utf-8''" in allowed["X-Document-Disposition"]
    other = login("demo_officer_b")
    assert other.get(url, **check).status_code == 403
    missing = reverse("documents:document_download", args=[AGENCY, document.pk + 999])
    assert other.get(missing, **check).status_code == 403


@pytest.mark.parametrize(("kind", "data"), [
    ("nonsense", {}),
    ("progress", {"round": "99m"}),
    ("progress", {"layout": "<script>"}),
    ("analysis", {}),  # 2567 has no result yet: nothing to issue
])
def test_issuing_what_cannot_be_made_is_404_and_writes_nothing(demo, login, kind, data):
    client = login("demo_officer")
    response = client.post(reverse("reports:report_issue", args=[AGENCY, 2567, kind]), data)
    assert response.status_code == 404
    assert not IssuedDocument.objects.exists()
