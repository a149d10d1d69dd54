"""The national overview: participation of every agency, scores of public ones only."""

from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import AssessmentResult, AssessmentYear
from assessments.scoring import round_score
from assessments.selectors import result_analysis
from ita_portal.agencies.models import Agency, AgencyKind
from measures.models import Measure, MeasureStatus
from public.selectors import YearRules, overview

YEAR = 2566


@pytest.fixture
def scene(demo, publish):
    """A: the demo อบต. (พะเยา), its 2566 analysis published. B: ท่าน้ำใส (เชียงราย), scores
    entered, nothing published. C: a new อบต. in เชียงราย with measures, its plan published."""
    criteria = AssessmentYear.objects.get(year=YEAR)
    a = demo["agency"]
    b = demo["other_agency"]
    c = Agency.objects.create(code="wiang", name="องค์การบริหารส่วนตำบลเวียง", kind=AgencyKind.SAO,
                              district="เชียงของ", province="เชียงราย")
    AssessmentResult.objects.create(agency=b, year=criteria, iit=Decimal("50"), eit=Decimal("50"),
                                    oit=Decimal("50"))
    AssessmentResult.objects.create(agency=c, year=criteria, iit=Decimal("95.5"),
                                    eit=Decimal("96"), oit=Decimal("100"))
    Measure.objects.create(agency=c, year=criteria, order=1, title="เปิดเผยข้อมูล",
                           status=MeasureStatus.DONE)
    Measure.objects.create(agency=c, year=criteria, order=2, title="อบรมคุณธรรม",
                           status=MeasureStatus.IN_PROGRESS)
    Measure.objects.create(agency=b, year=criteria, order=1, title="ของท่าน้ำใส ยังไม่เผยแพร่",
                           status=MeasureStatus.CANNOT)
    publish("analysis", YEAR)
    publish("plan", YEAR, of=c)
    return {"a": a, "b": b, "c": c}


def officer_grade(agency) -> tuple[Decimal, str]:
    analysis = result_analysis(AssessmentResult.objects.get(agency=agency, year__year=YEAR))
    return analysis.total, analysis.grade


def test_participation_counts_every_agency(scene):
    data = overview(YEAR)
    n = data.national
    assert (n.agencies, n.entered, n.measures) == (3, 3, 2)
    assert n.published == {"analysis": 1, "plan": 1, "progress": 0}
    provinces = {row.key: row for row in data.by_province}
    assert (provinces["เชียงราย"].agencies, provinces["เชียงราย"].entered,
            provinces["เชียงราย"].measures) == (2, 2, 2)
    assert provinces["เชียงราย"].published == {"analysis": 0, "plan": 1, "progress": 0}
    assert provinces["พะเยา"].published == {"analysis": 1, "plan": 0, "progress": 0}
    kinds = {row.key: row.agencies for row in data.by_kind}
    assert kinds == {AgencyKind.SAO: 2, AgencyKind.SUBDISTRICT_MUNICIPALITY: 1}


