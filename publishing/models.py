"""What the public sees: a published version of an issued document.

Publishing never touches the IssuedDocument: a Publication points at it and carries the
signed file the public downloads. A published version never changes; a correction is a
new Publication (of a newer issued document of the same report) that supersedes it, with
a reason; unpublishing hides a version from the public with a reason and keeps the row.
"""

from django.conf import settings
from django.db import models

from ita_portal.agencies.models import Agency
from ita_portal.documents.models import IssuedDocument, documents_storage


class PublicationStatus(models.TextChoices):
    PUBLISHED = "published", "เผยแพร่"
    UNPUBLISHED = "unpublished", "ยกเลิกการเผยแพร่"


class Publication(models.Model):
    document = models.OneToOneField(
        IssuedDocument, on_delete=models.PROTECT, related_name="publication",
        verbose_name="เอกสารที่ออกแล้ว",
    )
    # Copied from the document so public pages filter without joining it.
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="publications", verbose_name="หน่วยงาน"
    )
    year = models.PositiveSmallIntegerField("ปีงบประมาณ พ.ศ.")
    kind = models.CharField("ชนิดเอกสาร", max_length=30)
    variant = models.CharField("รูปแบบ", max_length=60, blank=True)
    title = models.CharField("ชื่อเอกสาร", max_length=300)
    #: 1, 2, … per report (agency, year, kind, variant).
    version = models.PositiveSmallIntegerField("ฉบับที่")
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by",
        verbose_name="แทนฉบับ",
    )
    reason = models.TextField("เหตุผลของฉบับแก้ไข", blank=True)
    published_at = models.DateTimeField("เผยแพร่เมื่อ")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="เผยแพร่โดย",
    )
    status = models.CharField(
        "สถานะ", max_length=12, choices=PublicationStatus.choices,
        default=PublicationStatus.PUBLISHED,
    )
    unpublished_at = models.DateTimeField("ยกเลิกเมื่อ", null=True, blank=True)
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="ยกเลิกโดย",
    )
    unpublish_reason = models.TextField("เหตุผลที่ยกเลิกการเผยแพร่", blank=True)

    #: The file the public downloads: the issued payload rendered as PDF/A and signed.
    file = models.FileField("ไฟล์ที่ลงนาม", storage=documents_storage, blank=True, max_length=300)
    sha256 = models.CharField("SHA-256 ของไฟล์ที่ลงนาม", max_length=64, blank=True)
    size = models.PositiveIntegerField("ขนาด (ไบต์)", null=True, blank=True)
    signer = models.CharField("ผู้ลงนามดิจิทัล", max_length=300, blank=True)

    class Meta:
        verbose_name = "เอกสารที่เผยแพร่"
        verbose_name_plural = "เอกสารที่เผยแพร่"
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "kind", "variant", "version"],
                name="publication_version_unique",
            )
        ]
        indexes = [
            models.Index(fields=["agency", "year", "status"], name="publication_public"),
            models.Index(fields=["sha256"], name="publication_sha"),
            models.Index(fields=["year", "kind", "status"], name="publication_year_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (ฉบับที่ {self.version})"

    @property
    def is_public(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED


class OITPage(models.Model):
    """An agency-year's public OIT page (every O-item with the links of its readiness
    board), shown only while the agency has it published."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="oit_pages", verbose_name="หน่วยงาน"
    )
    year = models.PositiveSmallIntegerField("ปีงบประมาณ พ.ศ.")
    published_at = models.DateTimeField("เผยแพร่เมื่อ", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="เผยแพร่โดย",
    )
    is_public = models.BooleanField("เผยแพร่อยู่", default=False)

    class Meta:
        verbose_name = "หน้าข้อมูล OIT สาธารณะ"
        verbose_name_plural = "หน้าข้อมูล OIT สาธารณะ"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="oit_page_unique")
        ]

    def __str__(self) -> str:
        return f"OIT {self.agency} {self.year}"
