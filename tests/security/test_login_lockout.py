"""Login throttling (django-axes): wrong passwords lock a username out, the admin unlocks it."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOCKED = "ระงับการเข้าสู่ระบบชั่วคราว"


def try_login(client, username, password, url=None):
    return client.post(url or reverse("login"), {"username": username, "password": password})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_failure_limit_is_five_with_a_fifteen_minute_cool_off():
    assert settings.AXES_FAILURE_LIMIT == 5
    cool_off = settings.AXES_COOLOFF_TIME
    assert cool_off == timedelta(minutes=15)
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, demo):
    for _ in range(30):
        response = try_login(client, "demo_officer", "wrong-password")

    response = try_login(client, "demo_officer", demo["password"])

    assert response.status_code == 429
    assert not logged_in(client)
    html = response.content.decode()
    assert LOCKED in html
    assert "ใส่รหัสผ่านผิดครบ 5 ครั้ง" in html
    assert "15 นาที" in html
    assert reverse("password_reset") in html


def test_four_wrong_passwords_still_let_the_right_one_in(client, demo):
    for _ in range(4):
        assert try_login(client, "demo_officer", "wrong-password").status_code == 200

    response = try_login(client, "demo_officer", demo["password"])

    assert response.status_code == 302
    assert logged_in(client)


def test_the_fifth_wrong_password_locks(client, demo):
    responses = [try_login(client, "demo_officer", "wrong-password") for _ in range(5)]

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert try_login(client, "demo_officer", demo["password"]).status_code == 429


def test_success_forgets_earlier_mistakes(client, demo):
    for _ in range(4):
        try_login(client, "demo_officer", "wrong-password")
    assert try_login(client, "demo_officer", demo["password"]).status_code == 302
    client.post(reverse("logout"))

    for _ in range(4):
        try_login(client, "demo_officer", "wrong-password")

    assert try_login(client, "demo_officer", demo["password"]).status_code == 302


def test_limit_comes_from_the_setting(client, demo, settings):
    settings.AXES_FAILURE_LIMIT = 2
    try_login(client, "demo_officer", "wrong-password")
    try_login(client, "demo_officer", "wrong-password")

    assert try_login(client, "demo_officer", demo["password"]).status_code == 429


def test_lock_is_per_username_not_per_office(client, demo):
    """Colleagues behind the same address still log in while one username is locked."""
    for _ in range(30):
        try_login(client, "demo_officer", "wrong-password")

    response = try_login(client, "demo_head", demo["password"])

    assert response.status_code == 302
    assert logged_in(client)


def test_the_admin_login_is_locked_too(client, demo):
    admin_login = reverse("admin:login")
    for _ in range(30):
        try_login(client, "demo_admin", "wrong-password", admin_login)

    response = try_login(client, "demo_admin", demo["password"], admin_login)

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not logged_in(client)
    # The lock belongs to the username: the staff login page refuses it as well.
    assert try_login(client, "demo_admin", demo["password"]).status_code == 429


def test_lock_ends_after_the_cool_off(client, demo):
    for _ in range(30):
        try_login(client, "demo_officer", "wrong-password")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert try_login(client, "demo_officer", demo["password"]).status_code == 302


def test_an_administrator_unlocks_in_the_admin(demo, login):
    officer = Client()
    for _ in range(30):
        try_login(officer, "demo_officer", "wrong-password")
    assert try_login(officer, "demo_officer", demo["password"]).status_code == 429

    admin = login("demo_admin")
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = admin.get(changelist)
    assert page.status_code == 200
    html = page.content.decode()
    assert "การใส่รหัสผ่านผิด" in html  # axes' admin, in Thai (locale/th)
    assert "ถูกล็อก" in html
    assert "demo_officer" in html
    attempt = AccessAttempt.objects.get(username="demo_officer")
    response = admin.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="demo_officer").exists()

    response = try_login(officer, "demo_officer", demo["password"])

    assert response.status_code == 302
    assert logged_in(officer)


def test_admin_index_shows_the_lockout_section_in_thai(demo, login):
    html = login("demo_admin").get(reverse("admin:index")).content.decode()

    assert "การล็อกการเข้าสู่ระบบ" in html
    assert "การใส่รหัสผ่านผิด (ลบเพื่อปลดล็อก)" in html


def test_agency_admin_cannot_see_or_clear_lockouts(demo, login):
    client = login("demo_agency_admin")

    response = client.get(reverse("admin:axes_accessattempt_changelist"))

    assert response.status_code == 403
