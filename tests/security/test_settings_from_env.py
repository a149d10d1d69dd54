"""ADMIN_URL, AXES_FAILURE_LIMIT and SESSION_IDLE_TIMEOUT come from the environment."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import clear_url_caches, reverse

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "from django.conf import settings; "
    "print(settings.ADMIN_URL, settings.AXES_FAILURE_LIMIT, settings.SESSION_COOKIE_AGE)"
)


def settings_with(**env: str) -> list[str]:
    environ = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    environ.update(ITA_DEMO_MODE="1", DJANGO_SETTINGS_MODULE="ita_portal.settings", **env)
    for name in ("ADMIN_URL", "AXES_FAILURE_LIMIT", "SESSION_IDLE_TIMEOUT"):
        if name not in env:
            environ.pop(name, None)
    result = subprocess.run(  # noqa: S603 - our own manage.py with a fixed interpreter
        [sys.executable, "manage.py", "shell", "-c", PRINT],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.splitlines()[-1].split()  # after shell's "n objects imported"


def test_defaults():
    assert settings_with() == ["admin/", "5", str(8 * 60 * 60)]


def test_values_from_the_environment():
    values = settings_with(
        ADMIN_URL="/office-7f3a", AXES_FAILURE_LIMIT="10", SESSION_IDLE_TIMEOUT="1800"
    )

    assert values == ["office-7f3a/", "10", "1800"]


@pytest.fixture
def admin_at(settings):
    """Rebuild the URLs with another ADMIN_URL; put the original back afterwards."""
    original = settings.ADMIN_URL
    urls = importlib.import_module(settings.ROOT_URLCONF)

    def move(path: str) -> None:
        settings.ADMIN_URL = path
        importlib.reload(urls)
        clear_url_caches()

    yield move
    move(original)


@pytest.mark.django_db
def test_admin_answers_at_admin_url(client, demo, login, admin_at):
    admin_at("office-7f3a/")

    assert reverse("admin:index") == "/office-7f3a/"
    assert client.get("/admin/").status_code == 404
    anonymous = client.get("/office-7f3a/")
    assert anonymous.status_code == 302
    assert anonymous.url.startswith("/office-7f3a/login/")
    response = login("demo_admin").get("/office-7f3a/")
    assert response.status_code == 200
    assert 'href="/office-7f3a/' in response.content.decode()


@pytest.mark.django_db
def test_admin_is_at_admin_by_default(client):
    assert reverse("admin:index") == "/admin/"
    assert client.get("/admin/").status_code == 302
