import pytest
from django.core.management import call_command
from django.test import RequestFactory

from ita_portal.agencies.demo import DEMO_PASSWORD, seed_demo
from ita_portal.agencies.models import Agency


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the shipped criteria of 2564–2568."""
    with django_db_blocker.unblock():
        call_command("load_criteria", verbosity=0)


@pytest.fixture
def demo(db):
    """The demo agencies and users, as `make run` creates them."""
    seed_demo(with_passwords=True)
    return {
        "agency": Agency.objects.get(code="thung-ruang-thong"),
        "other_agency": Agency.objects.get(code="tha-nam-sai"),
        "password": DEMO_PASSWORD,
    }


@pytest.fixture
def login(client):
    """Log the test client in as a demo user: login("demo_officer")."""

    def _login(username: str):
        # django-axes (login throttling) needs the request every login comes with.
        request = RequestFactory().post("/accounts/login/")
        assert client.login(request=request, username=username, password=DEMO_PASSWORD)
        return client

    return _login


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Demo users are re-created per test; real PBKDF2 rounds would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def documents_storage(tmp_path, monkeypatch):
    """Issued and published PDFs of a test go to its own folder, never into the
    checkout's private/."""
    from django.core.files.storage import FileSystemStorage

    from ita_portal.documents.models import IssuedDocument
    from publishing.models import Publication

    storage = FileSystemStorage(location=tmp_path / "documents", base_url=None)
    monkeypatch.setattr(IssuedDocument._meta.get_field("file"), "storage", storage)
    monkeypatch.setattr(Publication._meta.get_field("file"), "storage", storage)
    return storage
