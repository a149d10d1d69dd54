from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "ita_portal.signing"
    verbose_name = "การลงนามดิจิทัล"

    def ready(self) -> None:
        from ita_portal.signing import checks  # noqa: F401 - registers the system check
