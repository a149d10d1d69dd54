from django import forms

from reports.models import ReportPreference


class ReportPreferenceForm(forms.ModelForm):
    class Meta:
        model = ReportPreference
        fields = ["progress_layout", "thai_digits", "with_cover"]
        widgets = {"progress_layout": forms.RadioSelect}
