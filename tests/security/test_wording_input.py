"""Bad input to the agency's own wording (issue 13, points 4, 5 and 7): a Thai message,
nothing written, no audit event; and only those who may change the measures may change it."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assessments.models import AssessmentYear
from ita_portal.audit.models import AuditEvent
from measures.models import IndicatorPlan, Measure, OITItemReadiness
from measures.readiness import indicator_plan_save, readiness_save
from reports.models import ReportPreference
from reports.services import report_preference_save
from tests.security.test_input_hardening import ENGLISH

pytestmark = pytest.mark.django_db

AGENCY = "thung-ruang-thong"


def user(name):
    return get_user_model().objects.get(username=name)


def criteria():
    return AssessmentYear.objects.get(year=2567)


def test_readiness_form_refuses_long_own_texts_in_thai(demo, login):
    item = criteria().oit_items.order_by("number").first()
    url = reverse("measures:readiness_item_edit", args=[AGENCY, 2567, item.number])
    before = AuditEvent.objects.count()
    response = login("demo_officer").post(url, {
        "progress": "done", "responsible_text": "ก" * 301, "requirement_text": "ข" * 5001,
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert "ผู้รับผิดชอบ (ข้อความ) ต้องยาวไม่เกิน 300 ตัวอักษร" in html
    assert "องค์ประกอบด้านข้อมูลต้องยาวไม่เกิน 5000 ตัวอักษร" in html
    assert "ข" * 5001 in html  # what was typed is kept
    assert not ENGLISH.search(html), ENGLISH.search(html)
    assert not OITItemReadiness.objects.exists() and AuditEvent.objects.count() == before


def test_plan_form_refuses_a_long_responsible_text_in_thai(demo, login):
    indicator = criteria().indicators.order_by("number").first()
    url = reverse("measures:indicator_plan_edit", args=[AGENCY, 2567, indicator.number])
    response = login("demo_officer").post(
        url, {"progress": "done", "responsible_text": "ก" * 301}
    )
    html = response.content.decode()
    assert "ผู้รับผิดชอบ (ข้อความ) ต้องยาวไม่เกิน 300 ตัวอักษร" in html
    assert not ENGLISH.search(html)
    assert not IndicatorPlan.objects.exists()


def test_measure_form_refuses_a_long_group_label_in_thai(demo, login):
    url = reverse("measures:measure_create", args=[AGENCY, 2567])
    count = Measure.objects.count()
    response = login("demo_officer").post(
        url, {"title": "มาตรการ", "status": "not_started", "group_label": "ก" * 301}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "group_label" in response.context["form"].errors
    assert "ต้องยาวไม่เกิน 300 ตัวอักษร" in html and not ENGLISH.search(html)
    assert Measure.objects.count() == count


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"heading__numbered__steps": "ก" * 101}, "หัวตารางต้องยาวไม่เกิน 100 ตัวอักษร"),
        ({"iit_label": "ก" * 201}, "ต้องยาวไม่เกิน 200 ตัวอักษร"),
        ({"progress_layout": "fancy"}, "fancy ไม่ใช่ตัวเลือกที่ใช้ได้"),
    ],
)
def test_printing_choices_refuse_bad_wording_in_thai(demo, login, data, message):
    url = reverse("reports:report_index", args=[AGENCY, 2567])
    before = AuditEvent.objects.count()
    response = login("demo_officer").post(url, {"progress_layout": "numbered", **data})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html, message
    assert not ENGLISH.search(html), ENGLISH.search(html)
    assert not ReportPreference.objects.exists() and AuditEvent.objects.count() == before


def test_printing_choices_save_the_wording(demo, login):
    url = reverse("reports:report_index", args=[AGENCY, 2567])
    response = login("demo_officer").post(url, {
        "progress_layout": "by_tool", "thai_digits": "on", "with_cover": "on",
        "skip_own_number": "on", "status_by_tool": "on",
        "iit_label": "  แบบวัดภายใน   (IIT) ",
        "heading__by_tool__tool": "แบบวัด",
        # Today's heading typed again is not stored as the agency's own.
        "heading__numbered__period": "ระยะเวลา ในการ ดำเนินการ",
    })
    assert response.status_code == 302
    preference = ReportPreference.objects.get()
    assert preference.iit_label == "แบบวัดภายใน (IIT)"
    assert preference.column_headings == {"by_tool": {"tool": "แบบวัด"}}
    assert preference.status_by_tool and not preference.status_by_indicator
    assert not preference.hide_ungrouped_row
    event = AuditEvent.objects.filter(action="report_preference.save").get()
    assert event.after["column_headings"] == {"by_tool": {"tool": "แบบวัด"}}
    assert "ใช้ถ้อยคำของหน่วยงาน" in event.summary
    page = login("demo_officer").get(url).content.decode()
    assert 'value="แบบวัด"' in page and 'placeholder="มาตรการ/กิจกรรม"' in page


def test_the_service_refuses_unknown_headings_and_writes_nothing(demo):
    with pytest.raises(ValidationError) as refused:
        report_preference_save(demo["agency"], acting_user=user("demo_officer"),
                               column_headings={"by_tool": {"colour": "แดง"}})
    assert "ไม่รู้จักคอลัมน์ colour" in str(refused.value)
    assert not ReportPreference.objects.exists() and not AuditEvent.objects.filter(
        action="report_preference.save").exists()


def test_only_who_may_change_measures_may_change_the_wording(demo, login):
    agency = demo["agency"]
    with pytest.raises(PermissionDenied):
        report_preference_save(agency, acting_user=user("demo_officer_b"), iit_label="x")
    item = criteria().oit_items.order_by("number").first()
    with pytest.raises(PermissionDenied):
        readiness_save(agency, item, units=[], url="", progress="done", note="",
                       responsible_text="กองคลัง", acting_user=user("demo_officer_b"))
    indicator = criteria().indicators.order_by("number").first()
    with pytest.raises(PermissionDenied):
        indicator_plan_save(agency, indicator, approach="", units=[], period_text="",
                            progress="done", responsible_text="กองคลัง",
                            acting_user=user("demo_officer_b"))
    url = reverse("reports:report_index", args=[AGENCY, 2567])
    assert login("demo_officer_b").post(url, {"iit_label": "x"}).status_code == 403
    assert not ReportPreference.objects.exists()
    assert not OITItemReadiness.objects.exists() and not IndicatorPlan.objects.exists()
