from django.db import models

from ita_portal.agencies.models import Agency
from reports.wording import TOOL_LABEL_MAX_LENGTH


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
    iit_label = models.CharField(
        "ชื่อแบบวัด IIT ที่พิมพ์ในรายงาน",
        max_length=TOOL_LABEL_MAX_LENGTH,
        blank=True,
        help_text="เช่น แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) เว้นว่าง = ใช้ชื่อเดิม",
    )
    eit_label = models.CharField(
        "ชื่อแบบวัด EIT ที่พิมพ์ในรายงาน", max_length=TOOL_LABEL_MAX_LENGTH, blank=True
    )
    oit_label = models.CharField(
        "ชื่อแบบตรวจ OIT ที่พิมพ์ในรายงาน", max_length=TOOL_LABEL_MAX_LENGTH, blank=True
    )
    column_headings = models.JSONField(
        "หัวตารางของหน่วยงาน", default=dict, blank=True,
        help_text="{ตาราง: {คอลัมน์: หัวตาราง}} เฉพาะที่หน่วยงานเปลี่ยน",
    )
    skip_own_number = models.BooleanField(
        "ไม่พิมพ์เลขลำดับซ้ำ",
        default=True,
        help_text="มาตรการที่ขึ้นต้นด้วยเลขของตนเอง (เช่น ๑. …) ไม่ต้องพิมพ์ลำดับนำหน้าอีก",
    )
    hide_ungrouped_row = models.BooleanField(
        "ไม่พิมพ์แถวหัวข้อ \"ไม่ระบุตัวชี้วัด\"",
        default=True,
        help_text="มาตรการที่ไม่ได้ผูกกับตัวชี้วัดพิมพ์ต่อท้ายตารางโดยไม่มีแถวหัวข้อ",
    )
    status_by_indicator = models.BooleanField(
        "พิมพ์ช่องสถานะ ในรูปแบบแยกตามตัวชี้วัด", default=True
    )
    status_by_tool = models.BooleanField(
        "พิมพ์ช่องสถานะ ในรูปแบบแยกตามแบบวัด", default=False
    )
    status_numbered = models.BooleanField(
        "พิมพ์ช่องสถานะ ในรูปแบบตารางเรียงลำดับ", default=False
    )

    class Meta:
        verbose_name = "ค่าการพิมพ์รายงาน"
        verbose_name_plural = "ค่าการพิมพ์รายงาน"

    def __str__(self) -> str:
        return f"{self.agency}: {self.get_progress_layout_display()}"
