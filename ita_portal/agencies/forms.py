from django import forms

from ita_portal.agencies.models import Membership, Role, Unit


class MemberInviteForm(forms.Form):
    email = forms.EmailField(label="อีเมล", max_length=254,
                             error_messages={"invalid": "อีเมลไม่ถูกต้อง",
                                             "required": "กรุณากรอกอีเมล"})
    first_name = forms.CharField(label="ชื่อ", max_length=150)
    last_name = forms.CharField(label="นามสกุล", max_length=150)
    role = forms.ChoiceField(label="บทบาท", choices=Role.choices)
    position_title = forms.CharField(
        label="ตำแหน่ง (พิมพ์ใต้ลายมือชื่อ)", required=False,
        max_length=Membership._meta.get_field("position_title").max_length,
    )
    unit = forms.ModelChoiceField(label="ส่วนราชการ", queryset=Unit.objects.none(),
                                  required=False, empty_label="(ไม่ระบุ)")

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this agency's units can be chosen: another id is "not one of the choices".
        self.fields["unit"].queryset = Unit.objects.filter(agency=agency)
