import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from ita_portal.agencies.demo import seed_demo
from ita_portal.agencies.models import Agency, Membership, Role, Unit

pytestmark = pytest.mark.django_db

AGENCY_FORM = {
    "name": "เทศบาลเมืองทดสอบ",
    "kind": "town_municipality",
    "district": "เมือง",
    "province": "ลำปาง",
    "address": "",
    "phone": "",
    "website": "",
    "document_prefix": "ลป ๕๒๐๐๐",
    "units-TOTAL_FORMS": 0,
    "units-INITIAL_FORMS": 0,
}


def test_duplicate_agency_code_gets_a_thai_message_and_saves_nothing(admin_client, demo):
    before = Agency.objects.count()
    response = admin_client.post(
        reverse("admin:agencies_agency_add"), {**AGENCY_FORM, "code": "tha-nam-sai"}
    )
    assert response.status_code == 200
    assert "รหัสหน่วยงานนี้มีผู้ใช้แล้ว กรุณาใช้รหัสอื่น" in response.content.decode()
    assert Agency.objects.count() == before


def test_agency_with_units_is_saved_in_one_go(admin_client):
    response = admin_client.post(
        reverse("admin:agencies_agency_add"),
        {
            **AGENCY_FORM,
            "code": "mueang-thotsop",
            "units-TOTAL_FORMS": 2,
            "units-0-name": "สำนักปลัดเทศบาล",
            "units-0-order": 1,
            "units-1-name": "",
            "units-1-order": "0",
        },
    )
    assert response.status_code == 302
    agency = Agency.objects.get(code="mueang-thotsop")
    assert list(agency.units.values_list("name", flat=True)) == ["สำนักปลัดเทศบาล"]


def test_duplicate_unit_names_in_one_agency_are_rejected(demo):
    unit = Unit(agency=demo["agency"], name="กองคลัง")
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "หน่วยงานนี้มีส่วนราชการชื่อนี้แล้ว" in str(error.value)


def test_membership_unit_must_belong_to_the_same_agency(demo):
    membership = Membership(
        user=get_user_model().objects.get(username="demo_officer"),
        agency=demo["agency"],
        role=Role.PALAD,
        position_title="ปลัด",
        unit=Unit.objects.filter(agency=demo["other_agency"]).first(),
    )
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert error.value.message_dict["unit"] == ["ส่วนราชการนี้ไม่ได้อยู่ในหน่วยงานที่เลือก"]


def test_seed_demo_is_idempotent(demo):
    counts = (Agency.objects.count(), Unit.objects.count(), Membership.objects.count())
    seed_demo(with_passwords=True)
    assert (Agency.objects.count(), Unit.objects.count(), Membership.objects.count()) == counts
    assert counts == (2, 9, 6)
    roles = set(Membership.objects.filter(agency=demo["agency"]).values_list("role", flat=True))
    assert roles == set(Role.values)


def test_without_demo_mode_demo_users_cannot_log_in(client, demo):
    seed_demo(with_passwords=False)
    request = RequestFactory().post("/accounts/login/")  # django-axes needs the request
    assert not client.login(request=request, username="demo_officer", password=demo["password"])
    assert not get_user_model().objects.get(username="demo_admin").has_usable_password()
