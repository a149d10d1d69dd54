"""Hostile text typed into any field is shown as text, never as a live tag.

Every user field of a measure, a unit name, the result's notes and suggestions, the OIT
auditor's comments and a readiness row's note and URL carry a script tag and an attribute
break-out. The pages that show them (measure list and form, readiness board, results,
report previews, activity) must send them escaped; the CSV and XLSX exports must carry
them back as the literal text that was typed.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from assessments.models import AssessmentResult, AssessmentYear
from ita_portal.agencies.models import Unit
from measures.models import Measure, Progress
from measures.readiness import readiness_save
from measures.services import MeasureInput, measure_create

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
LIVE = ("<script>alert(1)", "<img src=x", "onerror=alert(1)>")

MEASURE_FIELDS = (
    "title",
    "steps",
    "weakness",
    "monitoring",
    "summary",
    "outcome",
    "responsible_text",
    "period_text",
)


def hostile(field: str) -> str:
    """Both payloads around the field's name, to find each field in a page."""
    return f"{SCRIPT}{field}{BREAKOUT}"


def escaped(field: str) -> str:
    """How the template engine sends hostile(field): < > " escaped."""
    return (
        f"&lt;script&gt;alert(1)&lt;/script&gt;{field}&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
    )


HOSTILE_URL = 'https://example.go.th/oit?a="><script>alert(1)</script>'


@pytest.fixture
def hostile_data(demo):
    agency = demo["agency"]
    officer = get_user_model().objects.get(username="demo_officer")
    criteria = AssessmentYear.objects.get(year=2567)
    unit = Unit.objects.create(agency=agency, name=hostile("unit"), order=99)
    measure = measure_create(
        agency=agency,
        year=criteria,
        data=MeasureInput(
            values={field: hostile(field) for field in MEASURE_FIELDS},
            indicators=list(criteria.indicators.filter(number=9)),
            units=[unit],
        ),
        acting_user=officer,
    )
    readiness_save(
        agency,
        criteria.oit_items.get(number=1),
        units=[unit],
        url=HOSTILE_URL,
        progress=Progress.DONE,
        note=hostile("note"),
        acting_user=officer,
    )
    result = AssessmentResult.objects.get(agency=agency, year__year=2566)
    for field in ("preface", "iit_notes", "eit_notes", "oit_notes"):
        setattr(result, field, hostile(field))
    result.save()
    score = result.indicator_scores.get(indicator__number=10)
    score.suggestion = hostile("suggestion")
    score.score = Decimal("70.00")
    score.save()
    item = result.oit_scores.filter(score=0).order_by("item__number").first()
    item.comment = hostile("comment")
    item.save()
    return measure


def assert_no_live_tag(html: str):
    for tag in LIVE:
        assert tag not in html, f"{tag!r} sent unescaped"


ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def page(client, url: str) -> str:
    """The page's HTML; reports may print Thai digits (the agency's choice), read back as
    Arabic so one marker finds the text everywhere."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode().translate(ARABIC)


A = "/agencies/thung-ruang-thong"

# page → the fields whose text it shows (each must be there, escaped)
PAGES = {
    f"{A}/measures/2567/": ("title", "responsible_text", "period_text", "unit"),
    f"{A}/readiness/2567/": ("note", "unit"),
    f"{A}/results/2566/": (
        "preface",
        "iit_notes",
        "eit_notes",
        "oit_notes",
        "suggestion",
        "comment",
    ),
    f"{A}/reports/2566/analysis/": (
        "preface",
        "iit_notes",
        "eit_notes",
        "oit_notes",
        "suggestion",
        "comment",
    ),
    f"{A}/reports/2567/plan/": (
        "title",
        "steps",
        "weakness",
        "monitoring",
        "responsible_text",
        "period_text",
        "unit",
    ),
    f"{A}/reports/2567/progress/?layout=by_indicator": (
        "title",
        "steps",
        "summary",
        "outcome",
        "responsible_text",
        "period_text",
        "unit",
    ),
    f"{A}/reports/2567/progress/?layout=by_tool": (
        "title",
        "summary",
        "outcome",
        "responsible_text",
        "unit",
    ),
    f"{A}/reports/2567/progress/?layout=numbered": (
        "title",
        "steps",
        "weakness",
        "summary",
        "outcome",
        "responsible_text",
        "period_text",
        "unit",
    ),
    f"{A}/reports/2567/progress/?layout=readiness": ("note", "unit"),
    f"{A}/activity/": ("title",),
    f"{A}/dashboard/": ("unit",),
}


@pytest.mark.parametrize("url", list(PAGES))
def test_pages_show_hostile_text_escaped(hostile_data, login, url):
    client = login("demo_officer")
    html = page(client, url)
    assert_no_live_tag(html)
    for field in PAGES[url]:
        assert escaped(field) in html, f"{field} not shown (escaped) on {url}"


def test_the_measure_form_shows_every_field_escaped(hostile_data, login):
    client = login("demo_officer")
    html = page(client, f"/measures/{hostile_data.pk}/")
    assert_no_live_tag(html)
    for field in (*MEASURE_FIELDS, "unit"):
        assert escaped(field) in html, field


def test_the_readiness_url_is_escaped_and_never_a_script(hostile_data, login):
    client = login("demo_officer")
    html = page(client, f"{A}/readiness/2567/")
    assert HOSTILE_URL not in html
    assert "https://example.go.th/oit?a=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_csv_export_carries_the_literal_text(hostile_data, login):
    client = login("demo_officer")
    response = client.get(f"{A}/measures/2567/export.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    cells = {cell for row in csv.reader(io.StringIO(text)) for cell in row}
    for field in ("title", "steps", "weakness", "monitoring", "responsible_text", "period_text"):
        assert hostile(field) in cells, field
    assert "&lt;" not in text


def test_the_xlsx_export_carries_the_literal_text(hostile_data, login):
    client = login("demo_officer")
    response = client.get(f"{A}/measures/2567/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    values = {cell.value for cell in cells}
    for field in ("title", "steps", "weakness", "monitoring", "responsible_text", "period_text"):
        assert hostile(field) in values, field
    assert not any(isinstance(v, str) and "&lt;" in v for v in values)
    assert all(cell.data_type != "f" for cell in cells)


def test_hostile_measure_round_trips_unchanged(hostile_data):
    measure = Measure.objects.get(pk=hostile_data.pk)
    for field in MEASURE_FIELDS:
        assert getattr(measure, field) == hostile(field)
