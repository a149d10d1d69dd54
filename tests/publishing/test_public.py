"""What a citizen sees without logging in: the document page, the download, verification;
and the agency's publish panels and actions."""

import hashlib
import re
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ita_portal.signing import check_signature
from publishing import document_views
from publishing.models import Publication
from publishing.services import document_publish, publication_unpublish

pytestmark = pytest.mark.django_db

FOUND = "<strong>เป็นฉบับที่เผยแพร่</strong>"
NOT_FOUND = "<strong>ไม่ใช่ฉบับที่เผยแพร่</strong>"


@pytest.fixture
def published(issued, approve, users):
    document = issued()
    approve(document)
    return document_publish(document, acting_user=users["demo_officer"])


def _url(publication):
    return reverse("published:document", args=[publication.pk])


def test_the_public_page_shows_title_version_hash_signature_and_tables(client, published):
    response = client.get(_url(published))
    assert response.status_code == 200
    html = response.content.decode()
    assert published.title in html
    assert "องค์การบริหารส่วนตำบลทุ่งรวงทอง" in html
    assert "ปีงบประมาณ พ.ศ. 2567" in html and "ฉบับที่ 1" in html
    assert f'<code class="text-break" data-testid="sha256">{published.sha256}</code>' in html
    assert "ลายมือชื่อดิจิทัลถูกต้อง ครอบคลุมทั้งไฟล์ ลงนามด้วยใบรับรองของระบบ" in html
    assert "ITA Portal ทดสอบ" in html
    # The report's own tables, from the payload, as HTML (no print stylesheet).
    article = html[html.index('data-testid="report-html"'):]
    assert "<table" in article and "<th" in article
    assert "@page" not in article
    assert "<h1" not in article and "<h3" in article  # under the page's own headings
    assert reverse("published:download", args=[published.pk]) in html


