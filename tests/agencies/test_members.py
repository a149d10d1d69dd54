"""An agency admin adds the people of their agency, and can pick nobody else."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ita_portal.agencies.models import Membership, Unit
from ita_portal.agencies.services import MemberInvite, member_invite
from ita_portal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

AGENCY = "thung-ruang-thong"
URL = reverse("agencies:member_add", args=[AGENCY])


def _form(**values) -> dict:
    return {"email": "somchai@example.go.th", "first_name": "สมชาย", "last_name": "ใจดี",
            "role": "officer", "position_title": "นักจัดการงานทั่วไป", "unit": "", **values}


def test_agency_admin_adds_a_person_who_sets_a_first_password(
    demo, login, client, django_capture_on_commit_callbacks
):
    admin = login("demo_agency_admin")
    dashboard = admin.get(reverse("agencies:agency_dashboard", args=[AGENCY])).content.decode()
    assert "เพิ่มผู้ใช้งาน" in dashboard
    unit = Unit.objects.get(agency=demo["agency"], name="กองคลัง")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(URL, _form(unit=unit.pk), follow=True)
    assert "ส่งอีเมลแจ้งไปที่ somchai@example.go.th" in response.content.decode()
    user = get_user_model().objects.get(email="somchai@example.go.th")
    assert user.username == "somchai" and not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.agency, membership.role, membership.unit) == (demo["agency"], "officer",
                                                                     unit)
    assert AuditEvent.objects.filter(action="member.add", agency=demo["agency"]).count() == 1
    (message,) = mail.outbox
    assert message.to == ["somchai@example.go.th"] and "ตั้งรหัสผ่านครั้งแรก" in message.body
    link = re.search(r"https?://\S+/reset/\S+/", message.body).group()
    admin.logout()
    page = client.get(urlsplit(link).path, follow=True)  # to the set-password form
    form_url = page.redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "ตั้งใจทำงาน-2569", "new_password2": "ตั้งใจทำงาน-2569"})
    user.refresh_from_db()
    assert user.check_password("ตั้งใจทำงาน-2569")


def test_an_existing_account_is_given_the_role_without_a_new_password(demo, login):
    existing = get_user_model().objects.get(username="demo_officer_b")
    admin = login("demo_agency_admin")
    admin.post(URL, _form(email=existing.email, role="head_of_office"))
    assert Membership.objects.filter(user=existing, agency=demo["agency"]).count() == 1
    assert existing.has_usable_password()
    response = admin.post(URL, _form(email=existing.email, role="head_of_office"))
    assert "มีบทบาทหัวหน้าสำนักปลัดในหน่วยงานนี้อยู่แล้ว" in response.content.decode()
    assert Membership.objects.filter(user=existing, agency=demo["agency"]).count() == 1


@pytest.mark.parametrize("username", ["demo_officer", "demo_palad", "demo_officer_b"])
def test_only_the_agency_admin_adds_people(demo, login, username):
    client = login(username)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _form()).status_code == 403
    assert not get_user_model().objects.filter(email="somchai@example.go.th").exists()
    user = get_user_model().objects.get(username=username)
    with pytest.raises(PermissionDenied):
        member_invite(demo["agency"], acting_user=user, base_url="https://x",
                      invite=MemberInvite("a@b.th", "ก", "ข", "officer", "", None))


def test_another_agencys_unit_is_refused_and_nothing_is_written(demo, login):
    other_unit = Unit.objects.get(agency__code="tha-nam-sai", name="กองคลัง")
    response = login("demo_agency_admin").post(URL, _form(unit=other_unit.pk))
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not get_user_model().objects.filter(email="somchai@example.go.th").exists()
    assert not AuditEvent.objects.filter(action="member.add").exists()


def test_the_admin_offers_an_agency_admin_only_their_own_people(demo, login):
    admin = login("demo_agency_admin")
    page = admin.get("/admin/agencies/membership/add/").content.decode()
    assert "demo_officer_b" not in page and "demo_officer" in page
    assert "autocomplete" not in page  # the user search that answered 403
    outsider = get_user_model().objects.get(username="demo_officer_b")
    response = admin.post("/admin/agencies/membership/add/", {
        "user": outsider.pk, "agency": demo["agency"].pk, "role": "officer",
        "position_title": "", "unit": "",
    })
    assert response.status_code == 200  # the form again, with its error
    assert not Membership.objects.filter(user=outsider, agency=demo["agency"]).exists()


@pytest.mark.parametrize(("values", "message"), [
    ({"email": "ไม่ใช่อีเมล"}, "อีเมลไม่ถูกต้อง"),
    ({"email": ""}, "กรุณากรอกอีเมล"),
    ({"role": "dictator"}, "เลือกตัวเลือกที่ถูกต้อง"),
    ({"first_name": "ก" * 151}, "151"),
])
def test_bad_input_is_a_thai_message_and_nothing_is_written(demo, login, values, message):
    response = login("demo_agency_admin").post(URL, _form(**values))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert get_user_model().objects.count() == 7  # the demo's users only
    assert not AuditEvent.objects.filter(action="member.add").exists()
