from axes.apps import AppConfig as AxesAppConfig


class LoginLockoutConfig(AxesAppConfig):
    """django-axes under a Thai heading in the admin; its texts are in locale/th."""

    verbose_name = "การล็อกการเข้าสู่ระบบ"
