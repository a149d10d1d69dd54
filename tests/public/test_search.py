"""The front page's search: Thai substrings, filters, and hostile input never a 500."""

import pytest
from django.urls import reverse

from ita_portal.agencies.models import Agency, AgencyKind


def names(response) -> list[str]:
    """The names found, sorted here (the database's Thai collation orders them)."""
    return sorted(agency.name for agency in response.context["page"])


@pytest.fixture
def more_agencies(demo):
    Agency.objects.bulk_create([
        Agency(code="ban-rai", name="องค์การบริหารส่วนตำบลบ้านไร่", kind=AgencyKind.SAO,
               district="ดอกคำใต้", province="พะเยา"),
        Agency(code="mueang-phayao", name="เทศบาลเมืองพะเยา", kind=AgencyKind.TOWN_MUNICIPALITY,
               district="เมืองพะเยา", province="พะเยา"),
        Agency(code="percent", name="อบต. 100% โปร่งใส_ทดสอบ", kind=AgencyKind.OTHER,
               district="เชียงของ", province="เชียงราย"),
    ])


def test_a_thai_substring_of_the_name_finds_the_agency(client, demo):
    response = client.get(reverse("home"), {"q": "ทุ่งรวง"})
    assert response.status_code == 200
    assert names(response) == ["องค์การบริหารส่วนตำบลทุ่งรวงทอง"]
    assert reverse("agencies:agency_public", args=["thung-ruang-thong"]) in response.text


def test_filters_by_province_district_and_kind(client, more_agencies):
    home = reverse("home")
    assert names(client.get(home, {"province": "พะเยา"})) == sorted([
        "เทศบาลเมืองพะเยา", "องค์การบริหารส่วนตำบลทุ่งรวงทอง", "องค์การบริหารส่วนตำบลบ้านไร่",
    ])
    assert names(client.get(home, {"province": "พะเยา", "district": "ดอกคำ"})) == [
        "องค์การบริหารส่วนตำบลบ้านไร่"
    ]
    assert names(client.get(home, {"province": "พะเยา", "kind": AgencyKind.SAO})) == sorted([
        "องค์การบริหารส่วนตำบลทุ่งรวงทอง", "องค์การบริหารส่วนตำบลบ้านไร่",
    ])
    # The text also matches the district and the province.
    assert "เทศบาลเมืองพะเยา" in names(client.get(home, {"q": "เมืองพะเยา"}))
    assert len(names(client.get(home, {"q": "เชียงราย"}))) == 2
    # An unknown kind is ignored rather than refused.
    assert len(names(client.get(home, {"kind": "nonsense"}))) == 5


THUNG = ["องค์การบริหารส่วนตำบลทุ่งรวงทอง"]
ODD_NAME = ["อบต. 100% โปร่งใส_ทดสอบ"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("\x00", None),  # stripped to nothing: the whole directory
        ("ทุ่ง\x00รวง", THUNG),  # the control character is stripped
        ("ทุ่งรวง\x1b[31m", []),  # ESC stripped, "[31m" stays and matches nothing
        ("' OR 1=1 --", []),
        ("'; DROP TABLE agencies_agency; --", []),
        (".*", []),
        ("[(", []),
        ("\\", []),
        ("%", ODD_NAME),  # a literal %, not a wildcard
        ("_", ODD_NAME),
        ("ก" * 10_000, []),
        ("ทุ่งรวง" + " " * 10_000, THUNG),  # cut to 100 characters, then trimmed
        ("ทุ่งรวง" + "x" * 10_000, []),
    ],
)
def test_hostile_queries_answer_a_list_never_an_error(client, more_agencies, query, found):
    for field in ("q", "district", "province", "kind"):
        response = client.get(reverse("home"), {field: query})
        assert response.status_code == 200
    response = client.get(reverse("home"), {"q": query})
    assert names(response) == (found if found is not None else sorted(
        Agency.objects.values_list("name", flat=True)
    ))
    assert Agency.objects.count() == 5


def test_the_search_takes_a_fixed_number_of_queries(client, more_agencies, publish,
                                                    django_assert_num_queries):
    publish("plan", 2567)
    with django_assert_num_queries(4):  # provinces, count, page, latest publications
        client.get(reverse("home"), {"q": "พะเยา"})
    Agency.objects.bulk_create(
        Agency(code=f"extra-{n}", name=f"อบต.พะเยา {n}", kind=AgencyKind.SAO, district="ปง",
               province="พะเยา") for n in range(40)
    )
    publish("analysis", 2566)
    with django_assert_num_queries(4):
        response = client.get(reverse("home"), {"q": "พะเยา"})
    assert response.context["page"].paginator.count == 43
