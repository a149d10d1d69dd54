from decimal import Decimal as D
from types import SimpleNamespace

from assessments.scoring import band_overlaps, grade_for, rating_for, round_score

BANDS = [
    SimpleNamespace(grade=g, min_score=D(lo), max_score=D(hi))
    for g, lo, hi in [
        ("AA", "95", "100"),
        ("A", "85", "94.99"),
        ("B", "75", "84.99"),
        ("C", "65", "74.99"),
        ("D", "55", "64.99"),
        ("E", "50", "54.99"),
        ("F", "0", "49.99"),
    ]
]
RATINGS = [
    SimpleNamespace(order=1, label="ผ่านดีเยี่ยม", min_total=D(95), min_each_tool=D(95)),
    SimpleNamespace(order=2, label="ผ่านดี", min_total=D(85), min_each_tool=D(85)),
    SimpleNamespace(order=3, label="ผ่าน", min_total=D(85), min_each_tool=None),
    SimpleNamespace(order=4, label="ต้องปรับปรุง", min_total=D(70), min_each_tool=None),
    SimpleNamespace(order=5, label="ต้องปรับปรุงโดยด่วน", min_total=D(0), min_each_tool=None),
]


def test_round_score_is_half_up():
    assert round_score(D("84.995")) == D("85.00")
    assert round_score(D("84.994")) == D("84.99")


def test_grade_for_band_edges():
    assert grade_for(D("95.35"), BANDS) == "AA"
    assert grade_for(D("81.86"), BANDS) == "B"
    assert grade_for(D("85"), BANDS) == "A"
    assert grade_for(D("84.99"), BANDS) == "B"
    assert grade_for(D("84.995"), BANDS) == "A"
    assert grade_for(D("0"), BANDS) == "F"
    assert grade_for(D("100"), BANDS) == "AA"


def test_grade_for_reports_a_gap_as_none():
    assert grade_for(D("50"), [b for b in BANDS if b.grade != "E"]) is None


def test_rating_checks_every_tool():
    tools = {"IIT": D("97.82"), "EIT": D("84.00"), "OIT": D("98.75")}
    # The NACC 2568 case: a high total, but EIT under 85 gives only "ผ่าน".
    assert rating_for(D("94.64"), tools, RATINGS) == "ผ่าน"
    assert rating_for(D("96"), {"IIT": D(96), "EIT": D(95), "OIT": D(97)}, RATINGS) == (
        "ผ่านดีเยี่ยม"
    )
    assert rating_for(D("90"), {"IIT": D(90), "EIT": D(86), "OIT": D(94)}, RATINGS) == "ผ่านดี"
    assert rating_for(D("72"), tools, RATINGS) == "ต้องปรับปรุง"
    assert rating_for(D("40"), tools, RATINGS) == "ต้องปรับปรุงโดยด่วน"


def test_band_overlaps_names_both_bands_in_thai():
    problems = band_overlaps([("A", D(85), D("94.99")), ("B", D(75), D(85))])
    assert problems == ["ช่วงคะแนนของระดับ B (75–85) ทับซ้อนกับระดับ A (85–94.99)"]
    assert band_overlaps([(b.grade, b.min_score, b.max_score) for b in BANDS]) == []
