"""Content-Security-Policy and Permissions-Policy on every kind of page, and pages that obey it.

The policy allows scripts only from our own files, so a page with an inline <script> or an
on…= attribute would break in the browser: the crawl below reads the public pages, an
officer's pages and the admin and fails on any.
"""

import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb")


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_hardened(response):
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    permissions = response.headers["Permissions-Policy"]
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in permissions
    assert response.headers["X-Frame-Options"] == "DENY"


def test_public_page_headers(client, demo):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert_hardened(response)


def test_officer_page_headers(demo, login):
    response = login("demo_officer").get(
        reverse("agencies:agency_dashboard", args=["thung-ruang-thong"])
    )

    assert response.status_code == 200
    assert_hardened(response)


def test_admin_headers(demo, login):
    response = login("demo_admin").get(reverse("admin:index"))

    assert response.status_code == 200
    assert_hardened(response)


def test_login_and_error_pages_headers(client, demo):
    assert_hardened(client.get(reverse("login")))
    assert_hardened(client.get(reverse("admin:login")))
    assert_hardened(client.get("/no-such-page/"))


def test_styles_may_be_inline_but_scripts_may_not(client):
    csp = policy(client.get(reverse("home")))

    assert "'unsafe-inline'" in csp["style-src"]
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(csp["script-src"])


class InlineScriptFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, _value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in {"href", "src", "action", "formaction"} and (_value or "").startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag == "script":
            kind = attributes.get("type", "text/javascript")
            if not attributes.get("src") and "json" not in kind:
                self.problems.append("inline <script>")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


SKIP = (".pdf", ".csv", ".xlsx", "/download", "/export", "/template", "/logout", "/delete/")


def crawl(client, start: list[str], *, inside: str = "/", limit: int = 80) -> dict[str, list]:
    """Read same-site HTML pages reachable from `start`; return each page's problems."""
    seen, queue, problems, shapes = set(), list(start), {}, Counter()
    while queue and len(seen) < limit:
        url = urldefrag(queue.pop(0))[0]
        parts = urlsplit(url)
        if parts.netloc or not url.startswith(inside) or url in seen:
            continue
        if any(marker in parts.path for marker in SKIP):
            continue
        # Two pages of each kind (/measures/1/ and /measures/2/ are one kind) reach more kinds.
        shape = re.sub(r"\d+", "N", parts.path)
        if shapes[shape] >= 2:
            continue
        shapes[shape] += 1
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        assert "Content-Security-Policy" in response.headers, url
        finder = InlineScriptFinder()
        finder.feed(response.content.decode())
        if finder.problems:
            problems[url] = finder.problems
        queue.extend(finder.links)
    assert len(seen) >= 5, seen
    return problems


def test_public_and_officer_pages_have_no_inline_scripts(client, demo, login):
    assert crawl(client, [reverse("home"), reverse("login"), reverse("password_reset")]) == {}
    officer = login("demo_officer")
    start = [
        reverse("agencies:agency_dashboard", args=["thung-ruang-thong"]),
        reverse("home"),
    ]
    assert crawl(officer, start, limit=120) == {}


def test_admin_pages_have_no_inline_scripts(demo, login):
    admin = login("demo_admin")
    prefix = reverse("admin:index")

    assert crawl(admin, [prefix], inside=prefix, limit=80) == {}
