from django.conf import settings
from django.db import models

from ita_portal.agencies.models import Agency


class AuditEvent(models.Model):
    """One thing a person (or a command) did, written in the transaction that did it.

    Rows are only ever added: nothing in the portal updates or deletes them.
    """

    at = models.DateTimeField("เวลา", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ผู้ดำเนินการ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("การดำเนินการ", max_length=60)
    agency = models.ForeignKey(
        Agency,
        verbose_name="หน่วยงาน",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    object_type = models.CharField("ชนิดข้อมูล", max_length=60, blank=True)
    object_id = models.CharField("รหัสข้อมูล", max_length=40, blank=True)
    object_repr = models.CharField("ข้อมูล", max_length=200, blank=True)
    summary = models.CharField("สรุป", max_length=300, blank=True)
    before = models.JSONField("ก่อน", null=True, blank=True)
    after = models.JSONField("หลัง", null=True, blank=True)

    class Meta:
        verbose_name = "บันทึกการใช้งาน"
        verbose_name_plural = "บันทึกการใช้งาน"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["agency", "-at"], name="audit_agency_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
