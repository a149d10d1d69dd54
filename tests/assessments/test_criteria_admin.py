from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from assessments.models import AssessmentYear, CriteriaStatus, GradeBand, Tool

pytestmark = pytest.mark.django_db


def year_form_data(year: AssessmentYear, **overrides) -> dict:
    """The admin change form of a year as the browser would post it back, unchanged."""
    data = {
        "year": year.year,
        "status": year.status,
        "pass_mark": year.pass_mark,
        "oit_scoring": year.oit_scoring,
        "eit_has_parts": "on" if year.eit_has_parts else "",
        "source_note": year.source_note,
    }
    for prefix, rows, fields in [
        ("tools", year.tools.all(), ["code", "name", "weight"]),
        ("grade_bands", year.grade_bands.all(), ["grade", "min_score", "max_score"]),
        ("rating_bands", year.rating_bands.all(), ["order", "label", "min_total", "min_each_tool"]),
        (
            "oit_items",
            year.oit_items.order_by("number"),
            ["number", "sub_indicator_id", "group", "title", "requirement"],
        ),
    ]:
        rows = list(rows)
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-id"] = row.pk
            data[f"{prefix}-{index}-year"] = year.pk
            for field in fields:
                value = getattr(row, field)
                name = field.removesuffix("_id")
                data[f"{prefix}-{index}-{name}"] = "" if value is None else value
    data.update(overrides)
    return data


@pytest.fixture
def draft_year():
    """A draft year (2568): the form tests edit it; a confirmed year cannot be edited."""
    return AssessmentYear.objects.get(year=2568)


def change_url(year):
    return reverse("admin:assessments_assessmentyear_change", args=[year.pk])


def test_admin_lists_10_indicators_and_43_items_for_2566(admin_client):
    response = admin_client.get(reverse("admin:assessments_assessmentyear_changelist"))
    assert response.status_code == 200
    row = next(r for r in response.content.decode().split("<tr") if ">2566<" in r)
    assert ">10<" in row and ">43<" in row
    items = admin_client.get(
        reverse("admin:assessments_oititem_changelist"), {"year__id__exact": 0}
    )
    assert items.status_code == 200


def test_unchanged_form_saves(admin_client, draft_year):
    response = admin_client.post(change_url(draft_year), year_form_data(draft_year))
    assert response.status_code == 302


def test_weights_not_summing_to_100_are_rejected_and_nothing_changes(admin_client, draft_year):
    iit = draft_year.tools.get(code="IIT")
    index = list(draft_year.tools.all()).index(iit)
    data = year_form_data(draft_year, **{f"tools-{index}-weight": "35", "source_note": "แก้ไข"})
    response = admin_client.post(change_url(draft_year), data)
    assert response.status_code == 200
    assert "น้ำหนักของเครื่องมือทั้งหมดรวมกันต้องเท่ากับ 100 (ขณะนี้รวมได้ 105" in (
        response.content.decode()
    )
    draft_year.refresh_from_db()
    assert draft_year.source_note != "แก้ไข"
    assert Tool.objects.get(pk=iit.pk).weight == 30


def test_overlapping_grade_bands_are_rejected(admin_client, draft_year):
    bands = list(draft_year.grade_bands.all())
    index = next(i for i, band in enumerate(bands) if band.grade == "B")
    data = year_form_data(draft_year, **{f"grade_bands-{index}-max_score": "86.00"})
    response = admin_client.post(change_url(draft_year), data)
    assert response.status_code == 200
    assert "ทับซ้อนกับระดับ A" in response.content.decode()
    assert GradeBand.objects.get(pk=bands[index].pk).max_score == Decimal("84.99")


def test_shifting_two_bands_together_is_accepted(admin_client, draft_year):
    bands = list(draft_year.grade_bands.all())
    a = next(i for i, band in enumerate(bands) if band.grade == "A")
    b = next(i for i, band in enumerate(bands) if band.grade == "B")
    data = year_form_data(
        draft_year,
        **{f"grade_bands-{a}-min_score": "86.00", f"grade_bands-{b}-max_score": "85.99"},
    )
    response = admin_client.post(change_url(draft_year), data)
    assert response.status_code == 302
    assert GradeBand.objects.get(year=draft_year, grade="B").max_score == Decimal("85.99")


def test_duplicate_year_gets_a_thai_message(admin_client):
    response = admin_client.post(
        reverse("admin:assessments_assessmentyear_add"),
        {
            "year": 2566,
            "status": "draft",
            "pass_mark": "85",
            "oit_scoring": "all_or_nothing",
            **{f"{p}-{k}": 0 for p in ("tools", "grade_bands", "rating_bands")
               for k in ("TOTAL_FORMS", "INITIAL_FORMS")},
        },
    )
    assert "มีเกณฑ์ของปีงบประมาณนี้แล้ว" in response.content.decode()


def test_confirm_action_confirms_a_complete_draft_and_logs_it(admin_client):
    draft = AssessmentYear.objects.get(year=2568)
    response = admin_client.post(
        reverse("admin:assessments_assessmentyear_changelist"),
        {"action": "confirm_criteria", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "ยืนยันเกณฑ์ปี 2568 แล้ว" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == CriteriaStatus.CONFIRMED
    assert LogEntry.objects.filter(object_id=str(draft.pk)).exists()


def test_confirm_action_refuses_an_incomplete_draft(admin_client):
    draft = AssessmentYear.objects.get(year=2567)
    draft.oit_items.filter(number=5).delete()
    response = admin_client.post(
        reverse("admin:assessments_assessmentyear_changelist"),
        {"action": "confirm_criteria", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "ลำดับข้อ OIT ต้องเรียงต่อเนื่องตั้งแต่ O1" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == CriteriaStatus.DRAFT


def test_staff_who_are_not_superusers_can_read_but_not_change_criteria(client, demo, login):
    login("demo_agency_admin")
    year = AssessmentYear.objects.get(year=2566)
    assert client.get(change_url(year)).status_code == 200
    response = client.post(change_url(year), year_form_data(year, source_note="แก้ไข"))
    assert response.status_code == 403
    year.refresh_from_db()
    assert year.source_note != "แก้ไข"
