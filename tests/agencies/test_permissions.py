import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from ita_portal.agencies.models import Membership, Role, Unit

pytestmark = pytest.mark.django_db


def user(username):
    return get_user_model().objects.get(username=username)


@pytest.mark.parametrize(
    "username",
    ["demo_officer", "demo_head", "demo_palad", "demo_mayor", "demo_agency_admin"],
)
def test_every_role_of_an_agency_sees_its_private_pages_and_no_other(demo, username):
    member = user(username)
    assert member.has_perm("agencies.view_agency_private", demo["agency"])
    assert not member.has_perm("agencies.view_agency_private", demo["other_agency"])


def test_anonymous_and_outsiders_see_no_private_pages(demo):
    assert not AnonymousUser().has_perm("agencies.view_agency_private", demo["agency"])
    assert user("demo_admin").has_perm("agencies.view_agency_private", demo["agency"])


def test_objects_of_an_agency_follow_their_agency(demo):
    unit = Unit.objects.get(agency=demo["agency"], name="กองคลัง")
    assert user("demo_agency_admin").has_perm("agencies.change_unit", unit)
    assert not user("demo_officer").has_perm("agencies.change_unit", unit)
    other_unit = Unit.objects.filter(agency=demo["other_agency"]).first()
    assert not user("demo_agency_admin").has_perm("agencies.change_unit", other_unit)


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
