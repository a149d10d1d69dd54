"""Improvement measures (มาตรการ) of an agency-year, their progress rounds and the OIT board."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from assessments.models import AssessmentYear, Indicator, OITItem, ToolCode
from ita_portal.agencies.models import Agency, Unit
from ita_portal.thai import thai_month_span

# A title is the measure's one line in every table; the detail belongs in its steps.
# The longest title in the seed documents is far below this.
TITLE_MAX_LENGTH = 500
TITLE_TOO_LONG = (
    f"มาตรการ/แนวทางยาวได้ไม่เกิน {TITLE_MAX_LENGTH} ตัวอักษร (ขณะนี้ %(show_value)d ตัวอักษร) "
    "กรุณาย้ายรายละเอียดไปไว้ที่ขั้นตอนหรือวิธีการปฏิบัติ"
)


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", "ยังไม่ได้ดำเนินการ"
    IN_PROGRESS = "in_progress", "อยู่ระหว่างการดำเนินการ"
    DONE = "done", "ดำเนินการแล้วเสร็จ"
    CANNOT = "cannot", "ไม่สามารถดำเนินการได้"


class Measure(models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="measures", verbose_name="หน่วยงาน"
    )
    year = models.ForeignKey(
        AssessmentYear,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name="ปีงบประมาณ",
    )
    order = models.PositiveSmallIntegerField(
        "ลำดับ", validators=[MinValueValidator(1, "ลำดับต้องเริ่มที่ 1")]
    )
    tool = models.CharField("เครื่องมือ", max_length=3, choices=ToolCode.choices, blank=True)
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="measures", verbose_name="ตัวชี้วัด"
    )
    oit_items = models.ManyToManyField(
        OITItem, blank=True, related_name="measures", verbose_name="ข้อ OIT"
    )
    group_label = models.CharField(
        "หัวข้อกลุ่มในรายงาน",
        max_length=300,
        blank=True,
        help_text="หัวข้อที่พิมพ์เหนือมาตรการในรายงานแยกตามตัวชี้วัด เช่น ตัวชี้วัดที่ ๒ "
        "(ประสิทธิภาพการสื่อสาร) มาตรการที่หัวข้อเดียวกันพิมพ์รวมกัน เว้นว่าง = ใช้ตัวชี้วัดแรก",
    )
    weakness = models.TextField("ประเด็นที่ต้องพัฒนา / จุดอ่อน", blank=True)
    title = models.TextField(
        "มาตรการ/แนวทาง",
        max_length=TITLE_MAX_LENGTH,
        validators=[MaxLengthValidator(TITLE_MAX_LENGTH, TITLE_TOO_LONG)],
    )
    steps = models.TextField("ขั้นตอนหรือวิธีการปฏิบัติ", blank=True)
    period_start = models.DateField("เริ่ม", null=True, blank=True)
    period_end = models.DateField("สิ้นสุด", null=True, blank=True)
    period_text = models.CharField(
        "ระยะเวลาดำเนินการ",
        max_length=200,
        blank=True,
        help_text="ข้อความที่พิมพ์ในรายงาน เช่น ตุลาคม 2566 – กันยายน 2567 หรือ ไตรมาส 1–4",
    )
    units = models.ManyToManyField(
        Unit, blank=True, related_name="measures", verbose_name="ผู้รับผิดชอบ (ส่วนราชการ)"
    )
    responsible_text = models.CharField(
        "ผู้รับผิดชอบ (ข้อความเพิ่มเติม)",
        max_length=300,
        blank=True,
        help_text="เช่น ทุกส่วนราชการ",
    )
    monitoring = models.TextField(
        "การกำกับติดตาม", blank=True, help_text="เช่น รายงานรอบ 6 เดือน และสิ้นปีงบประมาณ"
    )
    status = models.CharField(
        "สถานะ", max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.NOT_STARTED
    )
    summary = models.TextField("สรุปผลการดำเนินการ", blank=True)
    outcome = models.TextField("ผลลัพธ์หรือความสำเร็จ", blank=True)
    problems = models.TextField("ปัญหาอุปสรรค", blank=True)
    suggestions = models.TextField("ข้อเสนอแนะ", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = "มาตรการ"
        verbose_name_plural = "มาตรการ"
        ordering = ["agency", "year", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "order"],
                name="measure_order_unique",
                violation_error_message="มีมาตรการลำดับนี้แล้วในปีนี้",
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title[:60]}"

    @property
    def period_label(self) -> str:
        """The period as printed: the typed text, else the months of the dates."""
        return self.period_text.strip() or thai_month_span(self.period_start, self.period_end)

    def clean(self) -> None:
        if not self.title.strip():
            raise ValidationError({"title": "กรุณากรอกมาตรการ/แนวทาง"})
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "วันสิ้นสุดต้องไม่ก่อนวันเริ่มดำเนินการ"})


class MeasureEvidence(models.Model):
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="evidence", verbose_name="มาตรการ"
    )
    title = models.CharField("ชื่อหลักฐาน", max_length=200)
    url = models.URLField("ลิงก์", blank=True, max_length=500)
    file = models.FileField("ไฟล์", upload_to="evidence/%Y/", blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "หลักฐานการดำเนินการ"
        verbose_name_plural = "หลักฐานการดำเนินการ"
        ordering = ["measure", "uploaded_at"]

    def __str__(self) -> str:
        return self.title


class RoundKind(models.TextChoices):
    SIX_MONTHS = "6m", "รอบ 6 เดือน"
    TWELVE_MONTHS = "12m", "รอบ 12 เดือน (สิ้นปีงบประมาณ)"


class ProgressRound(models.Model):
    """A dated snapshot of every measure of an agency-year; later edits do not change it."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="progress_rounds")
    year = models.ForeignKey(AssessmentYear, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("รอบการรายงาน", max_length=3, choices=RoundKind.choices)
    as_of = models.DateField("ข้อมูล ณ วันที่")
    taken_at = models.DateTimeField(auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "รอบรายงานความก้าวหน้า"
        verbose_name_plural = "รอบรายงานความก้าวหน้า"
        ordering = ["agency", "year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "kind"],
                name="one_round_per_kind",
                violation_error_message="บันทึกรอบรายงานนี้ของปีนี้ไปแล้ว",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ปี {self.year.year}"


class RoundEntry(models.Model):
    """One measure as it stood when the round was taken (copied text, not a link)."""

    round = models.ForeignKey(ProgressRound, on_delete=models.CASCADE, related_name="entries")
    measure = models.ForeignKey(Measure, on_delete=models.SET_NULL, null=True, related_name="+")
    order = models.PositiveSmallIntegerField()
    tool = models.CharField(max_length=3, blank=True)
    indicators = models.CharField(max_length=100, blank=True)
    group_label = models.CharField(max_length=300, blank=True)
    title = models.TextField()
    steps = models.TextField(blank=True)
    period_text = models.CharField(max_length=200, blank=True)
    responsible = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=MeasureStatus.choices)
    summary = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    problems = models.TextField(blank=True)

    class Meta:
        ordering = ["round", "order"]

    def __str__(self) -> str:
        return f"{self.round}: {self.order}"


class MeasureSuggestion(models.Model):
    """Library of suggested measures per indicator: shared (no agency) or an agency's own."""

    indicator_number = models.PositiveSmallIntegerField("ตัวชี้วัดที่")
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="measure_suggestions",
        verbose_name="ของหน่วยงาน (เว้นว่าง = ใช้ร่วมกันทุกหน่วยงาน)",
    )
    title = models.TextField("มาตรการ/แนวทาง")
    steps = models.TextField("ขั้นตอนหรือวิธีการปฏิบัติ", blank=True)
    monitoring = models.TextField("การกำกับติดตาม", blank=True)

    class Meta:
        verbose_name = "คลังมาตรการแนะนำ"
        verbose_name_plural = "คลังมาตรการแนะนำ"
        ordering = ["indicator_number", "id"]

    def __str__(self) -> str:
        return f"ตัวชี้วัดที่ {self.indicator_number}: {self.title[:50]}"


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", "ยังไม่ได้ดำเนินการ"
    DONE = "done", "ดำเนินการ"


class OITItemReadiness(models.Model):
    """Where and whether an agency publishes one OIT item (stored URL, never fetched)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="oit_readiness")
    item = models.ForeignKey(OITItem, on_delete=models.CASCADE, related_name="readiness")
    units = models.ManyToManyField(Unit, blank=True, verbose_name="ผู้รับผิดชอบ")
    responsible_text = models.CharField(
        "ผู้รับผิดชอบ (ข้อความ)",
        max_length=300,
        blank=True,
        help_text="พิมพ์ตามนี้ในรายงาน เช่น สำนักปลัด / กองคลัง",
    )
    requirement_text = models.TextField(
        "องค์ประกอบด้านข้อมูล (ข้อความของหน่วยงาน)",
        blank=True,
        help_text="เว้นว่าง = ใช้ข้อความของเกณฑ์ปีนี้",
    )
    url = models.URLField("ที่อยู่บนเว็บไซต์", max_length=500, blank=True)
    progress = models.CharField(
        "ความก้าวหน้า", max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED
    )
    note = models.TextField("หมายเหตุ", blank=True)

    class Meta:
        verbose_name = "ความพร้อมข้อ OIT"
        verbose_name_plural = "ความพร้อมข้อ OIT"
        constraints = [
            models.UniqueConstraint(fields=["agency", "item"], name="one_readiness_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.item.code}"


class IndicatorPlan(models.Model):
    """Per IIT/EIT indicator: the approach to raise the score, who, when, how far."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="indicator_plans")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="plans")
    approach = models.TextField("แนวทางในการยกระดับการประเมิน", blank=True)
    units = models.ManyToManyField(Unit, blank=True, verbose_name="ผู้รับผิดชอบ")
    responsible_text = models.CharField(
        "ผู้รับผิดชอบ (ข้อความ)",
        max_length=300,
        blank=True,
        help_text="พิมพ์ตามนี้ในรายงาน เช่น สำนักปลัด / กองคลัง",
    )
    period_text = models.CharField("ระยะเวลา", max_length=200, blank=True)
    progress = models.CharField(
        "ความก้าวหน้า", max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED
    )
    note = models.TextField("ผลการดำเนินการ", blank=True)

    class Meta:
        verbose_name = "แนวทางยกระดับรายตัวชี้วัด"
        verbose_name_plural = "แนวทางยกระดับรายตัวชี้วัด"
        constraints = [
            models.UniqueConstraint(fields=["agency", "indicator"], name="one_plan_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.agency}: ตัวชี้วัดที่ {self.indicator.number}"
