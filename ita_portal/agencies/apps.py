from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "ita_portal.agencies"
    label = "agencies"
    verbose_name = "หน่วยงานและผู้ใช้"
