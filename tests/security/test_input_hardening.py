"""Issue 12 (hardening): numbers, ids, control characters and Thai messages in user input.

Before the fix: `?unit=²` and a superscript order in an import gave 500 (str.isdigit accepts
"²", int() does not); huge ids gave 500 on SQLite (OverflowError); a NUL in an imported
cell was a database error on PostgreSQL; a deeply nested JSON file an uncaught
RecursionError; Thai digits were read by some inputs and not others; and Django's length,
NUL and "not a valid value" messages reached users in English.
"""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from assessments.csv_io import parse_result_csv
from assessments.models import AssessmentResult, AssessmentYear
from ita_portal.audit.models import AuditEvent
from ita_portal.thai import arabic_digits, has_control_characters, parse_id
from measures.exchange import parse_measures_file
from measures.models import Measure, MeasureSuggestion
from measures.services import MeasureInput, measure_create
from reports.ita_json import export_agency_year, loads, validate
from tests.assessments.test_result_csv import GOOD_ROWS
from tests.assessments.test_result_csv import csv_bytes as result_csv_bytes
from tests.measures.test_exchange import csv_bytes, good_row, xlsx_bytes

pytestmark = pytest.mark.django_db

AGENCY = "thung-ruang-thong"
# Django's own English texts a user could see; none may reach a page.
ENGLISH = re.compile(
    r"Ensure this|Null characters|is not a valid|Enter a |Select a valid|This field|"
    r"filename has|must be|Value \d|not allowed"
)


def year(number: int) -> AssessmentYear:
    return AssessmentYear.objects.get(year=number)


@pytest.fixture
def officer(demo):
    return get_user_model().objects.get(username="demo_officer")


def new_measure(agency, y, officer, title="มาตรการ"):
    return measure_create(
        agency=agency, year=y, data=MeasureInput(values={"title": title}), acting_user=officer
    )


# --- the helpers --------------------------------------------------------------------


def test_thai_digits_become_arabic_and_nothing_else_changes():
    assert arabic_digits("๑๐๐.๕") == "100.5"
    assert arabic_digits("กำไร ๒ เท่า") == "กำไร 2 เท่า"
    assert arabic_digits("²") == "²"  # never NFKC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("๑๒", 12),
        ("²", None),
        ("0", None),
        ("-1", None),
        ("1" * 20, None),
        (str(2**63), None),
        (str(2**63 - 1), 2**63 - 1),
        ("", None),
        ("1e3", None),
    ],
)
def test_parse_id(text, expected):
    assert parse_id(text) == expected


def test_control_characters_are_those_other_than_tab_and_line_breaks():
    assert has_control_characters("a\x00b") and has_control_characters("\x1b")
    assert not has_control_characters("ก\tข\r\nค")


# --- item 1: superscript digits and huge ids -----------------------------------------


@pytest.mark.parametrize("unit", ["²", "๑", "99999999999999999999", "10" * 30, "-1", "1e5"])
def test_measure_list_ignores_a_unit_filter_it_cannot_read(demo, login, unit):
    url = reverse("measures:measure_list", args=[AGENCY, 2567])
    response = login("demo_officer").get(url, {"unit": unit})
    assert response.status_code == 200


def test_measure_list_reads_a_unit_in_thai_digits(demo, login):
    unit = demo["agency"].units.order_by("pk").first()
    url = reverse("measures:measure_list", args=[AGENCY, 2567])
    response = login("demo_officer").get(
        url, {"unit": str(unit.pk).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))}
    )
    assert response.status_code == 200
    assert response.context["unit_id"] == unit.pk


@pytest.mark.parametrize("value", ["²", "99999999999999999999", str(10**30)])
def test_suggestions_post_with_unreadable_ids_is_a_message_not_an_error(demo, login, value):
    url = reverse("measures:measures_suggestions", args=[AGENCY, 2567])
    before = Measure.objects.count()
    response = login("demo_officer").post(url, {"suggestion": [value]})
    assert response.status_code == 200
    assert Measure.objects.count() == before
    assert "กรุณาเลือกมาตรการที่ต้องการอย่างน้อยหนึ่งรายการ" in response.content.decode()


def test_activity_filter_ignores_a_person_it_cannot_read(demo, login):
    url = reverse("audit:activity", args=[AGENCY])
    for person in ("²", str(10**30)):
        assert login("demo_officer").get(url, {"person": person}).status_code == 200


