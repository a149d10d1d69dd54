from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

from ita_portal.agencies.models import Agency, Role
from ita_portal.forms import IntegerField, ModelChoiceField
from memos.models import Acting, Memo, StepKind, choices_for
from memos.services import MEMO_FIELDS

#: Pictures people upload for print: small PNG or JPEG only.
IMAGE_MAX_BYTES = 300 * 1024
IMAGE_TYPES = {"PNG", "JPEG"}


class MemoForm(forms.ModelForm):
    class Meta:
        model = Memo
        fields = list(MEMO_FIELDS)
        widgets = {
            "background": forms.Textarea(attrs={"rows": 5}),
            "facts": forms.Textarea(attrs={"rows": 6}),
            "proposal": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "background": "แต่ละบรรทัดพิมพ์เป็นหนึ่งย่อหน้า",
            "numbered": "ไม่เลือก: พิมพ์เป็นย่อหน้าต่อเนื่องโดยไม่มีหัวข้อ",
            "reference": "รหัสพยัญชนะและเลขประจำของหน่วยงาน เลขที่หนังสือจะได้เมื่อได้รับการสั่งการ",
        }
        error_messages = {
            "subject": {"required": "กรุณากรอกเรื่อง"},
            "salutation": {"required": "กรุณากรอกคำขึ้นต้น (เรียน …)"},
            "unit": {"required": "กรุณากรอกส่วนราชการ"},
            "proposer_name": {"required": "กรุณากรอกชื่อผู้เสนอ"},
            "proposer_position": {"required": "กรุณากรอกตำแหน่งผู้เสนอ"},
        }

    def clean(self):
        data = super().clean()
        if not any(data.get(name, "").strip() for name in ("background", "facts", "proposal")):
            raise ValidationError("กรุณาพิมพ์ข้อความของบันทึกอย่างน้อยหนึ่งหัวข้อ")
        return data


class ActForm(forms.Form):
    """One holder's action on the current step, for the step they saw."""

    step = IntegerField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(
        label="ความเห็น/คำสั่ง", widget=forms.RadioSelect,
        error_messages={"required": "กรุณาเลือกความเห็นหรือคำสั่ง",
                        "invalid_choice": "กรุณาเลือกจากตัวเลือกที่มี"},
    )
    note = forms.CharField(
        label="ข้อความ", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "ข้อความยาวได้ไม่เกิน %(limit_value)d ตัวอักษร"},
    )

    def __init__(self, *args, step_kind: str = StepKind.OPINION, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [(c, c) for c in choices_for(step_kind)]


class ReturnForm(forms.Form):
    step = IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="เหตุผลที่ส่งคืนให้แก้ไข", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "กรุณาระบุเหตุผลที่ส่งคืนให้แก้ไข",
                        "max_length": "ข้อความยาวได้ไม่เกิน %(limit_value)d ตัวอักษร"},
    )


def member_choices(agency: Agency):
    return (
        get_user_model()
        .objects.filter(memberships__agency=agency, is_active=True)
        .distinct()
        .order_by("first_name", "username")
    )


class ChainStepForm(forms.Form):
    heading = forms.CharField(
        label="หัวข้อที่พิมพ์", max_length=200,
        error_messages={"required": "กรุณากรอกหัวข้อที่พิมพ์",
                        "max_length": "ยาวได้ไม่เกิน %(limit_value)d ตัวอักษร"},
    )
    # A blank first choice, so the empty row for a new step stays unchanged (skipped).
    kind = forms.ChoiceField(
        label="ชนิด", choices=[("", "— เลือก —"), *StepKind.choices],
        error_messages={"required": "กรุณาเลือกชนิดของขั้นตอน"},
    )
    role = forms.ChoiceField(
        label="บทบาท", required=False, choices=[("", "— ระบุชื่อบุคคลแทน —"), *Role.choices]
    )
    holder = ModelChoiceField(label="หรือผู้พิจารณา (ระบุชื่อ)", queryset=None, required=False)
    deputy = ModelChoiceField(label="ผู้แทน (ถ้ามี)", queryset=None, required=False)
    deputy_acting = forms.ChoiceField(label="ฐานะของผู้แทน", choices=Acting.choices, required=False)

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        people = member_choices(agency)
        for name in ("holder", "deputy"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = lambda u: u.get_full_name() or u.username


class BaseChainFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "agency": self.agency}

    def __init__(self, *args, agency: Agency, **kwargs):
        self.agency = agency
        super().__init__(*args, **kwargs)

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"),
            empty_permitted=True, use_required_attribute=False, agency=self.agency,
        )
        self.add_fields(form, None)
        return form


ChainFormSet = forms.formset_factory(
    ChainStepForm, formset=BaseChainFormSet, extra=1, can_delete=True, max_num=10,
    validate_max=True,
)


def chain_initial(chain: list) -> list[dict]:
    """The formset's rows: the saved chain, or the usual one (ChainStep or ChainStepData)."""
    return [
        {"heading": s.heading, "kind": s.kind, "role": s.role, "holder": s.holder,
         "deputy": s.deputy, "deputy_acting": s.deputy_acting}
        for s in chain
    ]


def _check_image(upload) -> None:
    if upload.size > IMAGE_MAX_BYTES:
        raise ValidationError(f"ไฟล์ภาพต้องมีขนาดไม่เกิน {IMAGE_MAX_BYTES // 1024} KB")
    try:
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError("ไฟล์นี้ไม่ใช่ภาพ PNG หรือ JPEG ที่เปิดได้") from error
    finally:
        upload.seek(0)
    if kind not in IMAGE_TYPES:
        raise ValidationError("รองรับเฉพาะภาพ PNG หรือ JPEG")


class ImageUploadForm(forms.Form):
    image = forms.FileField(
        label="ไฟล์ภาพ (PNG หรือ JPEG ไม่เกิน 300 KB)", required=False,
        error_messages={"invalid": "ไฟล์ที่ส่งมาไม่ถูกต้อง", "empty": "ไฟล์ว่างเปล่า"},
    )
    remove = forms.BooleanField(label="ลบภาพเดิม", required=False)

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload:
            _check_image(upload)
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("image") and not data.get("remove") and not self.errors:
            raise ValidationError("กรุณาเลือกไฟล์ภาพ หรือเลือกลบภาพเดิม")
        return data
