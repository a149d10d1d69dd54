"""The ITA JSON file carries the agency's own wording (issue 13, points 4, 5 and 7)."""

import copy
import json

import pytest
from django.contrib.auth import get_user_model

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from measures.models import IndicatorPlan, Measure, OITItemReadiness, Progress, RoundEntry
from measures.readiness import indicator_plan_save, readiness_save
from measures.services import round_take
from reports.ita_json import dumps, export_agency_year, import_agency_year, validate
from reports.models import ReportPreference
from reports.services import report_preference_save
from tests.reports.test_ita_json import counts, officer, wipe_agencies

pytestmark = pytest.mark.django_db


@pytest.fixture
def worded_2567(demo):
    agency, user = demo["agency"], officer()
    year = AssessmentYear.objects.get(year=2567)
    Measure.objects.filter(agency=agency, year=year, order=1).update(
        group_label="หัวข้อที่ ๑ งานบริการ"
    )
    round_take(agency=agency, year=year, kind="6m", acting_user=user)
    readiness_save(agency, year.oit_items.get(number=2), units=[], url="",
                   progress=Progress.DONE, note="", responsible_text="สำนักปลัด / กองคลัง",
                   requirement_text="- รายชื่อผู้บริหารพร้อมรูป", acting_user=user)
    indicator_plan_save(agency, year.indicators.get(number=7), approach="อบรม", units=[],
                        period_text="", progress=Progress.NOT_STARTED,
                        responsible_text="ทุกกอง / งานบุคคล", acting_user=user)
    report_preference_save(agency, acting_user=user, iit_label="แบบวัดภายใน (IIT)",
                           status_by_tool=True,
                           column_headings={"numbered": {"steps": "วิธีการทำงาน"}})
    return agency


def test_the_wording_goes_out_and_comes_back(worded_2567):
    before = dumps(export_agency_year(worded_2567, 2567))
    data = json.loads(before)
    assert data["measures"][0]["group_label"] == "หัวข้อที่ ๑ งานบริการ"
    assert data["rounds"][0]["entries"][0]["group_label"] == "หัวข้อที่ ๑ งานบริการ"
    assert data["oit_readiness"][0]["responsible_text"] == "สำนักปลัด / กองคลัง"
    assert data["oit_readiness"][0]["requirement_text"] == "- รายชื่อผู้บริหารพร้อมรูป"
    assert data["indicator_plans"][0]["responsible_text"] == "ทุกกอง / งานบุคคล"
    assert data["report_preference"]["column_headings"] == {"numbered": {"steps": "วิธีการทำงาน"}}
    assert data["report_preference"]["status_by_tool"] is True

    wipe_agencies()
    plan, errors = validate(json.loads(before))
    assert errors == []
    agency = import_agency_year(plan)
    assert dumps(export_agency_year(agency, 2567)) == before
    assert ReportPreference.objects.get(agency=agency).iit_label == "แบบวัดภายใน (IIT)"
    assert RoundEntry.objects.get(round__agency=agency, order=1).group_label == (
        "หัวข้อที่ ๑ งานบริการ"
    )


def test_files_written_before_the_wording_still_load(worded_2567):
    data = export_agency_year(worded_2567, 2567)
    del data["report_preference"]
    for measure in data["measures"]:
        del measure["group_label"]
    for entry in data["rounds"][0]["entries"]:
        del entry["group_label"]
    for row in data["oit_readiness"]:
        del row["responsible_text"], row["requirement_text"]
    for row in data["indicator_plans"]:
        del row["responsible_text"]
    wipe_agencies()
    plan, errors = validate(data)
    assert errors == []
    agency = import_agency_year(plan)
    assert set(Measure.objects.filter(agency=agency).values_list("group_label", flat=True)) == {""}
    assert OITItemReadiness.objects.get(agency=agency).responsible_text == ""
    assert IndicatorPlan.objects.get(agency=agency).responsible_text == ""
    assert not ReportPreference.objects.filter(agency=agency).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["measures"][0].update(group_label="ก" * 301),
         "measures[0].group_label: ยาวเกิน 300 ตัวอักษร"),
        (lambda d: d["measures"][0].update(group_label=5), "measures[0].group_label: ต้องเป็นข้อความ"),
        (lambda d: d["oit_readiness"][0].update(responsible_text="ก" * 301),
         "oit_readiness[0].responsible_text: ยาวเกิน 300 ตัวอักษร"),
        (lambda d: d["oit_readiness"][0].update(requirement_text="ก" * 5001),
         "oit_readiness[0].requirement_text: ยาวเกิน 5000 ตัวอักษร"),
        (lambda d: d["indicator_plans"][0].update(responsible_text=["กองคลัง"]),
         "indicator_plans[0].responsible_text: ต้องเป็นข้อความ"),
        (lambda d: d["report_preference"].update(status_by_tool="yes"),
         "report_preference.status_by_tool: ต้องเป็น true หรือ false"),
        (lambda d: d["report_preference"].update(progress_layout="fancy"),
         "report_preference.progress_layout: รูปแบบรายงานไม่ถูกต้อง"),
        (lambda d: d["report_preference"].update(column_headings={"memo": {"x": "y"}}),
         "report_preference.column_headings: ไม่รู้จักตาราง memo"),
        (lambda d: d["report_preference"].update(
            column_headings={"numbered": {"steps": "ก" * 101}}),
         "report_preference.column_headings: หัวตารางต้องยาวไม่เกิน 100 ตัวอักษร"),
        (lambda d: d["report_preference"].pop("iit_label"),
         "report_preference.iit_label: ไม่มีข้อมูลนี้"),
    ],
)
def test_bad_wording_in_a_file_is_named_and_nothing_is_written(worded_2567, change, message):
    data = copy.deepcopy(export_agency_year(worded_2567, 2567))
    wipe_agencies()
    before = counts()
    change(data)
    plan, errors = validate(data)
    assert plan is None
    assert any(error.startswith(message) for error in errors), errors
    assert counts() == before and not Agency.objects.exists()


def test_a_file_never_overwrites_the_agencys_saved_choices(worded_2567, demo):
    data = export_agency_year(worded_2567, 2567)
    other = demo["other_agency"]
    officer_b = get_user_model().objects.get(username="demo_officer_b")
    report_preference_save(other, acting_user=officer_b, iit_label="ของเราเอง")
    data["agency"]["code"] = other.code
    data["units"] = [{"name": u.name, "order": u.order} for u in other.units.all()]
    data["measures"], data["rounds"], data["documents"] = [], [], []
    data["oit_readiness"], data["indicator_plans"] = [], []
    plan, errors = validate(data, into_existing=True)
    assert errors == []
    import_agency_year(plan)
    assert ReportPreference.objects.get(agency=other).iit_label == "ของเราเอง"

