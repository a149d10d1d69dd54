"""Open data: CSV with BOM and JSON of public agency-years only, per year and per agency."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from assessments.models import AssessmentResult, AssessmentYear, IndicatorScore
from measures.models import Measure, MeasureStatus
from public.selectors import COLUMNS
from publishing.models import PublicationStatus


def content(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response) -> list[dict]:
    body = content(response)
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


def bulk(year, dataset, fmt):
    return reverse("public:open_data_file", args=[year, dataset, fmt])


@pytest.fixture
def published_2566(publish, agency):
    publish("analysis", 2566)
    Measure.objects.create(agency=agency, year=AssessmentYear.objects.get(year=2566), order=1,
                           title="เผยแพร่ข้อมูล, \"ครบถ้วน\"\nทุกไตรมาส", tool="OIT",
                           status=MeasureStatus.IN_PROGRESS)
    return agency


def test_scores_csv_has_a_bom_the_header_and_thai_intact(client, published_2566):
    response = client.get(bulk(2566, "scores", "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="ita-2566-scores.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert list(rows[0]) == list(COLUMNS["scores"])
    [row] = rows
    result = AssessmentResult.objects.get(agency=published_2566, year__year=2566)
    assert row["agency_name"] == "องค์การบริหารส่วนตำบลทุ่งรวงทอง"
    assert row["province"] == "พะเยา"
    assert row["iit"] == f"{result.iit:.2f}"
    assert row["total"] and row["grade"]


def test_a_year_that_is_not_published_is_absent(client, published_2566):
    # 2565 has results in the database (the demo's), but no publication.
    assert csv_rows(client.get(bulk(2565, "scores", "csv"))) == []
    data = json.loads(content(client.get(bulk(2565, "scores", "json"))))
    assert data["rows"] == []
    assert client.get(reverse("public:open_data_agency_file",
                              args=[2565, "thung-ruang-thong", "scores", "csv"])).status_code \
        == 404


def test_an_unpublished_version_hides_the_year(client, publish):
    publish("analysis", 2566, status=PublicationStatus.UNPUBLISHED)
    assert csv_rows(client.get(bulk(2566, "scores", "csv"))) == []
    assert csv_rows(client.get(bulk(2566, "indicators", "csv"))) == []


def test_indicator_scores_one_row_per_indicator(client, published_2566):
    rows = csv_rows(client.get(bulk(2566, "indicators", "csv")))
    scores = IndicatorScore.objects.filter(result__agency=published_2566,
                                           result__year__year=2566)
    assert len(rows) == scores.count() > 0
    assert [int(r["indicator_number"]) for r in rows] == sorted(
        s.indicator.number for s in scores)
    assert all(r["indicator_name"] and r["tool"] in {"IIT", "EIT", "OIT"} for r in rows)


def test_measures_csv_quotes_commas_quotes_and_line_breaks(client, published_2566):
    [row] = csv_rows(client.get(bulk(2566, "measures", "csv")))
    assert row["title"] == "เผยแพร่ข้อมูล, \"ครบถ้วน\"\nทุกไตรมาส"
    assert row["status"] == "in_progress"
    assert row["status_label"] == "อยู่ระหว่างการดำเนินการ"


@pytest.mark.parametrize("dataset", ["scores", "indicators", "measures"])
def test_json_has_its_schema_keys_and_exact_numbers(client, published_2566, dataset):
    response = client.get(bulk(2566, dataset, "json"))
    assert response["Content-Type"] == "application/json"
    data = json.loads(content(response), parse_float=Decimal)
    assert set(data) == {"schema", "dataset", "year", "agency", "documentation", "columns",
                         "rows"}
    assert data["schema"] == "ita-portal-open-data/1"
    assert data["dataset"] == dataset and data["year"] == 2566 and data["agency"] is None
    assert data["columns"] == list(COLUMNS[dataset])
    assert data["rows"] and all(list(row) == data["columns"] for row in data["rows"])
    assert data["rows"][0]["agency_name"] == "องค์การบริหารส่วนตำบลทุ่งรวงทอง"
    if dataset == "scores":
        result = AssessmentResult.objects.get(agency=published_2566, year__year=2566)
        assert data["rows"][0]["iit"] == result.iit
        assert isinstance(data["rows"][0]["total"], Decimal)


def test_per_agency_files_only_for_public_agency_years(client, published_2566, demo):
    url = reverse("public:open_data_agency_file", args=[2566, "thung-ruang-thong", "scores",
                                                         "json"])
    data = json.loads(content(client.get(url)))
    assert data["agency"] == "thung-ruang-thong" and len(data["rows"]) == 1
    other = reverse("public:open_data_agency_file", args=[2566, "tha-nam-sai", "scores", "csv"])
    assert client.get(other).status_code == 404
    assert client.get("/open-data/2566/agencies/no-such/scores.csv").status_code == 404
    assert client.get("/open-data/2599/scores.csv").status_code == 404
    assert client.get("/open-data/2566/secrets.csv").status_code == 404
    assert client.get("/open-data/2566/scores.xml").status_code == 404


def test_the_index_page_lists_public_years(client, published_2566):
    response = client.get(reverse("public:open_data"))
    assert response.status_code == 200
    assert bulk(2566, "scores", "csv") in response.text
    assert bulk(2565, "scores", "csv") not in response.text


def test_the_bulk_file_reads_in_a_fixed_number_of_queries(client, published_2566, publish,
                                                          django_assert_num_queries):
    with django_assert_num_queries(QUERIES):
        content(client.get(bulk(2566, "measures", "csv")))
    criteria = AssessmentYear.objects.get(year=2566)
    Measure.objects.bulk_create(
        Measure(agency=published_2566, year=criteria, order=n, title=f"มาตรการ {n}")
        for n in range(2, 40)
    )
    with django_assert_num_queries(QUERIES):
        rows = csv_rows(client.get(bulk(2566, "measures", "csv")))
    assert len(rows) == 39


QUERIES = 4
