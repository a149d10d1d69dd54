from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ita_portal.audit"
    label = "audit"
    verbose_name = "บันทึกการใช้งาน"
