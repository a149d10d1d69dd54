from decimal import Decimal

from django import forms

from assessments.models import AssessmentResult, AssessmentYear, OITScoring
from assessments.services import TEXT_FIELDS, TOOL_FIELDS, ResultInput, result_input_errors
from ita_portal import forms as ita_forms

SCORE_ERRORS = {
    "required": "กรุณากรอกคะแนน",
    "invalid": "กรุณากรอกคะแนนเป็นตัวเลข เช่น 95.35",
    "min_value": "คะแนนต้องไม่น้อยกว่า 0",
    "max_value": "คะแนนต้องไม่เกิน 100",
    "max_digits": "คะแนนต้องอยู่ระหว่าง 0 ถึง 100",
    "max_whole_digits": "คะแนนต้องอยู่ระหว่าง 0 ถึง 100",
    "max_decimal_places": "คะแนนมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง",
}


def score_field(label: str, *, all_or_nothing: bool = False) -> forms.DecimalField:
    widget = (
        forms.Select(
            # Values as the database returns them, so a saved score shows as selected.
            choices=[("", "—"), ("100.00", "100"), ("0.00", "0")],
            attrs={"class": "form-select form-select-sm"},
        )
        if all_or_nothing
        else forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    )
    return ita_forms.DecimalField(
        label=label,
        required=False,
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        error_messages=SCORE_ERRORS,
        widget=widget,
    )


def text_field(label: str, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows})
    )


TOOL_LABELS = {
    "iit": "IIT",
    "eit": "EIT",
    "eit_part1": "EIT ส่วนที่ 1",
    "eit_part2": "EIT ส่วนที่ 2",
    "oit": "OIT",
    "official_total": "คะแนนรวมตามประกาศ",
}
TEXT_LABELS = {
    "preface": "คำนำ / บทสรุปผลการประเมิน",
    "iit_notes": "ประเด็นที่ควรพัฒนา: IIT",
    "eit_notes": "ประเด็นที่ควรพัฒนา: EIT",
    "oit_notes": "ประเด็นที่ควรพัฒนา: OIT",
}


