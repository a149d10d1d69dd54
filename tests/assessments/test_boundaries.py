"""Every edge of the scoring rules, at the exact boundary and one hundredth either side.

The pass mark of the total and of each indicator (strength or point to improve, and the
suggestions offered for indicators under it), the grade bands AA–F of 2566 and the rating
bands of 2567 (minimum total and minimum of every tool), all read from the shipped criteria.
Each test fails if a ``>=`` of the rules became ``>`` (or a ``<`` became ``<=``).
"""

from decimal import Decimal as D

import pytest

from assessments.models import AssessmentResult, AssessmentYear, GradeBand, IndicatorScore
from assessments.scoring import grade_for, rating_for
from assessments.selectors import result_analysis
from ita_portal.agencies.models import Agency
from measures.models import MeasureSuggestion
from measures.selectors import suggestions_for_weaknesses

CENT = D("0.01")
PASS_MARK = D("85.00")


@pytest.fixture
def agency(db):
    return Agency.objects.create(code="boundary-test", name="องค์การบริหารส่วนตำบลขอบเขต")


def result_of(agency, year: int, iit, eit, oit, indicators=None) -> AssessmentResult:
    """A result whose tools are as given; ``indicators`` maps number → score."""
    criteria = AssessmentYear.objects.get(year=year)
    result = AssessmentResult.objects.create(
        agency=agency, year=criteria, iit=D(iit), eit=D(eit), oit=D(oit)
    )
    for number, score in (indicators or {}).items():
        IndicatorScore.objects.create(
            result=result, indicator=criteria.indicators.get(number=number), score=D(score)
        )
    return result


def around(edge: D) -> list[D]:
    return [edge - CENT, edge, edge + CENT]


# ── the pass mark of the total ──────────────────────────────────────────────────────────
def test_the_pass_mark_is_85_in_the_years_tested(db):
    for year in (2566, 2567):
        assert AssessmentYear.objects.get(year=year).pass_mark == PASS_MARK


@pytest.mark.parametrize("year", [2566, 2567])
@pytest.mark.parametrize(("score", "passed"), [("84.99", False), ("85.00", True), ("85.01", True)])
def test_total_passes_from_the_pass_mark(agency, year, score, passed):
    # Equal tool scores make the weighted total exactly that score.
    analysis = result_analysis(result_of(agency, year, score, score, score))
    assert analysis.total == D(score)
    assert analysis.passed is passed


def test_total_passes_when_the_weighted_sum_rounds_up_to_the_pass_mark(agency):
    # 30 % × 84.99 + 30 % × 84.99 + 40 % × 85.0075… : the total is rounded before the check.
    analysis = result_analysis(result_of(agency, 2566, "85.00", "84.99", "85.01"))
    assert analysis.total == D("85.00")  # 25.5 + 25.497 + 34.004 = 85.001
    assert analysis.passed is True
    analysis = result_analysis(result_of(agency, 2567, "84.99", "84.99", "85.00"))
    assert analysis.total == D("84.99")  # 25.497 + 25.497 + 34 = 84.994
    assert analysis.passed is False


# ── indicators: strengths, points to improve, suggestions ───────────────────────────────
SCORES = {1: "85.01", 2: "85.00", 3: "84.99", 4: "100.00", 5: "0.00"}


def test_an_indicator_at_the_pass_mark_is_a_strength(agency):
    analysis = result_analysis(result_of(agency, 2567, "90", "90", "90", SCORES))
    strengths = {row.number for row in analysis.strengths}
    weaknesses = {row.number for row in analysis.weaknesses}
    assert strengths == {1, 2, 4}
    assert weaknesses == {3, 5}


def test_suggestions_are_offered_for_indicators_under_the_pass_mark_only(agency):
    result_of(agency, 2567, "90", "90", "90", SCORES)
    for number in SCORES:
        MeasureSuggestion.objects.create(
            indicator_number=number, title=f"ข้อเสนอตัวชี้วัด {number}", steps=""
        )
    weak = suggestions_for_weaknesses(agency, AssessmentYear.objects.get(year=2567))
    assert [number for number, _, _ in weak] == [5, 3]  # lowest first
    for number, _, suggestions in weak:
        assert {s.indicator_number for s in suggestions} == {number}
        assert f"ข้อเสนอตัวชี้วัด {number}" in [s.title for s in suggestions]


def test_suggestions_use_the_previous_years_result_with_the_same_edge(agency):
    result_of(agency, 2566, "90", "90", "90", {7: "85.00", 8: "84.99"})
    weak = suggestions_for_weaknesses(agency, AssessmentYear.objects.get(year=2567))
    assert [number for number, _, _ in weak] == [8]


# ── grade bands AA–F (2566) ─────────────────────────────────────────────────────────────
GRADES_2566 = ["AA", "A", "B", "C", "D", "E", "F"]


