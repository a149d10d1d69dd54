import pytest
import rules
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from assessments.models import AssessmentResult, AssessmentYear
from ita_portal import permissions
from ita_portal.agencies.models import Membership, Role, Unit
from ita_portal.agencies.predicates import agency_id_of
from ita_portal.audit.models import AuditEvent
from ita_portal.permissions import (
    CHANGE_MEASURE,
    CHANGE_RESULT,
    CHANGE_UNIT,
    VIEW_ACTIVITY,
    VIEW_AGENCY_PRIVATE,
    VIEW_MEASURE,
)
from measures.models import (
    Measure,
    MeasureEvidence,
    MeasureStatus,
    MeasureSuggestion,
    Progress,
)
from measures.readiness import indicator_plan_save, readiness_save
from measures.services import evidence_add, measure_set_status, round_take

pytestmark = pytest.mark.django_db


def user(username):
    return get_user_model().objects.get(username=username)


@pytest.mark.parametrize(
    "username",
    ["demo_officer", "demo_head", "demo_palad", "demo_mayor", "demo_agency_admin"],
)
def test_every_role_of_an_agency_sees_its_private_pages_and_no_other(demo, username):
    member = user(username)
    assert member.has_perm(VIEW_AGENCY_PRIVATE, demo["agency"])
    assert not member.has_perm(VIEW_AGENCY_PRIVATE, demo["other_agency"])


def test_anonymous_and_outsiders_see_no_private_pages(demo):
    assert not AnonymousUser().has_perm(VIEW_AGENCY_PRIVATE, demo["agency"])
    assert user("demo_admin").has_perm(VIEW_AGENCY_PRIVATE, demo["agency"])


def test_objects_of_an_agency_follow_their_agency(demo):
    unit = Unit.objects.get(agency=demo["agency"], name="กองคลัง")
    assert user("demo_agency_admin").has_perm(CHANGE_UNIT, unit)
    assert not user("demo_officer").has_perm(CHANGE_UNIT, unit)
    other_unit = Unit.objects.filter(agency=demo["other_agency"]).first()
    assert not user("demo_agency_admin").has_perm(CHANGE_UNIT, other_unit)