class ResultForm(forms.Form):
    """The whole agency-year result on one page: tool totals, indicators, O-items, texts."""

    version = ita_forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, year: AssessmentYear, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        for name in TOOL_FIELDS:
            if name.startswith("eit_part") and not year.eit_has_parts:
                continue
            self.fields[name] = score_field(TOOL_LABELS[name])
        self.indicators = list(year.indicators.select_related("tool").order_by("number"))
        for indicator in self.indicators:
            self.fields[f"ind_{indicator.number}"] = score_field(f"ตัวชี้วัดที่ {indicator.number}")
            self.fields[f"ind_{indicator.number}_suggestion"] = text_field("ข้อเสนอแนะ", rows=2)
        self.items = list(year.oit_items.select_related("sub_indicator").order_by("number"))
        binary = year.oit_scoring == OITScoring.ALL_OR_NOTHING
        for item in self.items:
            self.fields[f"oit_{item.number}"] = score_field(item.code, all_or_nothing=binary)
            self.fields[f"oit_{item.number}_comment"] = text_field("ความคิดเห็น", rows=1)
        for name in TEXT_FIELDS:
            self.fields[name] = text_field(TEXT_LABELS[name], rows=4)

    @staticmethod
    def initial_for(
        year: AssessmentYear, result: AssessmentResult | None, library: dict[int, str]
    ) -> dict:
        """Initial values: the saved result, with library suggestions where none was written."""
        initial: dict = {f"ind_{n}_suggestion": text for n, text in library.items()}
        if result is None:
            return initial
        initial["version"] = result.version
        for name in (*TOOL_FIELDS, *TEXT_FIELDS):
            initial[name] = getattr(result, name)
        for score in result.indicator_scores.select_related("indicator"):
            initial[f"ind_{score.indicator.number}"] = score.score
            if score.suggestion:
                initial[f"ind_{score.indicator.number}_suggestion"] = score.suggestion
        for score in result.oit_scores.select_related("item"):
            initial[f"oit_{score.item.number}"] = score.score
            initial[f"oit_{score.item.number}_comment"] = score.comment
        return initial

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.errors:
            for name, messages in result_input_errors(self.year, self.to_input()).items():
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
        return cleaned

    def to_input(self) -> ResultInput:
        data = self.cleaned_data
        return ResultInput(
            tools={name: data.get(name) for name in TOOL_FIELDS},
            texts={name: data.get(name, "") for name in TEXT_FIELDS},
            indicators={
                i.number: (data[f"ind_{i.number}"], data.get(f"ind_{i.number}_suggestion", ""))
                for i in self.indicators
                if data.get(f"ind_{i.number}") is not None
            },
            oit_items={
                i.number: (data[f"oit_{i.number}"], data.get(f"oit_{i.number}_comment", ""))
                for i in self.items
                if data.get(f"oit_{i.number}") is not None
            },
        )

    def conflicts_with(
        self, current: AssessmentResult, library: dict[int, str]
    ) -> list[tuple[str, object, object]]:
        """(label, what this person typed, what is saved now) for every field that differs."""
        saved = self.initial_for(self.year, current, library)
        rows = []
        for name, field in self.fields.items():
            if name == "version":
                continue
            mine = self.cleaned_data.get(name)
            theirs = saved.get(name)
            if (mine in (None, "")) and (theirs in (None, "")):
                continue
            if mine != theirs:
                rows.append((self._conflict_label(name, field), mine, theirs))
        return rows

    def _conflict_label(self, name: str, field: forms.Field) -> str:
        if name.startswith("ind_"):
            number = name.split("_")[1]
            return f"ตัวชี้วัดที่ {number}" + (" (ข้อเสนอแนะ)" if name.endswith("suggestion") else "")
        if name.startswith("oit_"):
            number = name.split("_")[1]
            return f"O{number}" + (" (ความคิดเห็น)" if name.endswith("comment") else "")
        return str(field.label)

    def indicator_rows(self):
        return [
            (i, self[f"ind_{i.number}"], self[f"ind_{i.number}_suggestion"])
            for i in self.indicators
        ]

    def oit_groups(self):
        groups: dict = {}
        for item in self.items:
            groups.setdefault(item.sub_indicator, []).append(
                (item, self[f"oit_{item.number}"], self[f"oit_{item.number}_comment"])
            )
        return list(groups.items())

    def tool_fields(self):
        return [self[name] for name in TOOL_FIELDS if name in self.fields]

    def text_fields(self):
        return [self[name] for name in TEXT_FIELDS]


class ResultCsvUploadForm(forms.Form):
    file = forms.FileField(
        label="ไฟล์ CSV",
        error_messages={"required": "กรุณาเลือกไฟล์ CSV", "empty": "ไฟล์ที่เลือกว่างเปล่า"},
    )

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("ไฟล์ใหญ่เกิน 2 MB ไฟล์คะแนนหนึ่งปีควรมีขนาดไม่กี่ KB")
        return upload


YEAR_ERRORS = {
    "required": "กรุณากรอกปีงบประมาณ (พ.ศ.)",
    "invalid": "กรุณากรอกปีงบประมาณเป็นตัวเลข พ.ศ. เช่น 2570",
    "min_value": "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2570",
    "max_value": "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2570",
}


class CriteriaCopyForm(forms.Form):
    year = ita_forms.IntegerField(
        label="ปีงบประมาณใหม่ (พ.ศ.)", min_value=2550, max_value=2700, error_messages=YEAR_ERRORS
    )


class CriteriaImportForm(forms.Form):
    file = forms.FileField(
        label="ไฟล์เกณฑ์ (.json หรือ .xlsx)",
        error_messages={"required": "กรุณาเลือกไฟล์", "empty": "ไฟล์ว่างเปล่า"},
    )
    year = ita_forms.IntegerField(
        label="ปีที่ต้องการนำเข้า (พ.ศ.)",
        required=False,
        min_value=2550,
        max_value=2700,
        error_messages=YEAR_ERRORS,
        help_text="ถ้ากรอก ระบบจะปฏิเสธไฟล์ของปีอื่น เว้นว่างเพื่อใช้ปีที่ระบุในไฟล์",
    )
