from pathlib import Path

from django import forms

from assessments.models import AssessmentYear
from ita_portal import forms as ita_forms
from ita_portal.agencies.models import Agency
from ita_portal.thai import MAX_ID
from measures.models import TITLE_MAX_LENGTH, TITLE_TOO_LONG, Measure, MeasureEvidence, RoundKind
from measures.services import TEXT_FIELDS

ALLOWED_EVIDENCE = {
    # extension: magic prefixes the file must start with
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".ppt": (b"\xd0\xcf\x11\xe0",),
}
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


class MeasureFilterForm(forms.Form):
    """The measure list's filters from the query string; a value not understood is ignored."""

    unit = ita_forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    def unit_id(self) -> int | None:
        return self.cleaned_data.get("unit") if self.is_valid() else None


def chosen_ids(values: list[str]) -> list[int]:
    """The ids posted (e.g. ticked suggestions), each read by a number field; others dropped."""
    field = ita_forms.IntegerField(min_value=1, max_value=MAX_ID)
    ids = []
    for value in values:
        try:
            ids.append(field.clean(value))
        except forms.ValidationError:
            continue
    return ids


class MeasureForm(forms.ModelForm):
    version = ita_forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Measure
        fields = [*TEXT_FIELDS, "indicators", "oit_items", "units"]
        field_classes = {
            "indicators": ita_forms.ModelMultipleChoiceField,
            "oit_items": ita_forms.ModelMultipleChoiceField,
            "units": ita_forms.ModelMultipleChoiceField,
            "period_start": ita_forms.ThaiDateField,
            "period_end": ita_forms.ThaiDateField,
        }
        widgets = {
            "indicators": forms.CheckboxSelectMultiple,
            "units": forms.CheckboxSelectMultiple,
            "oit_items": forms.SelectMultiple(attrs={"size": 8}),
            "status": forms.RadioSelect,
            "group_label": forms.TextInput(attrs={"placeholder": "เว้นว่าง = ใช้ตัวชี้วัดแรก"}),
            "weakness": forms.Textarea(attrs={"rows": 2}),
            "title": forms.Textarea(attrs={"rows": 2}),
            "steps": forms.Textarea(attrs={"rows": 4}),
            "monitoring": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "problems": forms.Textarea(attrs={"rows": 2}),
            "suggestions": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "title": {"required": "กรุณากรอกมาตรการ/แนวทาง", "max_length": TITLE_TOO_LONG},
        }
        help_texts = {
            "period_start": "วัน/เดือน/ปี พ.ศ. เช่น 1/10/2567",
            "period_end": "วัน/เดือน/ปี พ.ศ. เช่น 30/9/2568",
            "period_text": "เว้นว่างได้: รายงานพิมพ์ช่วงเดือนจากวันเริ่มและวันสิ้นสุด "
            "เช่น ต.ค. 2566 – มี.ค. 2567",
        }

    def __init__(self, *args, agency: Agency, year: AssessmentYear, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = year.indicators.order_by("number")
        self.fields["indicators"].label_from_instance = lambda i: f"{i.number}. {i.name}"
        self.fields["oit_items"].queryset = year.oit_items.order_by("number")
        self.fields["oit_items"].label_from_instance = lambda i: f"{i.code} {i.title}"
        self.fields["units"].queryset = agency.units.all()
        for name in ("indicators", "oit_items", "units"):
            self.fields[name].error_messages["invalid_choice"] = (
                "ตัวเลือก %(value)s ไม่อยู่ในรายการของหน่วยงานและปีนี้"
            )
            self.fields[name].error_messages["invalid_pk_value"] = (
                "ตัวเลือก %(pk)s ไม่อยู่ในรายการของหน่วยงานและปีนี้"
            )
        # No maxlength on the box: a browser cuts a pasted text there without a word; the
        # server's message keeps what was typed.
        self.fields["title"].widget.attrs.pop("maxlength", None)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("กรุณากรอกมาตรการ/แนวทาง")
        return title


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Measure._meta.get_field("status").choices)


class MoveForm(forms.Form):
    direction = forms.TypedChoiceField(choices=[("-1", "ขึ้น"), ("1", "ลง")], coerce=int)


class RoundForm(forms.Form):
    kind = forms.ChoiceField(
        label="รอบการรายงาน",
        choices=RoundKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class EvidenceForm(forms.ModelForm):
    url = forms.URLField(
        label="ลิงก์",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "กรุณากรอกที่อยู่เว็บไซต์ให้ถูกต้อง เช่น https://…"},
    )

    class Meta:
        model = MeasureEvidence
        fields = ["title", "url", "file"]
        error_messages = {"title": {"required": "กรุณาตั้งชื่อหลักฐาน"}}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        extension = Path(upload.name).suffix.lower()
        if extension not in ALLOWED_EVIDENCE:
            raise forms.ValidationError(
                "รับเฉพาะไฟล์ PDF รูปภาพ (JPG, PNG) และเอกสารสำนักงาน (DOC, DOCX, XLS, XLSX, "
                "PPT, PPTX, ODT, ODS)"
            )
        if upload.size > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError("ไฟล์ใหญ่เกิน 10 MB")
        head = upload.read(8)
        upload.seek(0)
        if not head.startswith(ALLOWED_EVIDENCE[extension]):
            raise forms.ValidationError("เนื้อหาไฟล์ไม่ตรงกับนามสกุลไฟล์")
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("url") and not cleaned.get("file") and not self.errors:
            raise forms.ValidationError("กรุณาแนบไฟล์หรือใส่ลิงก์อย่างใดอย่างหนึ่ง")
        return cleaned


class OwnSuggestionForm(forms.Form):
    """An agency's own entry in the measure library, for one of its weak indicators."""

    indicator_number = forms.TypedChoiceField(
        label="ตัวชี้วัด",
        coerce=int,
        error_messages={"invalid_choice": "กรุณาเลือกตัวชี้วัดจากรายการ"},
    )
    title = forms.CharField(
        label="มาตรการ/แนวทาง",
        # An entry of the library becomes a measure's title: the same cap.
        max_length=TITLE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "กรุณากรอกมาตรการ/แนวทาง", "max_length": TITLE_TOO_LONG},
    )
    steps = forms.CharField(
        label="ขั้นตอนหรือวิธีการปฏิบัติ", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_number"].choices = [(n, f"ตัวชี้วัดที่ {n}") for n in numbers]
        self.fields["title"].widget.attrs.pop("maxlength", None)  # as MeasureForm's title
