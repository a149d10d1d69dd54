"""Property-based tests (issue 12, item 6): whatever a user types or uploads, the answer is
a Thai form error or a success, never an exception or a 500, and a refused submission
changes no row.

Inputs mix Thai, Latin, emoji and control characters, huge strings, boundary and
non-finite numbers (nan, inf, 1e309, -0, 10**30) and Thai digits. Bounded to 25 examples
per property so the file runs in well under a minute on SQLite.
"""

import csv
import io
import json

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from assessments.csv_io import HEADER as RESULT_HEADER
from assessments.csv_io import CsvRowError, parse_result_csv
from assessments.models import AssessmentResult, AssessmentYear, IndicatorScore, OITItemScore
from assessments.services import result_save
from ita_portal.audit.models import AuditEvent
from measures.exchange import COLUMNS, import_measures, parse_measures_file
from measures.models import (
    IndicatorPlan,
    Measure,
    MeasureEvidence,
    MeasureSuggestion,
    OITItemReadiness,
)
from measures.services import TEXT_FIELDS
from reports.ita_json import export_agency_year, validate
from reports.models import ReportPreference

pytestmark = pytest.mark.django_db

AGENCY = "thung-ruang-thong"
BOUNDED = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- strategies ----------------------------------------------------------------------

THAI = st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B)
LATIN = st.characters(min_codepoint=0x20, max_codepoint=0x24F)
EMOJI = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)
CONTROL = st.one_of(st.characters(min_codepoint=0, max_codepoint=0x1F), st.just("\x7f"))
ODD_DIGITS = st.sampled_from("²³¹١٢٣௧๑๒๙")
CHARACTERS = st.one_of(THAI, LATIN, EMOJI, CONTROL, ODD_DIGITS)
HUGE = st.builds(
    lambda ch, n: ch * n,
    st.sampled_from(["ก", "x", "😀", "๑"]),
    st.sampled_from([199, 200, 201, 255, 256, 500, 501, 1000, 5000]),
)
TEXT = st.one_of(st.text(CHARACTERS, max_size=40), HUGE)
SPECIAL_NUMBERS = st.sampled_from(
    [
        "nan",
        "NaN",
        "inf",
        "-inf",
        "Infinity",
        "1e309",
        "-1e309",
        "-0",
        "-0.0",
        "0",
        "100",
        "100.00",
        "100.001",
        "0.005",
        "-1",
        "99.999",
        str(10**30),
        str(-(10**30)),
        "๑๐๐",
        "๙๗.๘๒",
        "๐",
        "๑²",
        "1²",
        "², ",
        " 5 ",
        "1,000",
        "1_000",
        "0x10",
        "",
        "9" * 5000,
    ]
)
NUMBER = st.one_of(
    SPECIAL_NUMBERS,
    st.integers(-(10**40), 10**40).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    TEXT,
)
DATE = st.one_of(
    st.sampled_from(["2024-10-01", "2567-10-01", "2024-02-30", "๒๐๒๔-๑๐-๐๑", "0000-01-01"]),
    st.dates().map(str),
    NUMBER,
)


def ids(valid: list[int]):
    return st.lists(st.one_of(st.sampled_from(valid), NUMBER), max_size=4)


# --- helpers -------------------------------------------------------------------------


def snapshot(*models) -> list:
    """Every row of the models (and the audit trail): equal before and after a refusal."""
    rows = [AuditEvent.objects.count()]
    for model in models:
        rows.append(list(model.objects.order_by("pk").values()))
    return rows


def assert_refused_or_saved(response, before, *models) -> None:
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code != 302:
        assert snapshot(*models) == before, "a refused submission changed a row"


@pytest.fixture
def officer_client(demo, login):
    return login("demo_officer")


def year(number: int) -> AssessmentYear:
    return AssessmentYear.objects.get(year=number)


def no_control(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)


# --- forms ---------------------------------------------------------------------------


@BOUNDED
@given(data=st.data())
def test_measure_form(officer_client, demo, data):
    y = year(2567)
    url = reverse("measures:measure_create", args=[AGENCY, 2567])
    post = {name: data.draw(TEXT, label=name) for name in TEXT_FIELDS}
    post["status"] = data.draw(st.one_of(st.sampled_from(["not_started", "done"]), TEXT))
    post["tool"] = data.draw(st.one_of(st.sampled_from(["", "IIT", "OIT"]), TEXT))
    post["period_start"] = data.draw(DATE)
    post["period_end"] = data.draw(DATE)
    post["version"] = data.draw(NUMBER)
    post["indicators"] = data.draw(ids(list(y.indicators.values_list("pk", flat=True))))
    post["oit_items"] = data.draw(ids(list(y.oit_items.values_list("pk", flat=True)[:5])))
    post["units"] = data.draw(ids(list(demo["agency"].units.values_list("pk", flat=True))))
    before = snapshot(Measure)
    response = officer_client.post(url, post)
    assert_refused_or_saved(response, before, Measure)


