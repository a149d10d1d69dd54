"""Report payloads: plain JSON values that the templates read, frozen at one moment."""

import json

import pytest

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from ita_portal.documents.rendering import canonical_json, frozen, payload_html
from measures.models import Measure
from measures.services import round_take
from reports.documents import SCHEMA_VERSION, report_payload

pytestmark = pytest.mark.django_db

CASES = [
    ("analysis", 2566, ""),
    ("plan", 2567, ""),
    ("progress", 2567, "by_indicator"),
    ("progress", 2567, "by_tool"),
    ("progress", 2567, "numbered"),
    ("progress", 2567, "readiness"),
]


def _plain(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, str | int | float | bool)


@pytest.mark.parametrize(("kind", "year", "layout"), CASES)
def test_payload_is_plain_json_and_the_template_reads_only_it(demo, kind, year, layout):
    agency = Agency.objects.get(code="thung-ruang-thong")
    payload = report_payload(agency, AssessmentYear.objects.get(year=year), kind,
                             layout=layout or "by_indicator")
    assert _plain(payload)  # no model instances, Decimals or dates
    assert payload["schema"] == SCHEMA_VERSION
    assert json.loads(canonical_json(payload)) == payload
    # Rendering from the stored text gives the same page as from the fresh payload.
    assert payload_html(payload) == payload_html(frozen(payload))
    assert agency.name in payload_html(payload)


def test_payload_freezes_the_values_it_was_built_from(demo):
    agency = Agency.objects.get(code="thung-ruang-thong")
    year = AssessmentYear.objects.get(year=2567)
    payload = frozen(report_payload(agency, year, "plan"))
    measure = Measure.objects.filter(agency=agency, year=year).order_by("order").first()
    old_title = measure.title
    Measure.objects.filter(pk=measure.pk).update(title="ชื่อใหม่หลังออกเอกสาร")
    html = payload_html(payload)
    assert old_title.splitlines()[0] in html
    assert "ชื่อใหม่หลังออกเอกสาร" not in html
    assert "ชื่อใหม่หลังออกเอกสาร" in payload_html(report_payload(agency, year, "plan"))


def test_scores_are_printed_as_nacc_prints_them(demo):
    agency = Agency.objects.get(code="thung-ruang-thong")
    payload = report_payload(agency, AssessmentYear.objects.get(year=2566), "analysis")
    rows = {row["number"]: row for row in payload["analysis"]["indicators"]}
    assert rows[7]["score"] == "84.30"
    assert rows[7]["previous"] == "89.96"
    assert rows[7]["change"] == "-5.66"
    assert rows[1]["change"] == "+2.15"
    eit = next(t for t in payload["tool_tables"] if t["code"] == "EIT")
    assert eit["passed"] in (True, False)


def test_progress_of_a_round_prints_the_round_entries_not_live_measures(demo):
    agency = Agency.objects.get(code="thung-ruang-thong")
    year = AssessmentYear.objects.get(year=2567)
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.get(username="demo_officer")
    round_take(agency=agency, year=year, kind="6m", acting_user=officer)
    measure = Measure.objects.filter(agency=agency, year=year).order_by("order").first()
    frozen_summary = measure.summary
    Measure.objects.filter(pk=measure.pk).update(summary="สรุปที่แก้หลังปิดรอบ")
    payload = report_payload(agency, year, "progress", layout="numbered", round_kind="6m",
                             thai_digits=False)
    html = payload_html(payload)
    assert "สรุปที่แก้หลังปิดรอบ" not in html
    assert frozen_summary  # the demo's first measure has a summary
    assert frozen_summary.splitlines()[0] in html
    assert "รอบ 6 เดือน" in payload["title"]
    grouped = report_payload(agency, year, "progress", layout="by_indicator", round_kind="6m")
    assert grouped["groups"][0]["label"].startswith("ตัวชี้วัดที่")