def test_the_grade_bands_of_2566_are_the_ones_tested(db):
    bands = GradeBand.objects.filter(year__year=2566).order_by("-min_score")
    assert [(b.grade, b.min_score, b.max_score) for b in bands] == [
        ("AA", D("95.00"), D("100.00")),
        ("A", D("85.00"), D("94.99")),
        ("B", D("75.00"), D("84.99")),
        ("C", D("65.00"), D("74.99")),
        ("D", D("55.00"), D("64.99")),
        ("E", D("50.00"), D("54.99")),
        ("F", D("0.00"), D("49.99")),
    ]


def grade_edges():
    """(score, expected grade) at every lower edge of 2566's bands and a cent either side."""
    lows = {"AA": "95.00", "A": "85.00", "B": "75.00", "C": "65.00", "D": "55.00", "E": "50.00"}
    cases = []
    for index, grade in enumerate(GRADES_2566[:-1]):
        low = D(lows[grade])
        below = GRADES_2566[index + 1]
        cases += [(low - CENT, below), (low, grade), (low + CENT, grade)]
    cases += [(D("0.00"), "F"), (D("0.01"), "F"), (D("99.99"), "AA"), (D("100.00"), "AA")]
    return cases


@pytest.mark.parametrize(("score", "grade"), grade_edges(), ids=str)
def test_grade_band_edges_of_2566(agency, score, grade):
    bands = list(GradeBand.objects.filter(year__year=2566))
    assert grade_for(score, bands) == grade
    analysis = result_analysis(result_of(agency, 2566, score, score, score))
    assert (analysis.total, analysis.grade) == (score, grade)


# ── rating bands (2567): minimum total and minimum of every tool ────────────────────────
EXCELLENT, GOOD, PASS, IMPROVE, URGENT = (
    "ผ่านดีเยี่ยม",
    "ผ่านดี",
    "ผ่าน",
    "ต้องปรับปรุง",
    "ต้องปรับปรุงโดยด่วน",
)


def test_the_rating_bands_of_2567_are_the_ones_tested(db):
    bands = AssessmentYear.objects.get(year=2567).rating_bands.order_by("order")
    assert [(b.label, b.min_total, b.min_each_tool) for b in bands] == [
        (EXCELLENT, D("95.00"), D("95.00")),
        (GOOD, D("85.00"), D("85.00")),
        (PASS, D("85.00"), None),
        (IMPROVE, D("70.00"), None),
        (URGENT, D("0.00"), None),
    ]


def ratings_2567():
    return list(AssessmentYear.objects.get(year=2567).rating_bands.all())


@pytest.mark.parametrize(
    ("score", "rating"),
    [
        ("94.99", GOOD),
        ("95.00", EXCELLENT),
        ("95.01", EXCELLENT),
        ("84.99", IMPROVE),
        ("85.00", GOOD),
        ("85.01", GOOD),
        ("69.99", URGENT),
        ("70.00", IMPROVE),
        ("70.01", IMPROVE),
        ("0.00", URGENT),
    ],
)
def test_rating_with_equal_tools_at_every_edge(agency, score, rating):
    analysis = result_analysis(result_of(agency, 2567, score, score, score))
    assert (analysis.total, analysis.rating) == (D(score), rating)


@pytest.mark.parametrize(
    ("total", "rating"),
    [("94.99", GOOD), ("95.00", EXCELLENT), ("95.01", EXCELLENT)],
)
def test_rating_minimum_total_of_excellent_with_every_tool_above_it(db, total, rating):
    # The total alone at the edge: every tool is well above 95.
    tools = {"IIT": D("100"), "EIT": D("100"), "OIT": D("100")}
    assert rating_for(D(total), tools, ratings_2567()) == rating


@pytest.mark.parametrize(
    ("total", "rating"),
    [("84.99", IMPROVE), ("85.00", PASS), ("85.01", PASS)],
)
def test_rating_minimum_total_of_pass_with_a_tool_under_85(db, total, rating):
    # One tool under 85: ผ่านดี is out, so 85 is the edge of ผ่าน.
    tools = {"IIT": D("84.99"), "EIT": D("100"), "OIT": D("100")}
    assert rating_for(D(total), tools, ratings_2567()) == rating


@pytest.mark.parametrize("tool", ["IIT", "EIT", "OIT"])
@pytest.mark.parametrize(
    ("edge", "at_or_above", "below"),
    [("95.00", EXCELLENT, GOOD), ("85.00", GOOD, PASS)],
)
def test_rating_minimum_of_every_tool(agency, tool, edge, at_or_above, below):
    """One tool at its minimum, a cent under or over it; the others at 100."""
    for score, expected in zip(around(D(edge)), [below, at_or_above, at_or_above], strict=True):
        tools = {"IIT": D("100"), "EIT": D("100"), "OIT": D("100"), tool: score}
        total = sum(tools[c] * w for c, w in {"IIT": 30, "EIT": 30, "OIT": 40}.items()) / 100
        assert rating_for(total, tools, ratings_2567()) == expected, (tool, score)
        values = {code.lower(): value for code, value in tools.items()}
        result = result_of(agency, 2567, **values)
        assert result_analysis(result).rating == expected, (tool, score)
        result.delete()