@BOUNDED
@given(data=st.data())
def test_result_form(officer_client, data):
    url = reverse("assessments:result_edit", args=[AGENCY, 2566])
    form = officer_client.get(url).context["form"]
    post = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        post[name] = "" if value is None else str(value)
    for name in data.draw(st.lists(st.sampled_from(sorted(form.fields)), max_size=6)):
        post[name] = data.draw(NUMBER if name not in ("preface",) else TEXT, label=name)
    before = snapshot(AssessmentResult, IndicatorScore, OITItemScore)
    response = officer_client.post(url, post)
    assert_refused_or_saved(response, before, AssessmentResult, IndicatorScore, OITItemScore)


@BOUNDED
@given(data=st.data())
def test_readiness_and_plan_forms(officer_client, demo, data):
    y = year(2567)
    unit_ids = list(demo["agency"].units.values_list("pk", flat=True))
    item = y.oit_items.order_by("number").first()
    indicator = y.indicators.order_by("number").first()
    progress = st.one_of(st.sampled_from(["not_started", "in_progress", "done"]), TEXT)
    readiness = {
        "units": data.draw(ids(unit_ids)),
        "url": data.draw(st.one_of(st.just("https://example.go.th/ก"), TEXT)),
        "progress": data.draw(progress),
        "note": data.draw(TEXT),
    }
    plan = {
        "approach": data.draw(TEXT),
        "units": data.draw(ids(unit_ids)),
        "period_text": data.draw(TEXT),
        "progress": data.draw(progress),
        "note": data.draw(TEXT),
    }
    for url, post, model in (
        (
            reverse("measures:readiness_item_edit", args=[AGENCY, 2567, item.number]),
            readiness,
            OITItemReadiness,
        ),
        (
            reverse("measures:indicator_plan_edit", args=[AGENCY, 2567, indicator.number]),
            plan,
            IndicatorPlan,
        ),
    ):
        before = snapshot(model)
        assert_refused_or_saved(officer_client.post(url, post), before, model)


@BOUNDED
@given(data=st.data())
def test_report_preferences(officer_client, data):
    url = reverse("reports:report_index", args=[AGENCY, 2567])
    post = {
        "progress_layout": data.draw(
            st.one_of(st.sampled_from(["by_indicator", "numbered"]), TEXT)
        ),
        "thai_digits": data.draw(st.one_of(st.sampled_from(["on", "", "true"]), TEXT)),
        "with_cover": data.draw(st.one_of(st.sampled_from(["on", ""]), TEXT)),
    }
    before = snapshot(ReportPreference)
    assert_refused_or_saved(officer_client.post(url, post), before, ReportPreference)


@BOUNDED
@given(data=st.data())
def test_evidence_form(officer_client, demo, data):
    measure = Measure.objects.filter(agency=demo["agency"]).order_by("pk").first()
    url = reverse("measures:evidence_add", args=[measure.pk])
    post = {
        "title": data.draw(TEXT),
        "url": data.draw(st.one_of(st.just(""), st.just("https://example.go.th"), TEXT)),
    }
    if data.draw(st.booleans()):
        name = data.draw(st.text(st.one_of(THAI, LATIN, EMOJI), min_size=1, max_size=300))
        extension = data.draw(st.sampled_from([".pdf", ".png", ".exe", "", ".PDF"]))
        content = data.draw(st.sampled_from([b"%PDF-1.4 x", b"\x89PNG\r\n\x1a\nxx", b"", b"MZ"]))
        post["file"] = SimpleUploadedFile(name.replace("/", "_") + extension, content)
    before = snapshot(MeasureEvidence)
    assert_refused_or_saved(officer_client.post(url, post), before, MeasureEvidence)


@BOUNDED
@given(data=st.data())
def test_own_suggestion_form(officer_client, data):
    url = reverse("measures:measures_suggestions", args=[AGENCY, 2567])
    post = {
        "action": "add",
        "indicator_number": data.draw(NUMBER),
        "title": data.draw(TEXT),
        "steps": data.draw(TEXT),
    }
    before = snapshot(MeasureSuggestion)
    assert_refused_or_saved(officer_client.post(url, post), before, MeasureSuggestion)


