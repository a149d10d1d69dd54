"""The agency's activity page (/agencies/<code>/activity/) and the read-only admin."""

import re

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ita_portal.audit.actions import Action
from ita_portal.audit.models import AuditEvent
from ita_portal.audit.services import audit_record
from ita_portal.thai import thai_datetime
from measures.models import MeasureStatus
from measures.services import MeasureInput, measure_create, measure_set_status
from tests.audit.conftest import WRITES, user

pytestmark = pytest.mark.django_db

URL = reverse("audit:activity", args=["thung-ruang-thong"])


def rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", body, re.S)


def add_measure(scene, username: str, title: str):
    return measure_create(
        agency=scene.agency,
        year=scene.year(2567),
        data=MeasureInput(values={"title": title}),
        acting_user=user(username),
    )


def many_events(agency, count: int) -> None:
    with transaction.atomic():
        for n in range(count):
            audit_record(
                actor=user("demo_officer"),
                action=Action.MEASURE_UPDATE,
                agency=agency,
                summary=f"เหตุการณ์ทดสอบ {n}",
            )


@pytest.mark.parametrize(
    "username", ["demo_officer", "demo_head", "demo_palad", "demo_mayor", "demo_agency_admin"]
)
def test_every_member_sees_the_activity_newest_first(scene, login, username):
    add_measure(scene, "demo_officer", "มาตรการแรกของวัน")
    add_measure(scene, "demo_head", "มาตรการที่สองของวัน")
    response = login(username).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    table = rows(html)
    assert "มาตรการที่สองของวัน" in table[0] and "วิชัย รักษ์ธรรม" in table[0]
    assert "มาตรการแรกของวัน" in table[1] and "สมศรี ตั้งใจงาน" in table[1]
    assert "เพิ่มมาตรการ" in table[0]
    newest = AuditEvent.objects.filter(agency=scene.agency).first()
    assert thai_datetime(newest.at) in table[0]  # Buddhist Era, Thai month, Bangkok time
    assert str(timezone.localtime(newest.at).year + 543) in table[0]


def test_filters_by_person_and_by_kind_of_action(scene, login):
    add_measure(scene, "demo_officer", "ของเจ้าหน้าที่")
    head_measure = add_measure(scene, "demo_head", "ของหัวหน้าสำนักปลัด")
    measure_set_status(head_measure, status=MeasureStatus.DONE, acting_user=user("demo_head"))
    client = login("demo_palad")

    by_head = rows(client.get(URL, {"person": user("demo_head").pk}).content.decode())
    assert len(by_head) == 2
    assert all("วิชัย รักษ์ธรรม" in row for row in by_head)

    statuses = rows(client.get(URL, {"action": Action.MEASURE_STATUS}).content.decode())
    assert len(statuses) == 1 and "เปลี่ยนสถานะมาตรการ" in statuses[0]

    both = client.get(URL, {"person": user("demo_officer").pk, "action": "measure.status"})
    assert "ยังไม่มีประวัติการใช้งานตามตัวกรองนี้" in both.content.decode()


def test_a_filter_outside_the_agency_is_ignored(scene, login):
    add_measure(scene, "demo_officer", "มาตรการของเจ้าหน้าที่")
    client = login("demo_officer")
    everyone = rows(client.get(URL).content.decode())
    outsider = user("demo_officer_b").pk
    assert rows(client.get(URL, {"person": outsider}).content.decode()) == everyone
    assert rows(client.get(URL, {"action": "auth.login"}).content.decode()) == everyone
    html = client.get(URL).content.decode()
    assert "อรุณี" not in html  # another agency's people are not offered as a filter


def test_the_page_shows_only_this_agencys_events(scene, login, demo):
    with transaction.atomic():
        audit_record(
            actor=user("demo_officer_b"),
            action=Action.MEASURE_CREATE,
            agency=demo["other_agency"],
            summary="เหตุการณ์ของท่าน้ำใส",
        )
    html = login("demo_officer").get(URL).content.decode()
    assert "เหตุการณ์ของท่าน้ำใส" not in html


def test_another_agencys_member_is_forbidden(scene, login):
    response = login("demo_officer_b").get(URL)
    assert response.status_code == 403
    assert "คุณไม่มีสิทธิ์ดูประวัติการใช้งานของหน่วยงานนี้" in response.content.decode()


def test_anonymous_is_sent_to_login(client, demo):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_fifty_a_page(scene, login):
    many_events(scene.agency, 60)
    client = login("demo_officer")
    total = AuditEvent.objects.filter(agency=scene.agency).count()
    first = client.get(URL).content.decode()
    assert len(rows(first)) == 50
    assert f"({total} รายการ)" in first and "หน้า 1 จาก 2" in first
    second = client.get(URL, {"page": 2}).content.decode()
    assert len(rows(second)) == total - 50


def test_query_count_does_not_grow_with_the_events(
    scene, login, django_assert_max_num_queries
):
    many_events(scene.agency, 5)
    client = login("demo_officer")
    with django_assert_max_num_queries(20) as few:
        assert client.get(URL).status_code == 200
    many_events(scene.agency, 120)
    for write in ("measure_set_status", "readiness_save", "report_preference_save"):
        WRITES[write][1](scene, user("demo_head"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL, {"page": 3, "action": "measure.update"}).status_code == 200


def test_the_dashboard_links_to_the_activity(demo, login):
    dashboard = reverse("agencies:agency_dashboard", args=["thung-ruang-thong"])
    assert URL in login("demo_mayor").get(dashboard).content.decode()


class TestAdmin:
    def test_a_system_administrator_reads_events(self, scene, admin_client):
        add_measure(scene, "demo_officer", "มาตรการสำหรับผู้ดูแล")
        event = AuditEvent.objects.filter(action=Action.MEASURE_CREATE).first()
        changelist = admin_client.get(reverse("admin:audit_auditevent_changelist"))
        assert changelist.status_code == 200
        assert "เพิ่มมาตรการ" in changelist.content.decode()
        detail = admin_client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
        assert detail.status_code == 200
        assert 'name="_save"' not in detail.content.decode()

    def test_nobody_adds_changes_or_deletes_events(self, scene, admin_client):
        add_measure(scene, "demo_officer", "มาตรการที่ต้องคงอยู่")
        event = AuditEvent.objects.first()
        assert admin_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
        admin_client.post(
            reverse("admin:audit_auditevent_change", args=[event.pk]), {"summary": "แก้"}
        )
        delete = admin_client.post(
            reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}
        )
        assert delete.status_code == 403
        event.refresh_from_db()
        assert event.summary != "แก้"
        bulk = admin_client.post(
            reverse("admin:audit_auditevent_changelist"),
            {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
        )
        assert bulk.status_code in (200, 302, 403)
        assert AuditEvent.objects.filter(pk=event.pk).exists()

    def test_an_agency_admin_has_no_audit_admin(self, scene, login):
        client = login("demo_agency_admin")  # staff, for their units and people
        response = client.get(reverse("admin:audit_auditevent_changelist"))
        assert response.status_code == 403
