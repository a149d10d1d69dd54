from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ita_portal.documents"
    label = "documents"
    verbose_name = "เอกสารที่ออกแล้ว"
