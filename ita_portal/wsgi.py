import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")

application = get_wsgi_application()

from ita_portal.signing.pdf import startup_report  # noqa: E402 - needs the app registry

startup_report()