@pytest.mark.parametrize("field", ["indicators", "units", "oit_items"])
@pytest.mark.parametrize("value", [str(10**30), "99999999999999999999", "²", "abc"])
def test_measure_form_refuses_unreadable_ids_in_thai(demo, login, field, value):
    url = reverse("measures:measure_create", args=[AGENCY, 2567])
    before = Measure.objects.count()
    response = login("demo_officer").post(
        url, {"title": "มาตรการ", "status": "not_started", field: [value]}
    )
    assert response.status_code == 200
    assert Measure.objects.count() == before
    errors = response.context["form"].errors[field]
    assert errors and all("ไม่อยู่ในรายการ" in e for e in errors), errors
    assert not ENGLISH.search(response.content.decode())


@pytest.mark.parametrize("order", ["²", "1²", "๑²"])
def test_measures_import_refuses_a_superscript_order(demo, order):
    parsed, errors = parse_measures_file(
        demo["agency"], year(2566), "m.csv", csv_bytes([good_row(**{"ลำดับ": order})])
    )
    assert parsed is None
    assert "ลำดับต้องเป็นจำนวนเต็ม" in str(errors[0])


@pytest.mark.parametrize("cells", [{"ตัวชี้วัด": "²"}, {"ข้อ OIT": "O²"}, {"เริ่ม": "2024-1²-01"}])
def test_measures_import_refuses_superscripts_in_numbers(demo, cells):
    parsed, errors = parse_measures_file(
        demo["agency"], year(2566), "m.csv", csv_bytes([good_row(**cells)])
    )
    assert parsed is None and errors


def test_result_csv_refuses_superscript_codes_and_scores(demo):
    for row in (
        ["ตัวชี้วัด", "²", "", "90", ""],
        ["OIT", "O²", "", "100", ""],
        ["ตัวชี้วัด", "1", "", "9²", ""],
    ):
        data, errors = parse_result_csv(year(2566), result_csv_bytes([row]))
        assert data is None and errors, row


# --- item 3: Thai digits, one rule ---------------------------------------------------


def test_measures_import_reads_thai_digits_in_every_number(demo):
    row = good_row(
        **{"ลำดับ": "๑", "ตัวชี้วัด": "๖, ๗", "ข้อ OIT": "O๕", "เริ่ม": "๒๐๒๓-๑๑-๐๑", "สิ้นสุด": "๒๐๒๔-๐๓-๓๑"}
    )
    for name, raw in (("m.csv", csv_bytes([row])), ("m.xlsx", xlsx_bytes([row]))):
        parsed, errors = parse_measures_file(demo["agency"], year(2566), name, raw)
        assert errors == [], errors
        (only,) = parsed
        assert only.order == 1
        assert [i.number for i in only.data.indicators] == [6, 7]
        assert [o.number for o in only.data.oit_items] == [5]
        assert str(only.data.values["period_start"]) == "2023-11-01"


def test_measures_import_keeps_thai_digits_in_texts(demo):
    row = good_row(**{"มาตรการ/แนวทาง": "อบรม ๒ รุ่น"})
    parsed, errors = parse_measures_file(demo["agency"], year(2566), "m.csv", csv_bytes([row]))
    assert errors == []
    assert parsed[0].data.values["title"] == "อบรม ๒ รุ่น"


def test_result_csv_reads_thai_digits(demo):
    rows = [["ตัวชี้วัด", "๙", "", "๙๗.๘๒", ""], ["OIT", "O๑", "", "๑๐๐", ""]]
    data, errors = parse_result_csv(year(2566), result_csv_bytes(rows))
    assert errors == [], errors
    assert str(data.indicators[9][0]) == "97.82"
    assert str(data.oit_items[1][0]) == "100.00"


def test_result_form_reads_thai_digits(demo, login):
    url = reverse("assessments:result_edit", args=[AGENCY, 2566])
    client = login("demo_officer")
    form = client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else str(value)
    data["iit"] = "๙๗.๘๒"
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    result = AssessmentResult.objects.get(agency__code=AGENCY, year__year=2566)
    assert str(result.iit) == "97.82"


@pytest.mark.parametrize("value", ["²", "١٢", "nan", "inf", "1e309", "๑๐๑"])
def test_result_form_refuses_other_numbers_in_thai(demo, login, value):
    url = reverse("assessments:result_edit", args=[AGENCY, 2566])
    client = login("demo_officer")
    response = client.post(url, {"iit": value})
    assert response.status_code == 200
    assert response.context["form"].errors["iit"]
    assert not ENGLISH.search(response.content.decode())


