"""The ITA criteria of each fiscal year, stored as data an administrator can correct.

Year → tools (IIT/EIT/OIT, weighted) → indicators 1–10 → sub-indicators → OIT items,
plus the year's grade bands (AA–F) and, from 2567, its qualitative rating bands.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

SCORE_VALIDATORS = [
    MinValueValidator(Decimal("0"), "คะแนนต้องไม่น้อยกว่า 0"),
    MaxValueValidator(Decimal("100"), "คะแนนต้องไม่เกิน 100"),
]


def score_field(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS, **kwargs
    )


class CriteriaStatus(models.TextChoices):
    DRAFT = "draft", "ฉบับร่าง (รอผู้ดูแลระบบตรวจสอบ)"
    CONFIRMED = "confirmed", "ยืนยันแล้ว"


class OITScoring(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", "100 หรือ 0 คะแนนต่อข้อ"
    RANGE = "range", "0–100 คะแนนต่อข้อ"


class AssessmentYearManager(models.Manager["AssessmentYear"]):
    def get_by_natural_key(self, year: int) -> "AssessmentYear":
        return self.get(year=year)


class AssessmentYear(models.Model):
    year = models.PositiveSmallIntegerField(
        "ปีงบประมาณ (พ.ศ.)",
        unique=True,
        validators=[
            MinValueValidator(2550, "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2567"),
            MaxValueValidator(2700, "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2567"),
        ],
        error_messages={"unique": "มีเกณฑ์ของปีงบประมาณนี้แล้ว"},
    )
    status = models.CharField(
        "สถานะเกณฑ์", max_length=20, choices=CriteriaStatus.choices, default=CriteriaStatus.DRAFT
    )
    pass_mark = score_field("คะแนนผ่านเกณฑ์", default=Decimal("85.00"))
    oit_scoring = models.CharField(
        "การให้คะแนนข้อ OIT",
        max_length=20,
        choices=OITScoring.choices,
        default=OITScoring.ALL_OR_NOTHING,
    )
    eit_has_parts = models.BooleanField(
        "EIT แบ่งเป็นส่วนที่ 1 และส่วนที่ 2",
        default=False,
        help_text="ส่วนที่ 1 ผู้รับบริการ / ส่วนที่ 2 ประชาชนทั่วไปและผู้ใช้เว็บไซต์",
    )
    source_note = models.TextField(
        "แหล่งที่มาและข้อควรตรวจสอบ",
        blank=True,
        help_text="แหล่งอ้างอิงของเกณฑ์ปีนี้ และสิ่งที่ผู้ดูแลระบบต้องตรวจสอบก่อนยืนยัน",
    )

    objects = AssessmentYearManager()

    class Meta:
        verbose_name = "ปีการประเมิน"
        verbose_name_plural = "ปีการประเมินและเกณฑ์"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"ITA ปีงบประมาณ พ.ศ. {self.year}"

    def natural_key(self) -> tuple[int]:
        return (self.year,)

    @property
    def is_draft(self) -> bool:
        return self.status == CriteriaStatus.DRAFT


class ToolCode(models.TextChoices):
    IIT = "IIT", "IIT แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน"
    EIT = "EIT", "EIT แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก"
    OIT = "OIT", "OIT แบบตรวจการเปิดเผยข้อมูลสาธารณะ"


class YearScopedManager(models.Manager):
    """Natural key (year, <field>) for rows that belong to one assessment year."""

    key_field = ""

    def get_by_natural_key(self, year: int, key):
        return self.get(year__year=year, **{self.key_field: key})


class ToolManager(YearScopedManager):
    key_field = "code"


class Tool(models.Model):
    year = models.ForeignKey(
        AssessmentYear, on_delete=models.CASCADE, related_name="tools", verbose_name="ปี"
    )
    code = models.CharField("เครื่องมือ", max_length=3, choices=ToolCode.choices)
    name = models.CharField("ชื่อเต็ม", max_length=200)
    weight = models.DecimalField(
        "น้ำหนัก (ร้อยละ)",
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0"), "น้ำหนักต้องไม่ติดลบ"),
            MaxValueValidator(Decimal("100"), "น้ำหนักต้องไม่เกิน 100"),
        ],
    )

    objects = ToolManager()

    class Meta:
        verbose_name = "เครื่องมือการประเมิน"
        verbose_name_plural = "เครื่องมือการประเมิน"
        # The order NACC always presents them in, not alphabetical.
        ordering = [
            "year",
            models.Case(
                models.When(code=ToolCode.IIT, then=0),
                models.When(code=ToolCode.EIT, then=1),
                default=2,
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "code"],
                name="tool_unique_per_year",
                violation_error_message="ปีนี้มีเครื่องมือนี้แล้ว",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.weight}%)"

    def natural_key(self) -> tuple[int, str]:
        return (self.year.year, self.code)

    natural_key.dependencies = ["assessments.assessmentyear"]


class IndicatorManager(YearScopedManager):
    key_field = "number"


class Indicator(models.Model):
    year = models.ForeignKey(
        AssessmentYear, on_delete=models.CASCADE, related_name="indicators", verbose_name="ปี"
    )
    tool = models.ForeignKey(
        Tool, on_delete=models.RESTRICT, related_name="indicators", verbose_name="เครื่องมือ"
    )
    number = models.PositiveSmallIntegerField(
        "ตัวชี้วัดที่",
        validators=[
            MinValueValidator(1, "ลำดับตัวชี้วัดต้องอยู่ระหว่าง 1 ถึง 10"),
            MaxValueValidator(10, "ลำดับตัวชี้วัดต้องอยู่ระหว่าง 1 ถึง 10"),
        ],
    )
    name = models.CharField("ชื่อตัวชี้วัด", max_length=200)
    name_en = models.CharField("ชื่อภาษาอังกฤษ", max_length=200, blank=True)

    objects = IndicatorManager()

    class Meta:
        verbose_name = "ตัวชี้วัด"
        verbose_name_plural = "ตัวชี้วัด"
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                name="indicator_unique_per_year",
                violation_error_message="ปีนี้มีตัวชี้วัดลำดับนี้แล้ว",
            )
        ]

    def __str__(self) -> str:
        return f"ตัวชี้วัดที่ {self.number} {self.name}"

    def natural_key(self) -> tuple[int, int]:
        return (self.year.year, self.number)

    natural_key.dependencies = ["assessments.tool"]

    def clean(self) -> None:
        if self.tool_id and self.year_id and self.tool.year_id != self.year_id:
            raise ValidationError({"tool": "เครื่องมือที่เลือกเป็นของปีอื่น"})


class SubIndicatorManager(models.Manager["SubIndicator"]):
    def get_by_natural_key(self, year: int, code: str) -> "SubIndicator":
        return self.get(indicator__year__year=year, code=code)


class SubIndicator(models.Model):
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="sub_indicators",
        verbose_name="ตัวชี้วัด",
    )
    code = models.CharField("ตัวชี้วัดย่อย", max_length=10, help_text="เช่น 9.1")
    name = models.CharField("ชื่อตัวชี้วัดย่อย", max_length=200)

    objects = SubIndicatorManager()

    class Meta:
        verbose_name = "ตัวชี้วัดย่อย"
        verbose_name_plural = "ตัวชี้วัดย่อย"
        ordering = ["indicator", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "code"],
                name="sub_indicator_unique_code",
                violation_error_message="ตัวชี้วัดนี้มีตัวชี้วัดย่อยรหัสนี้แล้ว",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def natural_key(self) -> tuple[int, str]:
        return (self.indicator.year.year, self.code)

    natural_key.dependencies = ["assessments.indicator"]

    def clean(self) -> None:
        if self.indicator_id and not self.code.startswith(f"{self.indicator.number}."):
            raise ValidationError(
                {"code": f"รหัสตัวชี้วัดย่อยต้องขึ้นต้นด้วย {self.indicator.number}. เช่น "
                 f"{self.indicator.number}.1"}
            )


class OITItemManager(YearScopedManager):
    key_field = "number"


class OITItem(models.Model):
    """One OIT check item (O1, O2 …) of a year: what the agency must publish."""

    year = models.ForeignKey(
        AssessmentYear, on_delete=models.CASCADE, related_name="oit_items", verbose_name="ปี"
    )
    sub_indicator = models.ForeignKey(
        SubIndicator,
        # RESTRICT, not PROTECT: deleting a whole year still cascades through its items.
        on_delete=models.RESTRICT,
        related_name="oit_items",
        verbose_name="ตัวชี้วัดย่อย",
    )
    number = models.PositiveSmallIntegerField(
        "ข้อที่", validators=[MinValueValidator(1, "ลำดับข้อต้องเริ่มที่ 1")]
    )
    group = models.CharField("หัวข้อย่อย", max_length=200, blank=True)
    title = models.CharField("ข้อมูล", max_length=300)
    requirement = models.TextField(
        "องค์ประกอบด้านข้อมูล", blank=True, help_text="สิ่งที่ต้องเปิดเผยให้ครบตามเกณฑ์ของปีนี้"
    )

    objects = OITItemManager()

    class Meta:
        verbose_name = "ข้อการตรวจ OIT"
        verbose_name_plural = "ข้อการตรวจ OIT"
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                name="oit_item_unique_per_year",
                violation_error_message="ปีนี้มีข้อ OIT ลำดับนี้แล้ว",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        return f"O{self.number}"

    def natural_key(self) -> tuple[int, int]:
        return (self.year.year, self.number)

    natural_key.dependencies = ["assessments.subindicator"]

    def clean(self) -> None:
        if (
            self.sub_indicator_id
            and self.year_id
            and self.sub_indicator.indicator.year_id != self.year_id
        ):
            raise ValidationError({"sub_indicator": "ตัวชี้วัดย่อยที่เลือกเป็นของปีอื่น"})


class GradeBandManager(YearScopedManager):
    key_field = "grade"


class GradeBand(models.Model):
    year = models.ForeignKey(
        AssessmentYear, on_delete=models.CASCADE, related_name="grade_bands", verbose_name="ปี"
    )
    grade = models.CharField("ระดับ", max_length=3, help_text="เช่น AA, A, B")
    min_score = score_field("คะแนนตั้งแต่")
    max_score = score_field("ถึง")

    objects = GradeBandManager()

    class Meta:
        verbose_name = "ระดับผลการประเมิน"
        verbose_name_plural = "ระดับผลการประเมิน"
        ordering = ["year", "-min_score"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "grade"],
                name="grade_band_unique_per_year",
                violation_error_message="ปีนี้มีระดับนี้แล้ว",
            ),
            models.CheckConstraint(
                condition=models.Q(min_score__lte=models.F("max_score")),
                name="grade_band_min_not_above_max",
                violation_error_message="คะแนนเริ่มต้นต้องไม่มากกว่าคะแนนสิ้นสุด",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grade} ({self.min_score}–{self.max_score})"

    def natural_key(self) -> tuple[int, str]:
        return (self.year.year, self.grade)

    natural_key.dependencies = ["assessments.assessmentyear"]


class RatingBandManager(YearScopedManager):
    key_field = "order"


class RatingBand(models.Model):
    """A qualitative rating (ผ่านดีเยี่ยม, ผ่านดี …), tried in order; the first that fits wins."""

    year = models.ForeignKey(
        AssessmentYear, on_delete=models.CASCADE, related_name="rating_bands", verbose_name="ปี"
    )
    order = models.PositiveSmallIntegerField("ลำดับการพิจารณา")
    label = models.CharField("ผลการประเมินเชิงคุณภาพ", max_length=100)
    min_total = score_field("คะแนนรวมขั้นต่ำ")
    min_each_tool = score_field(
        "คะแนนขั้นต่ำของทุกเครื่องมือ",
        null=True,
        blank=True,
        help_text="เว้นว่างถ้าไม่กำหนด เช่น ผ่านดีเยี่ยม ต้องได้ IIT, EIT และ OIT ไม่น้อยกว่า 95",
    )

    objects = RatingBandManager()

    class Meta:
        verbose_name = "เกณฑ์ผลการประเมินเชิงคุณภาพ"
        verbose_name_plural = "เกณฑ์ผลการประเมินเชิงคุณภาพ (Rating Score)"
        ordering = ["year", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "order"],
                name="rating_band_unique_order",
                violation_error_message="ปีนี้มีเกณฑ์ลำดับนี้แล้ว",
            )
        ]

    def __str__(self) -> str:
        return self.label

    def natural_key(self) -> tuple[int, int]:
        return (self.year.year, self.order)

    natural_key.dependencies = ["assessments.assessmentyear"]


class AssessmentResult(models.Model):
    """An agency's ITA result for one year, as published by NACC's ITAS, plus its analysis."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="results", verbose_name="หน่วยงาน"
    )
    year = models.ForeignKey(
        AssessmentYear, on_delete=models.PROTECT, related_name="results", verbose_name="ปี"
    )
    iit = score_field("คะแนน IIT", null=True, blank=True)
    eit = score_field(
        "คะแนน EIT",
        null=True,
        blank=True,
        help_text="ปีที่แบ่ง EIT เป็นสองส่วน เว้นว่างได้ ระบบคำนวณจากค่าเฉลี่ยของสองส่วน",
    )
    eit_part1 = score_field("EIT ส่วนที่ 1", null=True, blank=True)
    eit_part2 = score_field("EIT ส่วนที่ 2", null=True, blank=True)
    oit = score_field("คะแนน OIT", null=True, blank=True)
    official_total = score_field(
        "คะแนนรวมตามประกาศ ป.ป.ช.",
        null=True,
        blank=True,
        help_text="ถ้ากรอก ระบบจะเตือนเมื่อคะแนนที่คำนวณได้ต่างจากคะแนนนี้เกิน 0.01",
    )
    preface = models.TextField("คำนำ / บทสรุป", blank=True)
    iit_notes = models.TextField("ประเด็นที่ควรพัฒนา (IIT)", blank=True)
    eit_notes = models.TextField("ประเด็นที่ควรพัฒนา (EIT)", blank=True)
    oit_notes = models.TextField("ประเด็นที่ควรพัฒนา (OIT)", blank=True)
    # Optimistic locking: a save names the version it started from.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="แก้ไขโดย",
    )

    class Meta:
        verbose_name = "ผลการประเมิน"
        verbose_name_plural = "ผลการประเมิน"
        ordering = ["agency", "-year__year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"],
                name="one_result_per_agency_year",
                violation_error_message="หน่วยงานนี้มีผลการประเมินของปีนี้แล้ว",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} ปี {self.year.year}"


