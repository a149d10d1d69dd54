"""The PDF renderer reads only data: URLs and our own static/media files, never the network.

Untrusted values are autoescaped (printed as text); URLs written in a template are
refused by ita_portal.pdf.fetcher.PortalURLFetcher, which WeasyPrint treats as failed resources.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

from ita_portal.pdf import fetcher as fetcher_module
from ita_portal.pdf.fetcher import PortalURLFetcher, RefusedURL
from ita_portal.pdf.render import render_pdf


@pytest.fixture
def template_dir(tmp_path, settings):
    """A folder searched first for templates, for templates that exist only in a test."""
    folder = tmp_path / "templates"
    (folder / "tests").mkdir(parents=True)
    engine = {**settings.TEMPLATES[0], "DIRS": [folder, *settings.TEMPLATES[0]["DIRS"]]}
    settings.TEMPLATES = [engine]
    return folder


def test_hostile_context_values_print_as_text_and_fetch_nothing(
    as_pdf, no_network, fetch_log, fresh_pdf_caches
):
    note = '<img src="http://169.254.169.254/x"> <img src="file:///etc/passwd">'
    pdf = as_pdf(
        render_pdf(
            "reports/sample_pdf.html",
            {"note": note, "rows": [{"no": 1, "name": note, "score": 1, "done": True}]},
            title="t",
            author="a",
        )
    )
    text = pdf.text()
    assert '<img src="http://169.254.169.254/x">' in text
    assert '<img src="file:///etc/passwd">' in text
    assert "root:x:0:0" not in text
    assert no_network == []
    asked = [url for url, _ in fetch_log]
    assert not [url for url in asked if "169.254" in url or "passwd" in url]
    # The cached stylesheet and fonts were (re)built in this test, from our files only.
    assert all(outcome == "served" for _, outcome in fetch_log), fetch_log
    assert any(url.endswith("/css/pdf.css") for url in asked)
    assert any(url.endswith("/fonts/sarabun/Sarabun-Regular.ttf") for url in asked)


HOSTILE_TEMPLATE = """{% extends "reports/base_pdf.html" %}
{% block extra_head %}
<link rel="stylesheet" href="file:///etc/passwd">
<link rel="stylesheet" href="http://169.254.169.254/latest/meta-data/">
<link rel="stylesheet" href="/static/css/pdf.css">
<link rel="attachment" href="file:///etc/hostname">
<style>@import url("https://example.com/x.css");
p.bg { background: url("ftp://example.com/x.png"); }</style>
{% endblock %}
{% block content %}
<p class="bg">HOSTILE-TEMPLATE</p>
<img src="http://169.254.169.254/">
<img src="/static/../../../../etc/passwd">
<img src="/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd">
<img src="file:///etc/hostname">
<img src="file://evil.example/share/x.png">
<img src="https://example.com/pixel.png">
<img src="../../../../../../etc/passwd">
<p><span class="cb">☑</span> ok</p>
{% endblock %}
"""

EXPECTED_REFUSED = [
    "file:///etc/passwd",
    "http://169.254.169.254/latest/meta-data/",
    "https://example.com/x.css",
    "ftp://example.com/x.png",
    "http://169.254.169.254/",
    "file:///etc/hostname",
    "file://evil.example/share/x.png",
    "https://example.com/pixel.png",
]


def test_urls_in_a_template_are_refused_but_our_css_and_fonts_are_served(
    as_pdf, no_network, fetch_log, fresh_pdf_caches, template_dir, caplog
):
    (template_dir / "tests" / "hostile.html").write_text(HOSTILE_TEMPLATE, encoding="utf-8")

    pdf = as_pdf(render_pdf("tests/hostile.html", {}, title="t", author="a"))

    assert "HOSTILE-TEMPLATE" in pdf.text()
    assert "root:x:0:0" not in pdf.text()
    assert no_network == []
    refused = {url for url, outcome in fetch_log if outcome == "refused"}
    served = {url for url, outcome in fetch_log if outcome == "served"}
    for url in EXPECTED_REFUSED:
        assert url in refused, (url, fetch_log)
    # "/static/../../../../etc/passwd" and friends reach the fetcher as file:///etc/passwd
    # or with their dot segments still encoded; all of them are refused.
    assert not [url for url in served if "passwd" in url or "hostname" in url or "%2e" in url]
    assert any("%2e%2e" in url for url in refused)
    # Our own stylesheet, linked by its /static/ URL, and Sarabun are served from disk.
    assert "file:///static/css/pdf.css" in served
    assert any(url.endswith("fonts/sarabun/Sarabun-Regular.ttf") for url in served)
    assert static_file_url("css/pdf.css") in served  # the cached user stylesheet
    assert any("refused to fetch" in record.getMessage() for record in caplog.records)


# -- the fetcher on its own ----------------------------------------------------------------


@pytest.fixture
def fetcher():
    return PortalURLFetcher()


def static_file_url(rel: str) -> str:
    return Path(settings.BASE_DIR, "static", rel).as_uri()


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/x.png",
        "ftp://example.com/x",
        "gopher://example.com/",
        "file:///etc/passwd",
        "file:///etc/hostname",
        "file://localhost/etc/passwd",
        "file://evil.example/static/css/pdf.css",
        "file:///static/../etc/passwd",
        "file:///static/%2e%2e/etc/passwd",
        "file:///static/css/../../etc/passwd",
        "file:///static/",
        "file:///static/css/nope.css",
        "file:///media/../etc/passwd",
        "/etc/passwd",
        "javascript:alert(1)",
    ],
)
def test_fetcher_refuses(fetcher, no_network, url):
    with pytest.raises((RefusedURL, ValueError)):
        fetcher.fetch(url)
    assert no_network == []


def test_fetcher_refuses_dot_segments_inside_the_static_folder(fetcher):
    url = static_file_url("css/../css/pdf.css")
    assert "/../" in url
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("file:///static/css/pdf.css", "text/css"),
        ("file:///static/fonts/sarabun/Sarabun-Regular.ttf", "font/ttf"),
        (static_file_url("css/pdf.css"), "text/css"),
        # The collected layout: fonts/sarabun lives in fontpkg-sarabun, not in static/.
        (static_file_url("fonts/sarabun/Sarabun-Bold.ttf"), "font/ttf"),
        ("data:text/plain;base64,aGk=", "text/plain"),
    ],
)
def test_fetcher_serves_our_files_and_data_urls(fetcher, no_network, url, content_type):
    response = fetcher.fetch(url)
    try:
        body = response.read()
    finally:
        response.close()
    assert body
    assert response.content_type in (content_type, "application/octet-stream")
    if url.startswith("data:"):
        assert body == b"hi"
    assert no_network == []


def test_fetcher_serves_the_fontpkg_folder_directly(fetcher):
    folder = dict(entry for entry in settings.STATICFILES_DIRS if isinstance(entry, tuple))[
        "fonts/sarabun"
    ]
    response = fetcher.fetch(Path(folder, "Sarabun-Italic.ttf").as_uri())
    assert response.read(4) == b"\x00\x01\x00\x00"
    response.close()


def test_media_files_are_served_but_symlinks_out_and_fifos_are_not(fetcher, settings, tmp_path):
    media = tmp_path / "media"
    (media / "logos").mkdir(parents=True)
    (media / "logos" / "agency.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    (media / "escape").symlink_to("/etc/passwd")
    (media / "dir-escape").symlink_to("/etc")
    os.mkfifo(media / "pipe")
    settings.MEDIA_ROOT = media
    settings.MEDIA_URL = "/media/"

    for url in ((media / "logos" / "agency.png").as_uri(), "file:///media/logos/agency.png"):
        response = fetcher.fetch(url)
        assert response.read().startswith(b"\x89PNG")
        assert response.content_type == "image/png"
        response.close()

    for url in (
        (media / "escape").as_uri(),
        (media / "dir-escape" / "passwd").as_uri(),
        "file:///media/escape",
        "file:///media/dir-escape/hostname",
        (media / "pipe").as_uri(),  # a FIFO would block a read forever
        "file:///media/pipe",
        (media / "logos").as_uri(),
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_absolute_static_url_is_read_from_disk_not_fetched(fetcher, no_network, settings):
    settings.STATIC_URL = "https://cdn.example.com/static/"
    response = fetcher.fetch("https://cdn.example.com/static/css/pdf.css")
    assert b"@font-face" in response.read()
    response.close()
    with pytest.raises(RefusedURL):
        fetcher.fetch("https://cdn.example.com/static/../secret")
    with pytest.raises(RefusedURL):
        fetcher.fetch("https://cdn.example.com/other/x.css")
    assert no_network == []


def test_fetcher_never_follows_redirects_nor_allows_other_protocols(fetcher):
    assert fetcher._allowed_protocols == ("data",)
    assert not any(type(handler).__name__ == "HTTPRedirectHandler" for handler in fetcher.handlers)
    assert fetcher._timeout == fetcher_module.TIMEOUT_SECONDS
