"""The memo (บันทึกข้อความ) that sends a report up the chain, and the chain itself.

An agency configures its chain once (ChainStep rows: who gives an opinion, in what order,
who decides). Submitting a memo copies the chain into the memo's own ApprovalStep rows for
that submission round, so a later change of the chain never rewrites a memo under way, and
opinions of a returned round stay as history.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency, Role
from ita_portal.documents.models import IssuedDocument


class StepKind(models.TextChoices):
    OPINION = "opinion", "ความเห็น"
    DECISION = "decision", "คำสั่ง (อนุมัติ/ไม่อนุมัติ)"


OPINION_CHOICES = ["เพื่อโปรดทราบ", "เพื่อโปรดพิจารณาอนุมัติ", "อื่น ๆ"]
DECISION_CHOICES = ["อนุมัติ", "ไม่อนุมัติ", "อื่น ๆ"]
OTHER_CHOICE = "อื่น ๆ"


def choices_for(kind: str) -> list[str]:
    return DECISION_CHOICES if kind == StepKind.DECISION else OPINION_CHOICES


class Acting(models.TextChoices):
    NONE = "", "ผู้ดำรงตำแหน่ง"
    ACTING = "รักษาราชการแทน", "รักษาราชการแทน"
    ON_BEHALF = "ปฏิบัติราชการแทน", "ปฏิบัติราชการแทน"


class ChainStep(models.Model):
    """One step of an agency's approval chain, held by a role or by a named person."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="chain_steps", verbose_name="หน่วยงาน"
    )
    order = models.PositiveSmallIntegerField("ลำดับ")
    heading = models.CharField(
        "หัวข้อที่พิมพ์", max_length=200, help_text="เช่น ความเห็นหัวหน้าสำนักปลัด, คำสั่ง นายก อบต."
    )
    kind = models.CharField("ชนิด", max_length=10, choices=StepKind.choices)
    role = models.CharField(
        "บทบาทผู้พิจารณา", max_length=20, choices=Role.choices, blank=True,
        help_text="ผู้ที่มีบทบาทนี้ในหน่วยงานคนใดก็ได้ (หรือระบุชื่อบุคคลแทน)",
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="ผู้พิจารณา (ระบุชื่อ)",
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="ผู้รักษาราชการแทน/ปฏิบัติราชการแทน",
    )
    deputy_acting = models.CharField(
        "ฐานะของผู้แทน", max_length=20, choices=Acting.choices, blank=True
    )

    class Meta:
        verbose_name = "ขั้นตอนการเสนอ"
        verbose_name_plural = "ขั้นตอนการเสนอ"
        ordering = ["agency", "order"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "order"], name="chain_step_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.heading}"


class MemoState(models.TextChoices):
    DRAFT = "draft", "ร่าง"
    IN_REVIEW = "in_review", "รอพิจารณา"
    DECIDED = "decided", "พิจารณาแล้ว"