class IndicatorScore(models.Model):
    result = models.ForeignKey(
        AssessmentResult, on_delete=models.CASCADE, related_name="indicator_scores"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, verbose_name="ตัวชี้วัด")
    score = score_field("คะแนน")
    suggestion = models.TextField("ข้อเสนอแนะ", blank=True)

    class Meta:
        verbose_name = "คะแนนตัวชี้วัด"
        verbose_name_plural = "คะแนนตัวชี้วัด"
        ordering = ["indicator__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "indicator"], name="one_score_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.score}"


class OITItemScore(models.Model):
    result = models.ForeignKey(
        AssessmentResult, on_delete=models.CASCADE, related_name="oit_scores"
    )
    item = models.ForeignKey(OITItem, on_delete=models.PROTECT, verbose_name="ข้อ OIT")
    score = score_field("คะแนน")
    comment = models.TextField("ความคิดเห็นของผู้ตรวจ", blank=True)

    class Meta:
        verbose_name = "คะแนนข้อ OIT"
        verbose_name_plural = "คะแนนข้อ OIT"
        ordering = ["item__number"]
        constraints = [
            models.UniqueConstraint(fields=["result", "item"], name="one_score_per_oit_item")
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.score}"


class IndicatorSuggestion(models.Model):
    """Library of suggested improvement texts, offered for an indicator's analysis."""

    indicator_number = models.PositiveSmallIntegerField(
        "ตัวชี้วัดที่",
        unique=True,
        validators=[
            MinValueValidator(1, "ลำดับตัวชี้วัดต้องอยู่ระหว่าง 1 ถึง 10"),
            MaxValueValidator(10, "ลำดับตัวชี้วัดต้องอยู่ระหว่าง 1 ถึง 10"),
        ],
        error_messages={"unique": "มีข้อเสนอแนะของตัวชี้วัดนี้แล้ว"},
    )
    text = models.TextField("ข้อเสนอแนะที่แนะนำ")

    class Meta:
        verbose_name = "คลังข้อเสนอแนะรายตัวชี้วัด"
        verbose_name_plural = "คลังข้อเสนอแนะรายตัวชี้วัด"
        ordering = ["indicator_number"]

    def __str__(self) -> str:
        return f"ตัวชี้วัดที่ {self.indicator_number}"
