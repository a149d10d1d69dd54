"""Issue 13 in print: the period from the dates (1), incomplete results and issuing (2),
an agency without district or province (6), symbols and emoji in the PDF (8)."""

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from ita_portal.audit.models import AuditEvent
from ita_portal.documents.models import IssuedDocument
from ita_portal.documents.rendering import payload_html, render_payload
from measures.models import Measure
from measures.services import MeasureInput, measure_create
from reports.documents import incomplete_scores, report_payload
from reports.ita_json import export_agency_year, import_agency_year, validate
from tests.assessments.test_incomplete_results import ALL_PASS, save_2567

pytestmark = pytest.mark.django_db

AGENCY = "thung-ruang-thong"


def agency() -> Agency:
    return Agency.objects.get(code=AGENCY)


def year(number: int) -> AssessmentYear:
    return AssessmentYear.objects.get(year=number)


def add_measure(**values) -> Measure:
    return measure_create(
        agency=agency(),
        year=year(2567),
        data=MeasureInput(values={"status": "not_started", **values}),
        acting_user=get_user_model().objects.get(username="demo_officer"),
    )


def pdf_text(as_pdf, payload) -> str:
    """The PDF's text layer without white space (cells wrap anywhere)."""
    return "".join(as_pdf(render_payload(payload).content).text().split())


# --- 1. the period from the dates -----------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "layout", "has_period_column"),
    [
        ("plan", "", True),
        ("progress", "by_indicator", True),
        ("progress", "by_tool", False),  # as the seed documents of that layout: no column
        ("progress", "numbered", True),
    ],
)
def test_every_report_prints_the_months_when_the_period_text_is_empty(
    demo, kind, layout, has_period_column
):
    add_measure(title="มาตรการมีแต่วันที่", period_start=dt.date(2023, 10, 1),
                period_end=dt.date(2024, 3, 31))
    payload = report_payload(agency(), year(2567), kind, layout=layout or "by_indicator",
                             thai_digits=False)
    (dated,) = [m for m in payload["measures"] if m["title"] == "มาตรการมีแต่วันที่"]
    assert dated["period_text"] == "ต.ค. 2566 – มี.ค. 2567"
    assert ("ต.ค. 2566 – มี.ค. 2567" in payload_html(payload)) is has_period_column


def test_the_plan_pdf_text_layer_has_the_months_in_thai_digits(demo, as_pdf):
    add_measure(title="มาตรการมีแต่วันที่", period_start=dt.date(2023, 10, 1),
                period_end=dt.date(2024, 3, 31))
    text = pdf_text(as_pdf, report_payload(agency(), year(2567), "plan", thai_digits=True))
    assert "ต.ค.๒๕๖๖–มี.ค.๒๕๖๗" in text
    # A typed period still wins over the dates (demo measure 1).
    assert "ตุลาคม๒๕๖๖–มีนาคม๒๕๖๗" in text


# --- 2. incomplete results: the report and issuing ------------------------------------


class TestAnalysisReport:
    def test_the_pdf_says_what_is_missing(self, demo, as_pdf):
        save_2567(indicators={1: "97.50"}, tools={"iit": "96.00"})
        payload = report_payload(agency(), year(2567), "analysis", thai_digits=False)
        assert payload["analysis"]["missing_text"] == (
            "ยังไม่ได้กรอกคะแนนตัวชี้วัดที่ 2–10 และคะแนน EIT, OIT"
        )
        assert [i["number"] for i in payload["analysis"]["missing_indicators"]] == list(
            range(2, 11)
        )
        text = pdf_text(as_pdf, payload)
        assert "หมายเหตุผลการประเมินยังไม่ครบ" in text
        assert "ยังไม่ได้กรอกคะแนนตัวชี้วัดที่2–10และคะแนนEIT,OIT" in text
        assert "ยังสรุปไม่ได้" in text
        assert "ทุกตัวชี้วัดผ่านเกณฑ์" not in text

    def test_a_payload_stored_before_this_change_renders_as_then(self, demo):
        payload = report_payload(agency(), year(2566), "analysis")
        for key in ("missing_indicators", "missing_tools", "missing_text"):
            payload["analysis"].pop(key)
        payload["analysis"]["weaknesses"] = []
        html = payload_html(payload)
        assert ALL_PASS in html and "ยังไม่ครบ" not in html


