from django import forms
from django.core.exceptions import ValidationError

from reports.models import ReportPreference
from reports.services import PREFERENCE_FIELDS
from reports.wording import HEADING_MAX_LENGTH, TABLE_LABELS, TABLES, clean_headings

HEADING_PREFIX = "heading__"


def heading_field_name(table: str, column: str) -> str:
    return f"{HEADING_PREFIX}{table}__{column}"


class ReportPreferenceForm(forms.ModelForm):
    """The printing choices, and one box per column heading of every report table
    (empty = today's heading, shown as the placeholder)."""

    class Meta:
        model = ReportPreference
        # column_headings is edited as one box per column (the heading__ fields below).
        fields = [name for name in PREFERENCE_FIELDS if name != "column_headings"]
        widgets = {
            "progress_layout": forms.RadioSelect,
            "iit_label": forms.TextInput(
                attrs={"placeholder": "เช่น แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)"}
            ),
            "eit_label": forms.TextInput(
                attrs={"placeholder": "เช่น แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)"}
            ),
            "oit_label": forms.TextInput(
                attrs={"placeholder": "เช่น แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        saved = self.instance.column_headings or {}
        for table, columns in TABLES.items():
            for column, default in columns:
                self.fields[heading_field_name(table, column)] = forms.CharField(
                    label=" ".join(default.split()),
                    required=False,
                    max_length=HEADING_MAX_LENGTH,
                    initial=(saved.get(table) or {}).get(column, ""),
                    widget=forms.TextInput(attrs={"placeholder": " ".join(default.split())}),
                    error_messages={
                        "max_length": f"หัวตารางต้องยาวไม่เกิน {HEADING_MAX_LENGTH} ตัวอักษร"
                    },
                )

    def choice_fields(self):
        return [self[name] for name in self.Meta.fields]

    def heading_groups(self) -> list[tuple[str, str, list]]:
        """(table, its Thai name, bound heading fields) for the template."""
        return [
            (table, TABLE_LABELS[table],
             [self[heading_field_name(table, column)] for column, _ in columns])
            for table, columns in TABLES.items()
        ]

    def clean(self):
        cleaned = super().clean()
        headings = {
            table: {
                column: cleaned.get(heading_field_name(table, column)) or ""
                for column, _ in columns
            }
            for table, columns in TABLES.items()
        }
        try:
            cleaned["column_headings"] = clean_headings(headings)
        except ValidationError as invalid:
            self.add_error(None, invalid)
        return cleaned

    def preference_values(self) -> dict:
        """What report_preference_save takes: the model's choices and the headings."""
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["column_headings"] = self.cleaned_data["column_headings"]
        return values