def test_login_lands_on_the_agency_dashboard(client, demo):
    response = client.post(
        reverse("login"), {"username": "demo_officer", "password": demo["password"]}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(
        "agencies:agency_dashboard", args=["thung-ruang-thong"]
    )
    html = response.content.decode()
    assert "องค์การบริหารส่วนตำบลทุ่งรวงทอง" in html
    assert "นักวิเคราะห์นโยบายและแผนชำนาญการ" in html


def test_a_member_of_two_agencies_chooses_one(client, demo, login):
    Membership.objects.create(
        user=user("demo_officer"),
        agency=demo["other_agency"],
        role=Role.OFFICER,
        position_title="ผู้ช่วยงาน",
    )
    response = login("demo_officer").get(reverse("agencies:dashboard"))
    assert response.status_code == 200
    assert "เทศบาลตำบลท่าน้ำใส" in response.content.decode()


def test_the_other_agencys_dashboard_is_forbidden(client, demo, login):
    login("demo_officer")
    response = client.get(reverse("agencies:agency_dashboard", args=["tha-nam-sai"]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "ไม่มีสิทธิ์เข้าถึงหน้านี้" in html
    assert "อรุณี" not in html


def test_anonymous_is_sent_to_login_for_private_pages(client, demo):
    url = reverse("agencies:agency_dashboard", args=["thung-ruang-thong"])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_public_pages_need_no_login(client, demo):
    home = client.get(reverse("home"), {"q": "ท่าน้ำใส"})
    assert home.status_code == 200
    assert "เทศบาลตำบลท่าน้ำใส" in home.content.decode()
    assert "ทุ่งรวงทอง" not in home.content.decode().split("หน่วยงาน (")[1]
    page = client.get(reverse("agencies:agency_public", args=["tha-nam-sai"]))
    assert page.status_code == 200
    # The public page lists no members: who works where is not public data.
    assert "อรุณี" not in page.content.decode()


def test_dashboard_query_count_does_not_grow_with_members(
    client, demo, login, django_assert_max_num_queries
):
    login("demo_officer")
    url = reverse("agencies:agency_dashboard", args=["thung-ruang-thong"])
    with django_assert_max_num_queries(13) as few:  # 3 renew the session (idle timeout)
        client.get(url)
    for n in range(20):
        extra = get_user_model().objects.create(username=f"extra{n}")
        Membership.objects.create(
            user=extra, agency=demo["agency"], role=Role.OFFICER, position_title="เจ้าหน้าที่"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("เจ้าหน้าที่ผู้รับผิดชอบ") >= 21


class TestAdminIsolation:
    def test_agency_admin_sees_only_own_units(self, client, demo, login):
        login("demo_agency_admin")
        response = client.get(reverse("admin:agencies_unit_changelist"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "กองการศึกษา" in html
        assert "กองสาธารณสุขและสิ่งแวดล้อม" not in html

    def test_agency_admin_cannot_open_another_agencys_unit(self, client, demo, login):
        login("demo_agency_admin")
        unit = Unit.objects.get(agency=demo["other_agency"], name="กองช่าง")
        response = client.get(reverse("admin:agencies_unit_change", args=[unit.pk]))
        assert response.status_code == 302  # the admin redirects a hidden object away
        assert client.post(
            reverse("admin:agencies_unit_delete", args=[unit.pk]), {"post": "yes"}
        ).status_code in (302, 403)
        assert Unit.objects.filter(pk=unit.pk).exists()

    def test_agency_admin_cannot_add_a_unit_to_another_agency(self, client, demo, login):
        login("demo_agency_admin")
        response = client.post(
            reverse("admin:agencies_unit_add"),
            {"agency": demo["other_agency"].pk, "name": "กองใหม่", "order": 9},
        )
        assert response.status_code == 200
        assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()
        assert not Unit.objects.filter(name="กองใหม่").exists()

    def test_officer_has_no_admin(self, client, demo, login):
        login("demo_officer")
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302

    def test_agency_admin_cannot_create_agencies(self, client, demo, login):
        login("demo_agency_admin")
        assert client.get(reverse("admin:agencies_agency_add")).status_code == 403


class TestRulesReceiveObjects:
    """Rules answer for the object itself (a measure, a result, evidence …), not only for
    an agency; predicates find its agency through agency_id_of."""

    @pytest.fixture
    def things(self, demo):
        agency, officer = demo["agency"], user("demo_officer")
        year = AssessmentYear.objects.get(year=2567)
        measure = Measure.objects.filter(agency=agency, year=year).first()
        evidence = evidence_add(
            measure, title="ลิงก์", url="https://example.go.th/e", file=None, acting_user=officer
        )
        progress_round = round_take(agency=agency, year=year, kind="6m", acting_user=officer)
        result = AssessmentResult.objects.get(agency=agency, year__year=2566)
        return {
            "measure": measure,
            "evidence": evidence,
            "round": progress_round,
            "round entry": progress_round.entries.first(),
            "result": result,
            "indicator score": result.indicator_scores.first(),
            "oit item score": result.oit_scores.first(),
            "readiness": readiness_save(
                agency,
                year.oit_items.get(number=1),
                units=[],
                url="",
                progress=Progress.DONE,
                note="",
                acting_user=officer,
            ),
            "indicator plan": indicator_plan_save(
                agency,
                year.indicators.get(number=1),
                approach="",
                units=[],
                period_text="",
                progress=Progress.NOT_STARTED,
                acting_user=officer,
            ),
            "audit event": AuditEvent.objects.filter(agency=agency).first(),
        }

    def test_agency_id_of_follows_relations(self, demo, things):
        for name, thing in things.items():
            assert agency_id_of(thing) == demo["agency"].pk, name
        assert agency_id_of(demo["agency"]) == demo["agency"].pk
        assert agency_id_of(None) is None
        assert agency_id_of(AssessmentYear.objects.first()) is None
        shared = MeasureSuggestion.objects.create(indicator_number=1, title="ใช้ร่วมกัน")
        assert agency_id_of(shared) is None  # an agency field left empty is no agency

    @pytest.mark.parametrize(
        ("perm", "names"),
        [
            ("VIEW_MEASURE", ["measure", "evidence", "round", "round entry", "readiness"]),
            ("CHANGE_MEASURE", ["measure", "evidence", "readiness", "indicator plan"]),
            ("VIEW_RESULT", ["result", "indicator score", "oit item score"]),
            ("CHANGE_RESULT", ["result", "indicator score"]),
            ("VIEW_ACTIVITY", ["audit event"]),
            ("VIEW_AGENCY_PRIVATE", ["measure", "result", "evidence"]),
        ],
    )
    def test_members_outsiders_and_roles_on_objects(self, demo, things, perm, names):
        name = getattr(permissions, perm)
        writes = perm.startswith("CHANGE_")
        for thing in (things[n] for n in names):
            assert user("demo_officer").has_perm(name, thing)
            assert user("demo_head").has_perm(name, thing)
            assert user("demo_admin").has_perm(name, thing)
            assert not user("demo_officer_b").has_perm(name, thing)
            assert not AnonymousUser().has_perm(name, thing)
            for read_only in ("demo_palad", "demo_mayor"):
                assert user(read_only).has_perm(name, thing) is not writes

    def test_services_and_views_ask_about_the_object(self, demo, things, login, monkeypatch):
        asked = []
        model = get_user_model()
        original = model.has_perm

        def spy(self, perm, obj=None):
            asked.append((perm, type(obj)))
            return original(self, perm, obj)

        monkeypatch.setattr(model, "has_perm", spy)
        measure = things["measure"]
        measure_set_status(measure, status=MeasureStatus.CANNOT, acting_user=user("demo_officer"))
        assert (CHANGE_MEASURE, Measure) in asked

        client = login("demo_officer")
        asked.clear()
        client.post(reverse("measures:measure_status", args=[measure.pk]), {"status": "done"})
        assert (CHANGE_MEASURE, Measure) in asked
        asked.clear()
        client.get(reverse("measures:evidence_download", args=[things["evidence"].pk]))
        assert (VIEW_MEASURE, MeasureEvidence) in asked
        asked.clear()
        client.get(reverse("assessments:result_detail", args=["thung-ruang-thong", 2566]))
        assert (CHANGE_RESULT, AssessmentResult) in asked

    def test_every_permission_name_has_a_rule(self):
        names = [
            value
            for key, value in vars(permissions).items()
            if key.isupper() and isinstance(value, str)
        ]
        assert len(names) > 20
        for name in names:
            assert rules.perm_exists(name), name


def test_activity_is_for_members_and_system_administrators(demo):
    for username in ("demo_officer", "demo_head", "demo_palad", "demo_mayor", "demo_agency_admin"):
        assert user(username).has_perm(VIEW_ACTIVITY, demo["agency"])
        assert not user(username).has_perm(VIEW_ACTIVITY, demo["other_agency"])
    assert user("demo_admin").has_perm(VIEW_ACTIVITY, demo["other_agency"])
    assert not AnonymousUser().has_perm(VIEW_ACTIVITY, demo["agency"])
