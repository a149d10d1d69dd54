from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower


class AgencyKind(models.TextChoices):
    SAO = "sao", "องค์การบริหารส่วนตำบล (อบต.)"
    SUBDISTRICT_MUNICIPALITY = "tambon_municipality", "เทศบาลตำบล"
    TOWN_MUNICIPALITY = "town_municipality", "เทศบาลเมือง"
    CITY_MUNICIPALITY = "city_municipality", "เทศบาลนคร"
    PAO = "pao", "องค์การบริหารส่วนจังหวัด (อบจ.)"
    OTHER = "other", "อื่น ๆ"


class AgencyManager(models.Manager["Agency"]):
    def get_by_natural_key(self, code: str) -> "Agency":
        return self.get(code=code)


class Agency(models.Model):
    """A local government agency (อปท.) that is assessed each year."""

    code = models.SlugField(
        "รหัสหน่วยงาน",
        max_length=40,
        unique=True,
        help_text="รหัสย่อภาษาอังกฤษ ใช้ในที่อยู่เว็บ เช่น ban-pong",
        error_messages={"unique": "รหัสหน่วยงานนี้มีผู้ใช้แล้ว กรุณาใช้รหัสอื่น"},
    )
    name = models.CharField("ชื่อหน่วยงาน", max_length=200)
    kind = models.CharField("ประเภท", max_length=30, choices=AgencyKind.choices)
    # Optional: some published documents name neither (issue 13).
    district = models.CharField("อำเภอ", max_length=100, blank=True)
    province = models.CharField("จังหวัด", max_length=100, blank=True)
    address = models.TextField("ที่อยู่", blank=True)
    phone = models.CharField("โทรศัพท์", max_length=50, blank=True)
    website = models.URLField("เว็บไซต์", blank=True)
    document_prefix = models.CharField(
        "รหัสหนังสือราชการ",
        max_length=30,
        blank=True,
        help_text="รหัสพยัญชนะและเลขประจำของหน่วยงาน เช่น สฎ ๗๕๑๐๑",
    )

    objects = AgencyManager()

    class Meta:
        verbose_name = "หน่วยงาน"
        verbose_name_plural = "หน่วยงาน"
        ordering = ["province", "name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    @property
    def locality(self) -> str:
        """'อำเภอเชียงของ จังหวัดเชียงราย', only the parts that are known, or ''."""
        parts = []
        if self.district.strip():
            parts.append(f"อำเภอ{self.district.strip()}")
        if self.province.strip():
            parts.append(f"จังหวัด{self.province.strip()}")
        return " ".join(parts)


class Unit(models.Model):
    """A division of an agency (สำนักปลัด, กองคลัง, กองช่าง …)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="units", verbose_name="หน่วยงาน"
    )
    name = models.CharField("ชื่อส่วนราชการ", max_length=150)
    order = models.PositiveSmallIntegerField("ลำดับ", default=0)

    class Meta:
        verbose_name = "ส่วนราชการ"
        verbose_name_plural = "ส่วนราชการ"
        ordering = ["agency", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                "agency",
                Lower("name"),
                name="unit_name_unique_per_agency",
                violation_error_message="หน่วยงานนี้มีส่วนราชการชื่อนี้แล้ว",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OFFICER = "officer", "เจ้าหน้าที่ผู้รับผิดชอบ"
    HEAD_OF_OFFICE = "head_of_office", "หัวหน้าสำนักปลัด"
    PALAD = "palad", "ปลัด"
    EXECUTIVE = "executive", "นายก/ผู้บริหาร"
    AGENCY_ADMIN = "agency_admin", "ผู้ดูแลระบบของหน่วยงาน"


class Membership(models.Model):
    """A person's role in one agency, with the title printed under their signature."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="ผู้ใช้",
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="memberships", verbose_name="หน่วยงาน"
    )
    role = models.CharField("บทบาท", max_length=20, choices=Role.choices)
    position_title = models.CharField(
        "ตำแหน่ง (พิมพ์ใต้ลายมือชื่อ)",
        max_length=200,
        help_text="เช่น ปลัดองค์การบริหารส่วนตำบลบ้านโป่ง",
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="สังกัด",
    )

    class Meta:
        verbose_name = "สมาชิกหน่วยงาน"
        verbose_name_plural = "สมาชิกหน่วยงาน"
        ordering = ["agency", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                name="membership_unique_role",
                violation_error_message="ผู้ใช้นี้มีบทบาทนี้ในหน่วยงานนี้แล้ว",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.agency})"

    def clean(self) -> None:
        if self.unit_id and self.agency_id and self.unit.agency_id != self.agency_id:
            raise ValidationError({"unit": "ส่วนราชการนี้ไม่ได้อยู่ในหน่วยงานที่เลือก"})

