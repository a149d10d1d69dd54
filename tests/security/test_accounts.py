"""Password reset by e-mail, the idle timeout of sessions, and who is signed in."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "ทุ่งรวงทอง-ใหม่-2569"


def try_login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def reset_link(mail) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.body)
    assert match, mail.body
    return match.group(1)


def test_login_page_links_to_password_reset(client):
    html = client.get(reverse("login")).content.decode()

    assert "ลืมรหัสผ่าน?" in html
    assert f'href="{reverse("password_reset")}"' in html


def test_admin_login_page_links_to_password_reset_too(client):
    html = client.get(reverse("admin:login")).content.decode()

    assert f'href="{reverse("admin_password_reset")}"' in html


def test_password_reset_by_email_sets_a_password_that_works(client, demo, mailoutbox):
    page = client.get(reverse("password_reset"))
    assert page.status_code == 200
    assert "ลืมรหัสผ่าน" in page.content.decode()

    response = client.post(reverse("password_reset"), {"email": "demo_officer@example.invalid"})

    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert "ตรวจสอบอีเมลของคุณ" in client.get(response.url).content.decode()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["demo_officer@example.invalid"]
    assert mail.subject.startswith("ตั้งรหัสผ่านใหม่ ITA Portal")
    assert "สมศรี ตั้งใจงาน" in mail.body
    assert "demo_officer" in mail.body

    form_page = client.get(reset_link(mail), follow=True)
    assert form_page.status_code == 200
    html = form_page.content.decode()
    assert "ตั้งรหัสผ่านใหม่" in html
    assert "รหัสผ่านใหม่" in html
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done.url == reverse("password_reset_complete")
    assert "ตั้งรหัสผ่านใหม่เรียบร้อยแล้ว" in client.get(done.url).content.decode()

    fresh = Client()
    assert try_login(fresh, "demo_officer", demo["password"]).status_code == 200
    assert try_login(fresh, "demo_officer", NEW_PASSWORD).status_code == 302
    assert "_auth_user_id" in fresh.session
    # The link worked once.
    again = client.get(reset_link(mail), follow=True).content.decode()
    assert "ลิงก์นี้ใช้ไม่ได้" in again


def test_password_rules_are_explained_in_thai(client, demo, mailoutbox):
    client.post(reverse("password_reset"), {"email": "demo_officer@example.invalid"})
    form_page = client.get(reset_link(mailoutbox[0]), follow=True)

    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "12345", "new_password2": "123"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "รหัสผ่านทั้งสองช่องไม่ตรงกัน" in html
    assert "รหัสผ่านต้องมีอย่างน้อย 8 ตัวอักษร" in html


def test_unknown_email_sends_nothing_and_says_the_same(client, demo, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.invalid"})

    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert mailoutbox == []


def test_a_reset_password_ends_a_lockout(client, demo, mailoutbox):
    for _ in range(30):
        try_login(client, "demo_officer", "wrong-password")
    assert try_login(client, "demo_officer", demo["password"]).status_code == 429

    client.post(reverse("password_reset"), {"email": "demo_officer@example.invalid"})
    form_page = client.get(reset_link(mailoutbox[0]), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert try_login(client, "demo_officer", NEW_PASSWORD).status_code == 302


def test_session_cookie_lasts_the_idle_timeout_and_is_renewed_every_few_minutes(client, demo):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_RENEW_SECONDS == 300

    response = try_login(client, "demo_officer", demo["password"])
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE

    response = client.get(reverse("home"))  # the first request renews it
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE
    key = client.session.session_key
    renewed = Session.objects.get(session_key=key).expire_date

    response = client.get(reverse("home"))  # a minute later: no write, no new cookie
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.get(session_key=key).expire_date == renewed

    session = client.session  # five minutes after the last renewal: renewed again
    session["_renewed_at"] -= settings.SESSION_RENEW_SECONDS
    session.save()
    response = client.get(reverse("home"))
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_session_expiry_moves_with_each_request(client, demo):
    try_login(client, "demo_officer", demo["password"])
    key = client.session.session_key
    soon = timezone.now() + timedelta(minutes=1)  # as if idle for nearly the whole timeout
    Session.objects.filter(session_key=key).update(expire_date=soon)

    client.get(reverse("home"))

    expiry = Session.objects.get(session_key=key).expire_date
    assert expiry > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_an_idle_session_has_ended(client, demo):
    try_login(client, "demo_officer", demo["password"])
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get(reverse("agencies:dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_navbar_says_who_is_signed_in_with_a_logout_button(demo, login):
    html = login("demo_officer").get(reverse("home")).content.decode()

    assert "เข้าสู่ระบบในชื่อ <strong>สมศรี ตั้งใจงาน</strong>" in html
    logout_form = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', html, re.S)
    assert logout_form and logout_form.group(1) == reverse("logout")
    assert "ออกจากระบบ" in logout_form.group(2)
    assert "csrfmiddlewaretoken" in logout_form.group(2)


def test_navbar_falls_back_to_the_username(demo, login):
    get_user_model().objects.filter(username="demo_officer").update(first_name="", last_name="")

    html = login("demo_officer").get(reverse("home")).content.decode()

    assert "เข้าสู่ระบบในชื่อ <strong>demo_officer</strong>" in html


def test_anonymous_navbar_offers_the_login(client):
    html = client.get(reverse("home")).content.decode()

    assert "เข้าสู่ระบบในชื่อ" not in html
    assert "เข้าสู่ระบบสำหรับเจ้าหน้าที่" in html