def test_the_download_is_the_stored_signed_file_with_its_thai_name(client, published):
    response = client.get(reverse("published:download", args=[published.pk]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == published.sha256
    assert check_signature(content).valid
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(published.size)
    name = published.document.filename
    assert f"filename*=utf-8''{quote(name)}" in response["Content-Disposition"]
    assert response["ETag"] == f'"{published.sha256}"'
    again = client.get(reverse("published:download", args=[published.pk]),
                       HTTP_IF_NONE_MATCH=f'"{published.sha256}"')
    assert again.status_code == 304


def test_behind_nginx_the_file_is_offloaded(client, published, settings):
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_ROOT = str(published.file.storage.location)
    response = client.get(reverse("published:download", args=[published.pk]))
    assert response["X-Accel-Redirect"].startswith("/protected/documents/published/")
    assert response["X-Accel-Redirect"].endswith(".pdf")


def test_nginx_auth_request_answers_204_with_the_file_then_403_once_unpublished(
    client, published, users
):
    url = reverse("published:download", args=[published.pk])
    response = client.get(url, HTTP_X_ITA_ACCESS_CHECK="1")
    assert response.status_code == 204
    assert response["X-Document-File"] == published.file.name
    publication_unpublish(published, acting_user=users["demo_officer"], reason="ถอน")
    assert client.get(url, HTTP_X_ITA_ACCESS_CHECK="1").status_code == 403


def test_versions_and_history_superseded_listed_unpublished_hidden(
    client, issued, users
):
    admin = users["demo_agency_admin"]
    first = document_publish(issued(), acting_user=admin)
    second = document_publish(issued(note="ฉบับ 2"), acting_user=admin, reason="แก้คำผิด")
    third = document_publish(issued(note="ฉบับ 3"), acting_user=admin, reason="แก้ตาราง")
    publication_unpublish(third, acting_user=admin, reason="ข้อมูลผิด")

    html = client.get(_url(first)).content.decode()
    assert "ฉบับนี้ถูกแทนที่แล้วด้วย" in html and "ฉบับที่ 2" in html
    start = html.index('data-testid="history"')
    history = html[start:html.index("</table>", start)]
    assert "ฉบับที่ 1" in history and "ฉบับที่ 2" in history and "ฉบับที่ 3" not in history
    assert "แก้คำผิด" in history and "แก้ตาราง" not in history
    html = client.get(_url(second)).content.decode()
    assert "ถูกแทนที่แล้วด้วย" not in html and "เหตุผลของฉบับแก้ไข:</strong> แก้คำผิด" in html
    response = client.get(reverse("published:download", args=[second.pk]))
    assert 'ฉบับที่ 2.pdf' in response["Content-Disposition"] or quote("ฉบับที่ 2.pdf") in (
        response["Content-Disposition"])


def test_unpublished_drafts_and_unknown_ids_are_404_to_the_public(
    client, issued, published, users
):
    draft = issued(kind="analysis", year=2566)  # issued, never published
    missing = Publication.objects.order_by("-pk").first().pk + 100
    publication_unpublish(published, acting_user=users["demo_officer"], reason="ถอน")
    for pk in (published.pk, missing, draft.pk):
        assert client.get(reverse("published:document", args=[pk])).status_code == 404
        assert client.get(reverse("published:download", args=[pk])).status_code == 404
    # Signed-in members do not see it on the public page either.
    client.force_login(users["demo_officer"])
    assert client.get(_url(published)).status_code == 404


# -- verification ----------------------------------------------------------------------


def _verify(client, **data):
    return client.post(reverse("published:verify"), data).content.decode()


def test_verify_by_upload_finds_the_published_version(client, published):
    pdf = SimpleUploadedFile("x.pdf", published.file.read(), "application/pdf")
    html = _verify(client, file=pdf)
    assert FOUND in html
    assert f'href="{_url(published)}"' in html
    assert "ลายมือชื่อดิจิทัลถูกต้อง" in html


def test_a_pdf_with_one_changed_byte_is_not_a_published_version(client, published):
    content = bytearray(published.file.read())
    content[len(content) // 2] ^= 0x20
    html = _verify(client, file=SimpleUploadedFile("x.pdf", bytes(content)))
    assert NOT_FOUND in html
    assert "ลายมือชื่อดิจิทัลไม่ถูกต้อง" in html or "ลายมือชื่อดิจิทัลไม่ครอบคลุม" in html


def test_verify_by_hash_accepts_spaces_and_capitals(client, published):
    digest = published.sha256.upper()
    html = _verify(client, sha256=f"  {digest[:32]} {digest[32:]} ")
    assert FOUND in html and f'href="{_url(published)}"' in html
    assert NOT_FOUND in _verify(client, sha256="0" * 64)


def test_an_unpublished_version_is_not_a_published_one(client, published, users):
    publication_unpublish(published, acting_user=users["demo_officer"], reason="ถอน")
    assert NOT_FOUND in _verify(client, sha256=published.sha256)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "กรุณาเลือกไฟล์ PDF หรือวางค่า SHA-256"),
        ({"sha256": "xyz"}, "ค่า SHA-256 ต้องเป็นเลขฐานสิบหก 64 ตัว"),
        ({"sha256": "a" * 63}, "ค่า SHA-256 ต้องเป็นเลขฐานสิบหก 64 ตัว"),
        ({"sha256": "' OR 1=1 --" + "a" * 50}, "ค่า SHA-256 ต้องเป็นเลขฐานสิบหก 64 ตัว"),
        ({"sha256": "a" * 10_000}, "ข้อความต้องยาวไม่เกิน 200 ตัวอักษร"),
        ({"file": "notpdf"}, "ไฟล์นี้ไม่ใช่ไฟล์ PDF"),
        ({"file": "both"}, "อย่างใดอย่างหนึ่ง"),
    ],
)
def test_bad_verification_input_gets_a_thai_message(client, demo, data, message):
    if data.get("file") == "notpdf":
        data = {"file": SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>")}
    elif data.get("file") == "both":
        data = {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.7 x"), "sha256": "a" * 64}
    response = client.post(reverse("published:verify"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'data-testid="verify-result"' not in html


def test_a_file_over_the_cap_is_refused(client, demo, monkeypatch):
    monkeypatch.setattr(document_views, "VERIFY_MAX_BYTES", 1024)
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.7" + b"0" * 2048)
    html = client.post(reverse("published:verify"), {"file": upload}).content.decode()
    assert "ไฟล์ใหญ่เกิน" in html


# -- the agency's side -------------------------------------------------------------------


def test_the_officer_sees_the_publish_button_once_the_memo_approved_it(
    client, issued, approve, users
):
    document = issued()
    client.force_login(users["demo_officer"])
    detail = reverse("documents:document_detail", args=[document.agency.code, document.pk])
    publish = reverse("published:publish", args=[document.agency.code, document.pk])
    html = client.get(detail).content.decode()
    assert publish not in html and "ยังไม่ได้รับอนุมัติผ่านบันทึกข้อความ" in html
    approve(document)
    html = client.get(detail).content.decode()
    assert f'action="{publish}"' in html and "เผยแพร่ต่อสาธารณะ" in html
    response = client.post(publish)
    assert response.status_code == 302
    publication = Publication.objects.get(document=document)
    html = client.get(detail).content.decode()
    assert "เผยแพร่แล้ว" in html and _url(publication) in html
    assert reverse("published:unpublish", args=[document.agency.code, publication.pk]) in html


def test_a_correction_asks_for_a_reason_and_a_refusal_keeps_what_was_typed(
    client, issued, users
):
    admin = users["demo_agency_admin"]
    document_publish(issued(), acting_user=admin)
    newer = issued(note="แก้ไข")
    client.force_login(admin)
    detail = reverse("documents:document_detail", args=[newer.agency.code, newer.pk])
    html = client.get(detail).content.decode()
    assert "เหตุผลของการแก้ไข" in html and "(ฉบับที่ 2)" in html
    url = reverse("published:publish", args=[newer.agency.code, newer.pk])
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 400
    assert "กรุณาระบุเหตุผลของการแก้ไข" in response.content.decode()
    assert Publication.objects.count() == 1
    response = client.post(url, {"reason": "แก้ไขชื่อ"})
    assert response.status_code == 302
    assert Publication.objects.get(document=newer).reason == "แก้ไขชื่อ"


def test_a_signing_failure_shows_the_thai_refusal_and_keeps_the_reason(
    client, issued, users, settings
):
    admin = users["demo_agency_admin"]
    document_publish(issued(), acting_user=admin)
    newer = issued(note="แก้ไข")
    settings.SIGNING_KEY_PASSWORD = "wrong"
    client.force_login(admin)
    response = client.post(
        reverse("published:publish", args=[newer.agency.code, newer.pk]),
        {"reason": "เหตุผลที่พิมพ์ไว้ยาว ๆ"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "ยังไม่ได้ตั้งค่ากุญแจลงนามเอกสาร" in html
    assert ">เหตุผลที่พิมพ์ไว้ยาว ๆ</textarea>" in html
    assert Publication.objects.count() == 1


def test_unpublish_from_the_page_needs_a_reason(client, published, users):
    client.force_login(users["demo_officer"])
    url = reverse("published:unpublish", args=[published.agency.code, published.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่" in response.content.decode()
    published.refresh_from_db()
    assert published.is_public
    assert client.post(url, {"reason": "ข้อมูลผิด"}).status_code == 302
    published.refresh_from_db()
    assert not published.is_public


def test_the_memo_page_offers_publishing_its_approved_report(client, issued, approve, users):
    document = issued()
    memo = approve(document)
    client.force_login(users["demo_officer"])
    url = reverse("memos:memo_detail", args=[memo.agency.code, memo.pk])
    html = client.get(url).content.decode()
    assert 'data-testid="publish-report"' in html
    assert reverse("published:publish", args=[memo.agency.code, document.pk]) in html


def test_the_agencys_list_shows_every_version_with_its_state(client, published, users):
    publication_unpublish(published, acting_user=users["demo_officer"], reason="ข้อมูลผิด")
    client.force_login(users["demo_mayor"])
    url = reverse("published:agency_list", args=[published.agency.code])
    html = client.get(url).content.decode()
    assert published.title in html and "ยกเลิกเมื่อ" in html and "ข้อมูลผิด" in html
    client.force_login(users["demo_officer_b"])
    assert client.get(
        reverse("published:agency_list", args=[published.agency.code])).status_code == 403


def test_the_readiness_board_toggles_the_oit_page(client, agency, users):
    from publishing.models import OITPage

    client.force_login(users["demo_officer"])
    board = reverse("measures:readiness_board", args=[agency.code, 2567])
    url = reverse("published:oit_page", args=[agency.code, 2567])
    assert f'action="{url}"' in client.get(board).content.decode()
    assert client.post(url, {"action": "publish"}).status_code == 302
    assert OITPage.objects.get(agency=agency, year=2567).is_public
    html = client.get(board).content.decode()
    assert "เผยแพร่อยู่" in html and "ยกเลิกการเผยแพร่หน้า OIT" in html
    client.post(url, {"action": "bogus"})
    assert OITPage.objects.get(agency=agency, year=2567).is_public
    client.post(url, {"action": "unpublish"})
    assert not OITPage.objects.get(agency=agency, year=2567).is_public


def test_the_public_page_uses_a_fixed_number_of_queries(
    client, published, django_assert_max_num_queries
):
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(6):
        assert client.get(_url(published)).status_code == 200


def test_the_page_has_no_inline_script(client, published):
    html = client.get(_url(published)).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_a_reason_of_ten_thousand_characters_or_control_characters_is_handled(
    client, issued, users
):
    admin = users["demo_agency_admin"]
    document_publish(issued(), acting_user=admin)
    newer = issued(note="แก้")
    client.force_login(admin)
    url = reverse("published:publish", args=[newer.agency.code, newer.pk])
    response = client.post(url, {"reason": "ก" * 10_000})
    assert response.status_code == 400
    assert "เหตุผลยาวเกิน 2,000 ตัวอักษร" in response.content.decode()
    assert Publication.objects.count() == 1
    assert client.post(url, {"reason": "แก้\x00ไข\x07ชื่อ"}).status_code == 302
    assert Publication.objects.get(document=newer).reason == "แก้ไขชื่อ"