def test_scores_grades_and_measures_count_public_agency_years_only(scene):
    data = overview(YEAR)
    totals = [officer_grade(scene["a"]), officer_grade(scene["c"])]
    assert data.public_results == 2  # B's 50 points are not public
    expected_bins = [0] * 10
    for total, _ in totals:
        expected_bins[min(int(total // 10), 9)] += 1
    assert [n for _, n in data.score_bins] == expected_bins
    grades = dict(data.grades)
    for _, grade in totals:
        assert grades[grade] >= 1
    assert sum(grades.values()) == 2
    statuses = {value: n for value, _, n in data.measure_statuses}
    assert statuses == {"not_started": 0, "in_progress": 1, "done": 1, "cannot": 0}


def test_the_scope_narrows_to_a_province_or_a_kind(scene):
    chiang_rai = overview(YEAR, province="เชียงราย")
    assert chiang_rai.national.agencies == 2
    assert chiang_rai.public_results == 1
    municipalities = overview(YEAR, kind=AgencyKind.SUBDISTRICT_MUNICIPALITY)
    assert municipalities.national.agencies == 1
    assert municipalities.public_results == 0


def test_the_page_shows_tables_and_svg_charts(client, scene):
    response = client.get(reverse("public:overview"), {"year": YEAR})
    assert response.status_code == 200
    assert response.text.count("<svg") == 4
    assert 'data-testid="by-province"' in response.text
    assert "ของท่าน้ำใส" not in response.text
    assert client.get(reverse("public:overview"), {"year": "2599"}).status_code == 404
    for bad in ({"year": "x\x00"}, {"province": "'; --" * 3000}, {"kind": "[("}):
        assert client.get(reverse("public:overview"), bad).status_code == 200


@pytest.mark.parametrize("table", ["provinces", "kinds", "scores", "grades", "measures"])
def test_each_table_downloads_as_csv(client, scene, table):
    response = client.get(reverse("public:overview_csv", args=[YEAR, table]),
                          {"province": "เชียงราย"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    lines = body[1:].splitlines()
    assert len(lines) >= 2
    if table == "provinces":
        assert lines[0].startswith("กลุ่ม,จำนวนหน่วยงาน,บันทึกคะแนน,กำหนดมาตรการ")
        assert lines[1].startswith("เชียงราย,2,2,2,0,1,0")
    if table == "measures":
        assert "ดำเนินการแล้วเสร็จ,done,1" in lines


def test_the_overview_takes_a_fixed_number_of_queries(client, scene, publish,
                                                       django_assert_num_queries):
    url = reverse("public:overview")
    with django_assert_num_queries(QUERIES):
        client.get(url, {"year": YEAR})
    criteria = AssessmentYear.objects.get(year=YEAR)
    extra = Agency.objects.bulk_create(
        Agency(code=f"extra-{n}", name=f"อบต.ทดสอบ {n}", kind=AgencyKind.SAO, district="ปง",
               province=f"จังหวัด {n % 7}") for n in range(30)
    )
    AssessmentResult.objects.bulk_create(
        AssessmentResult(agency=agency, year=criteria, iit=Decimal("80"), eit=Decimal("90"),
                         oit=Decimal("70")) for agency in extra
    )
    for agency in extra[:5]:
        publish("analysis", YEAR, of=agency)
    with django_assert_num_queries(QUERIES):
        response = client.get(url, {"year": YEAR})
    assert response.context["data"].national.agencies == 33
    assert response.context["data"].public_results == 7
    with django_assert_num_queries(QUERIES):
        client.get(reverse("public:overview_csv", args=[YEAR, "provinces"]))


QUERIES = 11


def test_sql_counts_agree_with_the_officer_rules_score_by_score(demo, publish):
    """Bins, grades and ratings counted in SQL equal YearRules.outcome (the officer pages'
    rules) on scores chosen to sit on band edges, with EIT from its parts in 2568."""
    criteria = AssessmentYear.objects.get(year=2568)
    assert criteria.eit_has_parts and criteria.rating_bands.exists()
    rows = [
        ("95.00", "95.00", None, None, "95.00"),
        ("94.99", None, "95.00", "95.00", "100.00"),
        ("100.00", "100.00", None, None, "100.00"),
        ("85.00", None, "84.99", "85.01", "85.00"),
        ("84.99", "84.99", None, None, "84.99"),
        ("60.01", "70.33", None, None, "0.00"),
        ("0.00", "0.00", None, None, "0.00"),
        ("89.99", None, "90.00", "90.01", "89.97"),
        ("77.77", "88.88", None, None, "99.99"),
        ("50.00", None, "60.00", None, "70.00"),  # one EIT part missing: no total
    ]
    for n, (iit, eit, part1, part2, oit) in enumerate(rows):
        agency = Agency.objects.create(code=f"edge-{n}", name=f"อบต.ขอบ {n}",
                                       kind=AgencyKind.SAO, district="ปง", province="พะเยา")
        AssessmentResult.objects.create(
            agency=agency, year=criteria, iit=Decimal(iit), eit=eit and Decimal(eit),
            eit_part1=part1 and Decimal(part1), eit_part2=part2 and Decimal(part2),
            oit=Decimal(oit),
        )
        publish("analysis", 2568, of=agency)
    rules = YearRules.load(criteria)
    outcomes = [
        rules.outcome(*(value and Decimal(value) for value in row)) for row in rows
    ]
    totals = [total for _, total, _, _ in outcomes if total is not None]
    data = overview(2568)
    assert data.public_results == len(totals) == 9
    assert [n for _, n in data.score_bins] == [
        sum(1 for t in totals if min(int(t // 10), 9) == i) for i in range(10)
    ]
    grades = Counter(grade for _, total, grade, _ in outcomes if total is not None)
    assert dict(data.grades) == {band.grade: grades[band.grade] for band in rules.grades}
    ratings = Counter(rating for _, total, _, rating in outcomes if rating)
    assert dict(data.ratings) == {band.label: ratings[band.label] for band in rules.ratings}
    assert data.mean_total == round_score(sum(totals) / len(totals))