class Memo(models.Model):
    """An internal memo carrying one report of an agency-year up the chain."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="memos", verbose_name="หน่วยงาน"
    )
    year = models.ForeignKey(
        AssessmentYear, on_delete=models.PROTECT, related_name="+", verbose_name="ปีงบประมาณ"
    )
    #: The report carried: kind (analysis, plan, progress) and its printing choices.
    report_kind = models.CharField("รายงานที่เสนอ", max_length=20)
    report_layout = models.CharField("รูปแบบรายงาน", max_length=30, blank=True)
    report_round = models.CharField("รอบรายงาน", max_length=20, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name="ผู้เสนอ", null=True, blank=True,
    )
    state = models.CharField(
        "สถานะ", max_length=12, choices=MemoState.choices, default=MemoState.DRAFT
    )

    unit = models.CharField("ส่วนราชการ", max_length=200)
    phone = models.CharField("โทร.", max_length=50, blank=True)
    reference = models.CharField("ที่ (รหัสหนังสือ)", max_length=30, blank=True)
    subject = models.CharField("เรื่อง", max_length=300)
    salutation = models.CharField("เรียน", max_length=200)
    numbered = models.BooleanField("แบ่งเป็นหัวข้อ ๑. ๒. ๓.", default=True)
    background = models.TextField("๑. เรื่องเดิม", blank=True)
    facts = models.TextField("๒. ข้อเท็จจริง", blank=True)
    proposal = models.TextField("๓. ข้อเสนอ/ข้อพิจารณา", blank=True)
    include_scores = models.BooleanField("แสดงตารางคะแนนในข้อเท็จจริง", default=True)
    closing = models.CharField(
        "ข้อความปิดท้าย", max_length=200, default="จึงเรียนมาเพื่อโปรดพิจารณา"
    )
    proposer_name = models.CharField("ชื่อผู้เสนอ (พิมพ์ในวงเล็บ)", max_length=150)
    proposer_position = models.CharField("ตำแหน่งผู้เสนอ", max_length=200)
    thai_digits = models.BooleanField("ใช้เลขไทย", default=True)

    #: The submission round: 1 at first submission, +1 each time it comes back.
    round = models.PositiveSmallIntegerField("ครั้งที่เสนอ", default=0)
    return_reason = models.TextField("เหตุผลที่ส่งคืน", blank=True)
    report_document = models.ForeignKey(
        IssuedDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="รายงานที่แนบ (ฉบับที่ออกแล้ว)",
    )
    submitted_at = models.DateTimeField("เสนอเมื่อ", null=True, blank=True)
    #: The scores table as it was at submission (printed in ข้อเท็จจริง).
    score_lines = models.JSONField("ตารางคะแนนที่ตรึงไว้", null=True, blank=True)

    decision = models.CharField("ผลการพิจารณา", max_length=20, blank=True)
    decided_at = models.DateTimeField("พิจารณาเมื่อ", null=True, blank=True)
    number = models.PositiveIntegerField("เลขที่", null=True, blank=True)
    memo_date = models.DateField("วันที่ของบันทึก", null=True, blank=True)
    document = models.OneToOneField(
        IssuedDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="memo",
        verbose_name="บันทึกฉบับที่ออกแล้ว",
    )
    #: A memo brought in from paper or another server (import_ita): its texts are kept.
    imported = models.BooleanField("นำเข้าจากไฟล์", default=False)
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    class Meta:
        verbose_name = "บันทึกข้อความ"
        verbose_name_plural = "บันทึกข้อความ"
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["agency", "state"], name="memo_agency_state")]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"],
                condition=models.Q(number__isnull=False),
                name="memo_number_unique",
            )
        ]

    def __str__(self) -> str:
        return self.subject

    def clean(self) -> None:
        errors = {}
        if not self.subject.strip():
            errors["subject"] = "กรุณากรอกเรื่อง"
        if not self.salutation.strip():
            errors["salutation"] = "กรุณากรอกคำขึ้นต้น (เรียน …)"
        if errors:
            raise ValidationError(errors)

    @property
    def is_draft(self) -> bool:
        return self.state == MemoState.DRAFT

    @property
    def is_in_review(self) -> bool:
        return self.state == MemoState.IN_REVIEW

    @property
    def is_decided(self) -> bool:
        return self.state == MemoState.DECIDED

    @property
    def state_label(self) -> str:
        if self.is_decided:
            return self.decision or self.get_state_display()
        if self.is_draft and self.return_reason:
            return "ส่งคืนแก้ไข"
        return self.get_state_display()


class ApprovalStep(models.Model):
    """One step of one submission of a memo: who holds it and, once acted, what they said.

    The acting fields keep the name and position as printed at the time, so a person's later
    change of title or departure never changes a memo already signed.
    """

    memo = models.ForeignKey(
        Memo, on_delete=models.CASCADE, related_name="steps", verbose_name="บันทึกข้อความ"
    )
    round = models.PositiveSmallIntegerField("ครั้งที่เสนอ")
    order = models.PositiveSmallIntegerField("ลำดับ")
    heading = models.CharField("หัวข้อที่พิมพ์", max_length=200)
    kind = models.CharField("ชนิด", max_length=10, choices=StepKind.choices)
    role = models.CharField("บทบาทผู้พิจารณา", max_length=20, choices=Role.choices, blank=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="ผู้พิจารณา (ระบุชื่อ)",
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="ผู้แทน",
    )
    deputy_acting = models.CharField("ฐานะของผู้แทน", max_length=20, blank=True)

    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="ผู้พิจารณา",
    )
    acted_at = models.DateTimeField("พิจารณาเมื่อ", null=True, blank=True)
    #: "forwarded" (an opinion given), "returned", "decided"; "" while waiting.
    outcome = models.CharField("ผล", max_length=12, blank=True)
    choice = models.CharField("ตัวเลือก", max_length=40, blank=True)
    note = models.TextField("ความเห็น/หมายเหตุ", blank=True)
    actor_name = models.CharField("ชื่อ (พิมพ์ในวงเล็บ)", max_length=150, blank=True)
    actor_position = models.CharField("ตำแหน่ง", max_length=200, blank=True)
    acting = models.CharField("ฐานะ", max_length=20, blank=True)
    acting_for = models.CharField("แทนตำแหน่ง", max_length=200, blank=True)

    class Meta:
        verbose_name = "ขั้นตอนการพิจารณา"
        verbose_name_plural = "ขั้นตอนการพิจารณา"
        ordering = ["memo", "round", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["memo", "round", "order"], name="approval_step_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.memo} · {self.heading}"

    @property
    def is_waiting(self) -> bool:
        return not self.outcome


class Signature(models.Model):
    """A person's scanned signature, printed on memos when present (else the typed name)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memo_signature",
        verbose_name="ผู้ใช้",
    )
    image = models.ImageField("ภาพลายมือชื่อ", upload_to="signatures/")
    updated_at = models.DateTimeField("ปรับปรุงเมื่อ", auto_now=True)

    class Meta:
        verbose_name = "ลายมือชื่อ"
        verbose_name_plural = "ลายมือชื่อ"

    def __str__(self) -> str:
        return str(self.user)


class MemoSettings(models.Model):
    """An agency's memo defaults: its own emblem image (the 1.5 cm slot, top left)."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="memo_settings", verbose_name="หน่วยงาน"
    )
    emblem = models.ImageField("ตราสัญลักษณ์", upload_to="emblems/", blank=True)

    class Meta:
        verbose_name = "ค่าบันทึกข้อความของหน่วยงาน"
        verbose_name_plural = "ค่าบันทึกข้อความของหน่วยงาน"

    def __str__(self) -> str:
        return str(self.agency)
