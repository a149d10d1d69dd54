from django.db import models

from ita_portal.agencies.models import Agency


class ProgressLayout(models.TextChoices):
    BY_INDICATOR = "by_indicator", "แยกตามตัวชี้วัด พร้อมช่องสถานะ"
    BY_TOOL = "by_tool", "แยกตามแบบวัด IIT / EIT / OIT"
    NUMBERED = "numbered", "ตารางเรียงลำดับมาตรการ"
    READINESS = "readiness", "ความก้าวหน้ารายตัวชี้วัดและรายข้อ OIT"


class ReportPreference(models.Model):
    """How an agency likes its reports printed; remembered between visits."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="report_preference"
    )
    progress_layout = models.CharField(
        "รูปแบบรายงานผลการดำเนินการ",
        max_length=20,
        choices=ProgressLayout.choices,
        default=ProgressLayout.BY_INDICATOR,
    )
    thai_digits = models.BooleanField("ใช้เลขไทย", default=True)
    with_cover = models.BooleanField("พิมพ์ปก", default=True)

    class Meta:
        verbose_name = "ค่าการพิมพ์รายงาน"
        verbose_name_plural = "ค่าการพิมพ์รายงาน"

    def __str__(self) -> str:
        return f"{self.agency}: {self.get_progress_layout_display()}"
