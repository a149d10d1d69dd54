"""Issued documents: a frozen payload, the PDF rendered from it, and register numbers.

Generic: a payload names its own template and print options (see payload.py), so this
app renders reports and memos alike without knowing what they are.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models

from ita_portal.agencies.models import Agency

FROZEN_MESSAGE = "เอกสารที่ออกแล้วแก้ไขหรือลบไม่ได้ หากต้องการแก้ไขให้ออกฉบับใหม่แทน"


def documents_storage():
    """Issued PDFs live in their own storage (never under a public URL)."""
    return storages["documents"]


class RenderStatus(models.TextChoices):
    QUEUED = "queued", "รอคิวสร้างไฟล์"
    RENDERING = "rendering", "กำลังสร้างไฟล์"
    READY = "ready", "พร้อมดาวน์โหลด"
    FAILED = "failed", "สร้างไฟล์ไม่สำเร็จ"


class DocumentFrozen(ValidationError):
    """An issued document was to be changed or deleted."""

    def __init__(self, message: str = FROZEN_MESSAGE):
        super().__init__(message)


class IssuedDocumentQuerySet(models.QuerySet):
    def delete(self):
        raise DocumentFrozen()

    def update(self, **kwargs):
        frozen = set(kwargs) - IssuedDocument.RENDER_FIELDS
        if frozen:
            raise DocumentFrozen()
        return super().update(**kwargs)


class IssuedDocument(models.Model):
    """A report or memo as it was issued: what it printed, and the file printed from it.

    The payload and everything describing the issue never change after creation; only
    the render fields (status, file, hash, size, pages) are filled in once by the render
    task, and a ready file is never replaced. A correction is a new document that
    ``supersedes`` this one.
    """

    #: The only fields written after creation, by the render service.
    RENDER_FIELDS = frozenset(
        {"status", "failure_reason", "file", "sha256", "size", "page_count",
         "rendered_at", "render_attempts", "render_started_at"}
    )

    agency = models.ForeignKey(
        Agency, verbose_name="หน่วยงาน", on_delete=models.PROTECT, related_name="documents"
    )
    #: The fiscal year (B.E.) the document reports on; a number, so this app needs
    #: nothing of the criteria.
    year = models.PositiveSmallIntegerField("ปีงบประมาณ พ.ศ.")
    kind = models.CharField("ชนิดเอกสาร", max_length=30)
    #: Layout and other choices that make two documents of a kind different reports
    #: (e.g. "by_indicator"); "" when the kind has one layout.
    variant = models.CharField("รูปแบบ", max_length=60, blank=True)
    options = models.JSONField("ค่าการพิมพ์", default=dict)
    title = models.CharField("ชื่อเอกสาร", max_length=300)
    filename = models.CharField("ชื่อไฟล์", max_length=250)
    schema_version = models.PositiveSmallIntegerField("รุ่นของโครงสร้างข้อมูล")
    payload = models.JSONField("ข้อมูลที่ตรึงไว้")
    payload_sha256 = models.CharField("SHA-256 ของข้อมูล", max_length=64)
    series = models.CharField("ทะเบียน", max_length=30)
    number = models.PositiveIntegerField("เลขทะเบียน")
    issued_at = models.DateTimeField("ออกเมื่อ")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="ออกโดย", on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )
    #: Who issued it when that person has no account here (a document brought in with
    #: import_ita from another server).
    issued_by_name = models.CharField("ชื่อผู้ออก", max_length=150, blank=True)
    supersedes = models.OneToOneField(
        "self", verbose_name="แทนฉบับ", null=True, blank=True, on_delete=models.PROTECT,
        related_name="superseded_by",
    )

    status = models.CharField(
        "สถานะไฟล์", max_length=12, choices=RenderStatus.choices, default=RenderStatus.QUEUED
    )
    failure_reason = models.TextField("สาเหตุที่สร้างไฟล์ไม่สำเร็จ", blank=True)
    render_attempts = models.PositiveSmallIntegerField("จำนวนครั้งที่สร้างไฟล์", default=0)
    render_started_at = models.DateTimeField("เริ่มสร้างไฟล์เมื่อ", null=True, blank=True)
    file = models.FileField("ไฟล์ PDF", storage=documents_storage, blank=True, max_length=300)
    sha256 = models.CharField("SHA-256 ของไฟล์", max_length=64, blank=True)
    size = models.PositiveIntegerField("ขนาด (ไบต์)", null=True, blank=True)
    page_count = models.PositiveIntegerField("จำนวนหน้า", null=True, blank=True)
    rendered_at = models.DateTimeField("สร้างไฟล์เมื่อ", null=True, blank=True)

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "เอกสารที่ออกแล้ว"
        verbose_name_plural = "เอกสารที่ออกแล้ว"
        ordering = ["-issued_at", "-id"]
        constraints = [
            # The register's last line of defence: a number is never given twice.
            models.UniqueConstraint(
                fields=["agency", "series", "year", "number"], name="document_number_unique"
            ),
            # The same data issued twice as the same report is one document.
            models.UniqueConstraint(
                fields=["agency", "year", "kind", "variant", "payload_sha256"],
                name="document_payload_unique",
            ),
        ]
        indexes = [models.Index(fields=["agency", "year", "kind"], name="document_lookup")]

    def __str__(self) -> str:
        return f"{self.title} (เลขที่ {self.number}/{self.year})"

    def save(self, *args, **kwargs):
        # Integrity guard, not business logic: an existing row may only have its render
        # fields written, and only by naming them.
        if self.pk is not None and not kwargs.get("force_insert"):
            fields = kwargs.get("update_fields")
            if fields is None or set(fields) - self.RENDER_FIELDS:
                raise DocumentFrozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DocumentFrozen()

    @property
    def issuer_name(self) -> str:
        if self.issued_by is None:
            return self.issued_by_name
        return self.issued_by.get_full_name() or self.issued_by.username

    @property
    def is_ready(self) -> bool:
        return self.status == RenderStatus.READY

    @property
    def is_pending(self) -> bool:
        return self.status in (RenderStatus.QUEUED, RenderStatus.RENDERING)


class RegisterCounter(models.Model):
    """The last number given in one register (agency × series × year).

    Taken with SELECT … FOR UPDATE inside the issuing transaction: a rollback gives the
    number back with everything else, so numbers are never skipped nor reused.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    series = models.CharField("ทะเบียน", max_length=30)
    year = models.PositiveSmallIntegerField("ปี พ.ศ.")
    last_number = models.PositiveIntegerField("เลขล่าสุด", default=0)

    class Meta:
        verbose_name = "ทะเบียนเลขที่เอกสาร"
        verbose_name_plural = "ทะเบียนเลขที่เอกสาร"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "series", "year"], name="register_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.series} {self.year}: {self.last_number}"
