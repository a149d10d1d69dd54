"""``manage.py check`` (and runserver, migrate) tell the operator about the signing key."""

from django.conf import settings
from django.core import checks

from ita_portal.signing.pdf import signing_problem


@checks.register("signing")
def signing_key_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if not settings.SIGNING_KEY_FILE and not settings.SIGNING_CERT_FILE:
        return [
            checks.Warning(
                "ยังไม่ได้ตั้งกุญแจลงนามเอกสาร จึงเผยแพร่เอกสารไม่ได้ "
                "(signing key not configured: publishing is disabled)",
                hint="ตั้ง SIGNING_KEY_FILE, SIGNING_CERT_FILE และ SIGNING_KEY_PASSWORD "
                "(README: Configuration); for a demo: manage.py make_demo_certificate",
                id="signing.W001",
            )
        ]
    problem = signing_problem()
    if problem:
        return [
            checks.Error(
                problem,
                hint="ตรวจ SIGNING_KEY_FILE, SIGNING_CERT_FILE และ SIGNING_KEY_PASSWORD",
                id="signing.E001",
            )
        ]
    return []