# --- item 2: control characters in imports, deep JSON --------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f"])
def test_measures_import_refuses_control_characters_naming_row_and_column(demo, officer, char):
    agency, y = demo["agency"], year(2566)
    new_measure(agency, y, officer, "เดิม")
    rows = [good_row(), good_row(**{"มาตรการ/แนวทาง": f"ก{char}ข"})]
    before = list(Measure.objects.values_list("pk", "title", "order"))
    parsed, errors = parse_measures_file(agency, y, "m.csv", csv_bytes(rows))
    assert parsed is None
    assert [str(e) for e in errors] == [
        "แถวที่ 3 คอลัมน์ มาตรการ/แนวทาง: มีอักขระควบคุม (เช่น NUL) ที่ไม่ใช่ข้อความ "
        "กรุณาลบอักขระนั้นออกจากเซลล์แล้วอัปโหลดใหม่"
    ]
    assert list(Measure.objects.values_list("pk", "title", "order")) == before


def test_measures_import_view_with_a_nul_saves_nothing(demo, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("measures:measures_import", args=[AGENCY, 2566])
    raw = csv_bytes([good_row(), good_row(**{"ผู้รับผิดชอบเพิ่มเติม": "x\x00"})])
    before = Measure.objects.count()
    response = login("demo_officer").post(url, {"file": SimpleUploadedFile("m.csv", raw)})
    assert response.status_code == 400
    assert "แถวที่ 3" in response.content.decode()
    assert Measure.objects.count() == before


def test_measures_import_keeps_tabs_and_line_breaks(demo):
    row = good_row(**{"ขั้นตอนหรือวิธีการปฏิบัติ": "๑.\tแต่งตั้ง\r\n๒. ประชุม"})
    parsed, errors = parse_measures_file(demo["agency"], year(2566), "m.csv", csv_bytes([row]))
    assert errors == []
    assert parsed[0].data.values["steps"] == "๑.\tแต่งตั้ง\n๒. ประชุม"


@pytest.mark.parametrize("char", ["\x00", "\x0b"])
def test_result_csv_refuses_control_characters_naming_row(demo, char):
    rows = [*GOOD_ROWS[:-1], ["OIT", "O2", "", "0", f"ไม่พบ{char}ข้อมูล"]]
    data, errors = parse_result_csv(year(2566), result_csv_bytes(rows))
    assert data is None
    assert [str(e) for e in errors] == [
        f"แถวที่ {len(rows) + 1} คอลัมน์ ความคิดเห็น: มีอักขระควบคุม (เช่น NUL) ที่ไม่ใช่ข้อความ "
        "กรุณาลบอักขระนั้นออกจากเซลล์แล้วอัปโหลดใหม่"
    ]


def test_ita_json_refuses_control_characters_naming_the_path(demo):
    data = json.loads(json.dumps(export_agency_year(demo["agency"], 2567)))
    data["measures"][0]["title"] = "ก\x00ข"
    data["agency"]["name"] = "ทุ่ง\x01รวงทอง"
    plan, errors = validate(data)
    assert plan is None
    assert sorted(errors) == [
        "agency.name: มีอักขระควบคุม (เช่น NUL) ที่ไม่ใช่ข้อความ กรุณาลบออกแล้วนำเข้าใหม่",
        "measures[0].title: มีอักขระควบคุม (เช่น NUL) ที่ไม่ใช่ข้อความ กรุณาลบออกแล้วนำเข้าใหม่",
    ]


def test_ita_json_deeply_nested_is_a_thai_refusal(tmp_path, demo):
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(ValueError, match="ซ้อนกันลึกเกินไป"):
        loads(deep)
    path = tmp_path / "deep.json"
    path.write_text(deep, encoding="utf-8")
    with pytest.raises(CommandError, match="ซ้อนกันลึกเกินไป"):
        call_command("import_ita", str(path))


def test_ita_json_reads_thai_digits_in_scores(demo):
    data = json.loads(json.dumps(export_agency_year(demo["agency"], 2566)))
    result = data["result"]
    assert result is not None
    result["iit"] = "๙๗.๘๒"
    _plan, errors = validate(data, into_existing=True)
    assert not any(e.startswith("result.iit") for e in errors), errors


# --- item 4: no English message ------------------------------------------------------


def test_long_and_nul_values_in_the_measure_form_are_refused_in_thai(demo, login):
    url = reverse("measures:measure_create", args=[AGENCY, 2567])
    response = login("demo_officer").post(
        url,
        {
            "title": "ก" * 5000,
            "period_text": "ข" * 500,
            "status": "bogus",
            "period_start": "abc",
            "indicators": ["abc"],
            "version": "x",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["form"].errors
    assert not ENGLISH.search(html), ENGLISH.search(html)


@pytest.mark.parametrize(
    "value",
    [
        "²/10/2567",
        "1/10/٢٥٦٧",
        "1/10/2567/1",
        "0/10/2567",
        "1/0/2567",
        "-1/10/2567",
        "99999999999999999999/1/2567",
        "1/1/" + "9" * 400,
        "9" * 5000,
        "2567-10-01T00:00",
        "1 Oct 2567",
    ],
)
def test_a_date_that_cannot_be_read_is_refused_in_thai_and_saves_nothing(demo, login, value):
    url = reverse("measures:measure_create", args=[AGENCY, 2567])
    before = Measure.objects.count()
    response = login("demo_officer").post(
        url, {"title": "มาตรการ", "status": "not_started", "period_end": value}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["period_end"]
    assert errors and all(re.search("[ก-๙]", e) for e in errors), errors
    assert not ENGLISH.search(response.content.decode())
    assert Measure.objects.count() == before


def test_evidence_form_long_file_name_is_refused_in_thai(demo, login, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    measure = new_measure(demo["agency"], year(2567), officer)
    url = reverse("measures:evidence_add", args=[measure.pk])
    upload = SimpleUploadedFile("ก" * 300 + ".pdf", b"%PDF-1.4 test")
    response = login("demo_officer").post(url, {"title": "x" * 400, "file": upload})
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert not ENGLISH.search(html), ENGLISH.search(html)
    assert measure.evidence.count() == 0


def test_readiness_and_plan_forms_refuse_in_thai(demo, login):
    client = login("demo_officer")
    item = year(2567).oit_items.order_by("number").first()
    indicator = year(2567).indicators.order_by("number").first()
    for url, data in (
        (
            reverse("measures:readiness_item_edit", args=[AGENCY, 2567, item.number]),
            {"units": ["abc", str(10**30)], "url": "x" * 3000, "progress": "bogus"},
        ),
        (
            reverse("measures:indicator_plan_edit", args=[AGENCY, 2567, indicator.number]),
            {"units": ["²"], "period_text": "ก" * 3000, "progress": "bogus"},
        ),
    ):
        response = client.post(url, data)
        assert response.status_code in (200, 400), url
        html = response.content.decode()
        assert not ENGLISH.search(html), (url, ENGLISH.search(html))


def test_suggestion_library_has_no_row_changed_by_a_bad_post(demo, login):
    url = reverse("measures:measures_suggestions", args=[AGENCY, 2567])
    before = MeasureSuggestion.objects.count()
    response = login("demo_officer").post(
        url, {"action": "add", "indicator_number": "²", "title": "ก" * 10}
    )
    assert response.status_code == 200
    assert MeasureSuggestion.objects.count() == before
    assert not ENGLISH.search(response.content.decode())


def test_audit_events_unchanged_by_refused_posts(demo, login):
    before = AuditEvent.objects.count()
    url = reverse("measures:measure_create", args=[AGENCY, 2567])
    login("demo_officer").post(url, {"title": "", "indicators": [str(10**30)]})
    assert AuditEvent.objects.count() == before


def test_imports_refuse_numbers_of_thousands_of_digits(demo):
    """int() of more than 4300 digits raises ValueError: found by test_properties."""
    huge = "9" * 5000
    for cells in ({"ลำดับ": huge}, {"ตัวชี้วัด": huge}, {"ข้อ OIT": "O" + huge}):
        parsed, errors = parse_measures_file(
            demo["agency"], year(2566), "m.csv", csv_bytes([good_row(**cells)])
        )
        assert parsed is None and errors, cells
    for row in (["ตัวชี้วัด", huge, "", "90", ""], ["OIT", "O" + huge, "", "100", ""]):
        data, errors = parse_result_csv(year(2566), result_csv_bytes([row]))
        assert data is None and errors, row
