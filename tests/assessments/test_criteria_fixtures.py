from io import StringIO

import pytest
from django.core.management import call_command

from assessments.models import AssessmentYear, CriteriaStatus, OITItem, Tool
from assessments.selectors import criteria_problems

pytestmark = pytest.mark.django_db

EXPECTED = {
    # year: (status, OIT items, EIT in two parts, rating bands)
    2564: (CriteriaStatus.CONFIRMED, 43, False, 0),
    2565: (CriteriaStatus.CONFIRMED, 43, False, 0),
    2566: (CriteriaStatus.CONFIRMED, 43, True, 0),
    2567: (CriteriaStatus.DRAFT, 26, True, 5),
    2568: (CriteriaStatus.DRAFT, 26, True, 5),
    2569: (CriteriaStatus.DRAFT, 26, True, 5),
}


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_each_fixture_year_is_complete_and_consistent(year):
    status, item_count, eit_parts, rating_count = EXPECTED[year]
    criteria = AssessmentYear.objects.get(year=year)
    assert criteria.status == status
    assert criteria.eit_has_parts is eit_parts
    assert criteria.indicators.count() == 10
    assert criteria.oit_items.count() == item_count
    assert criteria.grade_bands.count() == 7
    assert criteria.rating_bands.count() == rating_count
    assert [t.code for t in criteria.tools.all()] == ["IIT", "EIT", "OIT"]
    assert criteria_problems(criteria) == []


def test_2566_items_match_the_published_list():
    items = {i.number: i for i in OITItem.objects.filter(year__year=2566).select_related(
        "sub_indicator"
    )}
    assert items[10].title == "นโยบายคุ้มครองข้อมูลส่วนบุคคล"
    assert items[31].title == "ประกาศเจตนารมณ์นโยบาย No Gift Policy จากการปฏิบัติหน้าที่"
    assert items[42].title == "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    assert items[42].sub_indicator.code == "10.2"
    assert items[1].sub_indicator.code == "9.1"
    # Thai text is stored as typed: SARA AM stays one character, never NFKC-split.
    assert "\u0e4d\u0e32" not in "".join(i.title for i in items.values())


def test_weights_are_30_30_40():
    weights = dict(Tool.objects.filter(year__year=2566).values_list("code", "weight"))
    assert {code: int(w) for code, w in weights.items()} == {"IIT": 30, "EIT": 30, "OIT": 40}


def test_load_criteria_does_not_overwrite_an_admin_correction():
    item = OITItem.objects.get(year__year=2567, number=1)
    item.title = "โครงสร้างและอำนาจหน้าที่ (แก้ไขโดยผู้ดูแลระบบ)"
    item.save()
    out = StringIO()
    call_command("load_criteria", stdout=out)
    assert "มีอยู่แล้ว" in out.getvalue()
    item.refresh_from_db()
    assert item.title.endswith("(แก้ไขโดยผู้ดูแลระบบ)")

    call_command("load_criteria", "2567", "--update", stdout=out)
    item.refresh_from_db()
    assert not item.title.endswith("(แก้ไขโดยผู้ดูแลระบบ)")
    assert OITItem.objects.filter(year__year=2567).count() == 26


def test_load_criteria_into_an_empty_database_is_idempotent():
    AssessmentYear.objects.filter(year=2565).delete()
    call_command("load_criteria", "2565", verbosity=0)
    call_command("load_criteria", "2565", "--update", verbosity=0)
    assert OITItem.objects.filter(year__year=2565).count() == 43
