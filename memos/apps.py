from django.apps import AppConfig


class MemosConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "memos"
    verbose_name = "บันทึกข้อความและการอนุมัติ"

    def ready(self) -> None:
        from memos.interchange import SECTION
        from reports.ita_json import register_section

        register_section(SECTION)