class TestIssuing:
    index = reverse("reports:report_index", args=[AGENCY, 2567])
    issue = reverse("reports:report_issue", args=[AGENCY, 2567, "analysis"])

    def test_the_reports_page_asks_for_confirmation(self, client, demo, login):
        save_2567(indicators={1: "97.50"}, tools={"iit": "96.00"})
        login("demo_officer")
        html = client.get(self.index).content.decode()
        assert "คะแนนยังไม่ครบ: ยังไม่ได้กรอกคะแนนตัวชี้วัดที่ 2–10 และคะแนน EIT, OIT" in html
        assert 'name="confirm_incomplete" value="1"' in html
        assert "ยืนยันออกเอกสารทั้งที่คะแนนยังไม่ครบ" in html

    def test_without_confirmation_nothing_is_issued(self, client, demo, login):
        save_2567(indicators={1: "97.50"}, tools={"iit": "96.00"})
        login("demo_officer")
        events = AuditEvent.objects.count()
        response = client.post(self.issue, follow=True)
        html = response.content.decode()
        assert response.redirect_chain[-1][0] == self.index
        assert "ยังไม่ได้ออกเอกสาร: ยังไม่ได้กรอกคะแนนตัวชี้วัดที่ 2–10" in html
        assert not IssuedDocument.objects.exists()
        assert AuditEvent.objects.count() == events
        client.post(self.issue, {"confirm_incomplete": "yes"})
        assert not IssuedDocument.objects.exists()

    def test_with_confirmation_it_is_issued(
        self, client, demo, login, django_capture_on_commit_callbacks
    ):
        save_2567(indicators={1: "97.50"}, tools={"iit": "96.00"})
        login("demo_officer")
        with django_capture_on_commit_callbacks(execute=False):
            response = client.post(self.issue, {"confirm_incomplete": "1"})
        document = IssuedDocument.objects.get()
        assert response.url == reverse("documents:document_detail", args=[AGENCY, document.pk])

    def test_a_complete_result_needs_no_confirmation(
        self, client, demo, login, django_capture_on_commit_callbacks
    ):
        login("demo_officer")
        index = client.get(reverse("reports:report_index", args=[AGENCY, 2566])).content.decode()
        assert "confirm_incomplete" not in index
        with django_capture_on_commit_callbacks(execute=False):
            client.post(reverse("reports:report_issue", args=[AGENCY, 2566, "analysis"]))
        assert IssuedDocument.objects.filter(kind="analysis").count() == 1

    def test_incomplete_scores_concerns_the_analysis_only(self, demo):
        save_2567(indicators={1: "97.50"}, tools={"iit": "96.00"})
        assert incomplete_scores(agency(), year(2567), "plan") == ""
        assert incomplete_scores(agency(), year(2567), "analysis").startswith(
            "ยังไม่ได้กรอกคะแนนตัวชี้วัดที่ 2–10"
        )


# --- 6. an agency without district or province ----------------------------------------


def test_a_cover_prints_only_the_place_that_is_known(demo, as_pdf):
    Agency.objects.filter(code=AGENCY).update(district="")
    text = pdf_text(as_pdf, report_payload(agency(), year(2567), "plan", thai_digits=False))
    assert "จังหวัดพะเยา" in text and "อำเภอ" not in text
    Agency.objects.filter(code=AGENCY).update(province="")
    text = pdf_text(as_pdf, report_payload(agency(), year(2567), "plan", thai_digits=False))
    assert "อำเภอ" not in text and "จังหวัด" not in text


@pytest.mark.parametrize("absent", [True, False])
def test_import_ita_accepts_an_agency_without_district_and_province(demo, tmp_path, absent):
    data = json.loads(json.dumps(export_agency_year(demo["agency"], 2566), default=str))
    data["agency"]["code"] = "no-place"
    for key in ("district", "province"):
        if absent:
            del data["agency"][key]
        else:
            data["agency"][key] = ""
    path = tmp_path / "agency.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("import_ita", str(path))
    imported = Agency.objects.get(code="no-place")
    assert (imported.district, imported.province, imported.locality) == ("", "", "")


def test_import_ita_still_needs_a_name(demo):
    data = json.loads(json.dumps(export_agency_year(demo["agency"], 2566), default=str))
    data["agency"].update(code="no-name", name=" ")
    plan, errors = validate(data)
    assert plan is None and "agency.name: ต้องไม่เว้นว่าง" in errors
    assert not Agency.objects.filter(code="no-name").exists()


def test_an_agency_without_a_place_imports_through_the_plan_too(demo):
    data = json.loads(json.dumps(export_agency_year(demo["agency"], 2566), default=str))
    data["agency"].update(code="no-place-2", district="", province="")
    plan, errors = validate(data)
    assert errors == []
    assert import_agency_year(plan).locality == ""


# --- 8. symbols and emoji -------------------------------------------------------------


def test_emoji_and_symbols_print_visibly_with_a_text_layer(demo, as_pdf):
    add_measure(title="ประชาสัมพันธ์ 😀 👍 ✅ ★ → ⚠ ช่องทาง")
    payload = report_payload(agency(), year(2567), "plan", thai_digits=False)
    pdf = as_pdf(render_payload(payload).content)
    text = "".join(pdf.text().split())
    assert "ประชาสัมพันธ์😀👍✅★→⚠ช่องทาง" in text
    symbola = [f for f in pdf.fonts() if "Symbola" in f["name"]]
    assert symbola, "emoji are drawn with Symbola (fonts-symbola)"
    assert all(f["emb"] == "yes" and f["uni"] == "yes" for f in symbola)