# --- imports -------------------------------------------------------------------------


def _measure_row(data) -> list[str]:
    cells = {column: data.draw(TEXT) for column in COLUMNS}
    cells["ลำดับ"] = data.draw(NUMBER)
    cells["ตัวชี้วัด"] = data.draw(st.one_of(st.sampled_from(["9", "๙, ๑๐", "6,7"]), NUMBER))
    cells["ข้อ OIT"] = data.draw(st.one_of(st.sampled_from(["O1", "O๒", "o3"]), NUMBER))
    cells["เริ่ม"] = data.draw(DATE)
    cells["สิ้นสุด"] = data.draw(DATE)
    if data.draw(st.booleans()):
        cells["มาตรการ/แนวทาง"] = "มาตรการ"
        cells["สถานะ"] = ""
        cells["เครื่องมือ"] = ""
    return [cells[c] for c in COLUMNS]


@BOUNDED
@given(data=st.data(), as_xlsx=st.booleans())
def test_measures_import(demo, data, as_xlsx):
    agency, y = demo["agency"], year(2566)
    officer = get_user_model().objects.get(username="demo_officer")
    rows = [_measure_row(data) for _ in range(data.draw(st.integers(1, 3)))]
    if as_xlsx:
        workbook = openpyxl.Workbook()
        workbook.active.append(list(COLUMNS))
        for row in rows:
            workbook.active.append([no_control(cell) for cell in row])
        out = io.BytesIO()
        workbook.save(out)
        name, raw = "m.xlsx", out.getvalue()
    else:
        out = io.StringIO()
        csv.writer(out).writerows([COLUMNS, *rows])
        name, raw = "m.csv", out.getvalue().encode("utf-8", "surrogatepass")
    before = snapshot(Measure)
    parsed, errors = parse_measures_file(agency, y, name, raw)
    assert snapshot(Measure) == before
    if parsed is None:
        assert errors and all(str(e).strip() for e in errors)
    else:
        import_measures(agency, y, parsed, acting_user=officer)  # a parsed file always saves


@BOUNDED
@given(data=st.data())
def test_result_csv_import(demo, data):
    officer = get_user_model().objects.get(username="demo_officer")
    y = year(2566)
    kinds = st.one_of(st.sampled_from(["เครื่องมือ", "ตัวชี้วัด", "OIT"]), TEXT)
    codes = st.one_of(st.sampled_from(["IIT", "EIT", "OIT", "TOTAL", "1", "๙", "O1", "O๒"]), NUMBER)
    rows = data.draw(st.lists(st.tuples(kinds, codes, TEXT, NUMBER, TEXT), min_size=1, max_size=5))
    out = io.StringIO()
    csv.writer(out).writerows([RESULT_HEADER, *rows])
    before = snapshot(AssessmentResult, IndicatorScore, OITItemScore)
    parsed, errors = parse_result_csv(y, out.getvalue().encode("utf-8"))
    assert snapshot(AssessmentResult, IndicatorScore, OITItemScore) == before
    if parsed is None:
        assert errors and all(isinstance(e, CsvRowError) and str(e).strip() for e in errors)
    else:
        result = AssessmentResult.objects.filter(agency=demo["agency"], year=y).first()
        result_save(
            agency=demo["agency"],
            year=y,
            data=parsed,
            acting_user=officer,
            expected_version=result.version if result else None,
        )


JSON_VALUES = st.one_of(
    TEXT,
    NUMBER,
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
    st.lists(TEXT, max_size=3),
    st.dictionaries(TEXT, TEXT, max_size=2),
)


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    yield path


@BOUNDED
@given(data=st.data())
def test_ita_json_validate(demo, data):
    exported = json.loads(json.dumps(export_agency_year(demo["agency"], 2567)))
    paths = [p for p in _leaves(exported) if p]
    changed = json.loads(json.dumps(exported))
    for path in data.draw(st.lists(st.sampled_from(paths), min_size=1, max_size=4)):
        target = changed
        try:
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = data.draw(JSON_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change replaced a container on this path
    before = snapshot(Measure)
    plan, errors = validate(changed, into_existing=data.draw(st.booleans()))
    assert snapshot(Measure) == before
    assert (plan is None) == bool(errors)
    assert all(isinstance(e, str) and e for e in errors)
