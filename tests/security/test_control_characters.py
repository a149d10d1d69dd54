"""NUL and other control characters in a query string or a form never give a 500.

PostgreSQL refuses a NUL in any string it is sent, so before the fix `/?q=%00` raised
ValueError deep inside the search; SQLite accepted it. The whole suite runs on both.
"""

import pytest
from django.http import HttpResponse
from django.urls import reverse

pytestmark = pytest.mark.django_db

LONG = "ก" * 10_000


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "province=%00",
        "q=%00&province=%00",
        "q=abc%00def",
        "q=%01%02%1b%7f",
        "q=%25_'\"\\",
        "q=" + LONG,
        "province=" + LONG,
        "page=%00",
        "q=%0d%0a",
        "q%00=x",
    ],
    ids=lambda q: q[:40],
)
def test_public_search_answers_every_query(client, demo, query):
    response = client.get("/?" + query)

    assert response.status_code == 200


def test_search_with_a_nul_still_finds_the_agency(client, demo):
    response = client.get("/", {"q": "ทุ่งรวง\x00ทอง"})

    assert response.status_code == 200
    assert demo["agency"].name in response.content.decode()


def test_search_for_sql_wildcards_finds_nothing_and_is_not_an_error(client, demo):
    response = client.get("/", {"q": "%_'\"\\"})

    assert response.status_code == 200
    assert "ไม่พบหน่วยงานที่ตรงกับการค้นหา" in response.content.decode()


def test_login_form_with_a_nul_is_refused_not_an_error(client, demo):
    response = client.post(reverse("login"), {"username": "demo_officer\x00", "password": "x\x00"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_nul_in_a_posted_form_of_an_officer_page_is_not_an_error(login, demo):
    client = login("demo_officer")
    response = client.get(reverse("home"), {"q": "\x00"})
    assert response.status_code == 200

    response = client.post(reverse("login"), {"username": "\x00", "password": "\x00"})
    assert response.status_code in {200, 302}


def test_a_nul_in_the_session_cookie_is_not_an_error(client, demo):
    client.cookies["sessionid"] = "abcdefgh\x00ijk"

    response = client.get(reverse("home"))

    assert response.status_code == 200


def test_control_characters_in_the_path_are_not_found(client, demo):
    response = client.get("/agencies/%00/")

    assert response.status_code == 404


def test_a_nul_in_the_user_agent_of_a_login_is_not_an_error(client, demo):
    """django-axes writes the User-Agent of every login attempt to the database."""
    for password in ("wrong-password", demo["password"]):
        response = client.post(
            reverse("login"),
            {"username": "demo_officer", "password": password},
            HTTP_USER_AGENT="Mozilla\x00/5.0",
        )
        assert response.status_code in {200, 302}
    assert "_auth_user_id" in client.session


def test_tab_and_line_breaks_stay_in_posted_forms_and_other_controls_go():
    from django.test import RequestFactory

    from ita_portal.middleware import ControlCharactersMiddleware

    seen = {}

    def view(request):
        seen["post"] = request.POST.getlist("text")
        seen["get"] = request.GET.get("q")
        return HttpResponse()

    request = RequestFactory().post(
        "/?q=a%09b%0Ac%00d", {"text": ["บรรทัด 1\r\nบรรทัด\t2\x00\x07\x1b", "x\x7f"]}
    )
    ControlCharactersMiddleware(view)(request)

    assert seen == {"post": ["บรรทัด 1\r\nบรรทัด\t2", "x"], "get": "abcd"}
