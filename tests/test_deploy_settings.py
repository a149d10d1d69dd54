"""Production settings: `check --deploy` is clean, and a missing SECRET_KEY stops start-up."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from ita_portal.signing.demo import make_certificate

ROOT = Path(__file__).resolve().parents[1]
# Variables that choose between demo and production, or that would loosen the
# hardening under test, come from the test, never from the caller's environment.
# DJANGO_ALLOW_ASYNC_UNSAFE (set by scripts/test.sh for Playwright) is async.E001.
LEAKY = {
    "DEBUG",
    "ITA_DEMO_MODE",
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "SIGNING_KEY_FILE",
    "SIGNING_CERT_FILE",
    "SIGNING_KEY_PASSWORD",
}


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in LEAKY}
    env.update(
        DJANGO_SETTINGS_MODULE="ita_portal.settings",
        DEBUG="0",
        ITA_DEMO_MODE="0",
        ALLOWED_HOSTS="ita.example.go.th",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        **extra,
    )
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own manage.py with a fixed interpreter
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def signing_env(tmp_path: Path) -> dict[str, str]:
    """The operator's signing key and certificate (production publishes signed PDFs)."""
    password = secrets.token_urlsafe(16)
    key, cert = make_certificate(tmp_path / "signing", password=password, common_name="ITA")
    return {"SIGNING_KEY_FILE": str(key), "SIGNING_CERT_FILE": str(cert),
            "SIGNING_KEY_PASSWORD": password}


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = production_env(tmp_path, SECRET_KEY=secrets.token_urlsafe(45), **signing_env(tmp_path))
    assert len(env["SECRET_KEY"]) == 60

    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, (
        f"manage.py check --deploy failed ({result.returncode})\n"
        f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    )


def test_check_deploy_tells_the_operator_when_no_signing_key_is_set(tmp_path):
    env = production_env(tmp_path, SECRET_KEY=secrets.token_urlsafe(45))

    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    assert "signing.W001" in result.stderr and "SIGNING_KEY_FILE" in result.stderr


def test_settings_refuse_to_start_without_secret_key(tmp_path):
    env = production_env(tmp_path)
    assert "SECRET_KEY" not in env

    result = manage(env, "check")

    assert result.returncode != 0, f"started without SECRET_KEY:\n{result.stdout}"
    assert "SECRET_KEY" in result.stderr, result.stderr
    assert "ImproperlyConfigured" in result.stderr, result.stderr
