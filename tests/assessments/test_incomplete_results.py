"""Issue 13, point 2: a result with scores missing says what is missing and claims no
strengths or weaknesses on what was not entered (the report and issuing:
tests/reports/test_issue_13_print.py)."""

from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessments.models import AssessmentYear
from assessments.selectors import missing_scores_text, result_analysis
from assessments.services import ResultInput, result_save
from ita_portal.agencies.models import Agency

pytestmark = pytest.mark.django_db

AGENCY = "thung-ruang-thong"
ALL_PASS = "ไม่มี ทุกตัวชี้วัดผ่านเกณฑ์"


def save_2567(*, indicators: dict[int, str], tools: dict[str, str] | None = None):
    """A 2567 result with only the given indicator scores and tool scores."""
    year = AssessmentYear.objects.get(year=2567)
    data = ResultInput(
        tools={k: D(v) for k, v in (tools or {}).items()},
        indicators={n: (D(s), "") for n, s in indicators.items()},
    )
    return result_save(
        agency=Agency.objects.get(code=AGENCY),
        year=year,
        data=data,
        acting_user=get_user_model().objects.get(username="demo_officer"),
        expected_version=None,
    )


@pytest.mark.parametrize(
    ("numbers", "tools", "expected"),
    [
        ([2, 3, 4, 5, 6, 7, 8, 9, 10], ["EIT", "OIT"],
         "ยังไม่ได้กรอกคะแนนตัวชี้วัดที่ 2–10 และคะแนน EIT, OIT"),
        ([1, 2, 5, 9, 10], [], "ยังไม่ได้กรอกคะแนนตัวชี้วัดที่ 1, 2, 5, 9, 10"),
        ([3, 4, 5, 8], [], "ยังไม่ได้กรอกคะแนนตัวชี้วัดที่ 3–5, 8"),
        ([], ["IIT"], "ยังไม่ได้กรอกคะแนน IIT"),
        ([], [], ""),
    ],
)
def test_missing_scores_text(numbers, tools, expected):
    assert missing_scores_text(numbers, tools) == expected


def test_the_analysis_of_one_indicator_of_ten_names_what_is_missing(demo):
    result = save_2567(indicators={1: "97.50"}, tools={"iit": "96.00"})
    analysis = result_analysis(result)
    assert not analysis.is_complete
    assert [i.number for i in analysis.missing_indicators] == list(range(2, 11))
    assert analysis.missing_tools == ["EIT", "OIT"]
    assert analysis.missing_text == "ยังไม่ได้กรอกคะแนนตัวชี้วัดที่ 2–10 และคะแนน EIT, OIT"
    assert [r.number for r in analysis.strengths] == [1]
    assert analysis.weaknesses == []


def test_a_complete_result_is_complete(demo):
    result = result_analysis(
        Agency.objects.get(code=AGENCY).results.get(year__year=2566)
    )
    assert result.is_complete and result.missing_text == ""


class TestAnalysisPage:
    url = reverse("assessments:result_detail", args=[AGENCY, 2567])

    def test_says_what_is_missing_and_claims_no_weakness(self, client, demo, login):
        save_2567(indicators={1: "97.50"}, tools={"iit": "96.00"})
        login("demo_officer")
        html = client.get(self.url).content.decode()
        assert ALL_PASS not in html
        warning = html.split('data-testid="incomplete"')[1].split("</div>")[0]
        assert "ผลการประเมินยังไม่ครบ" in warning
        assert "ยังไม่ได้กรอกคะแนนตัวชี้วัดที่ 2–10 และคะแนน EIT, OIT" in warning
        assert "ตัวชี้วัดที่กรอกคะแนนแล้ว 1 จาก 10 ตัวชี้วัดเท่านั้น" in warning
        weaknesses = html.split('data-testid="weaknesses"')[1].split("</ol>")[0]
        assert "ยังสรุปไม่ได้ ยังไม่ได้กรอกคะแนนตัวชี้วัดที่ 2–10" in weaknesses
        assert "ยังไม่ได้กรอกคะแนน OIT รายข้อ" in html
        assert "ไม่มีข้อที่ได้ 0 คะแนน" not in html

    def test_with_no_indicator_entered_no_strength_is_claimed_either(self, client, demo, login):
        save_2567(indicators={}, tools={"iit": "96.00"})
        login("demo_officer")
        html = client.get(self.url).content.decode()
        strengths = html.split('data-testid="strengths"')[1].split("</ol>")[0]
        assert "ยังสรุปไม่ได้ ยังไม่ได้กรอกคะแนนตัวชี้วัดที่ 1–10" in strengths
        assert ">ไม่มี<" not in strengths

    def test_with_every_score_entered_and_passing_it_says_so(self, client, demo, login):
        save_2567(
            indicators=dict.fromkeys(range(1, 11), "95.00"),
            tools={"iit": "95.00", "eit": "95.00", "oit": "95.00"},
        )
        login("demo_officer")
        html = client.get(self.url).content.decode()
        assert ALL_PASS in html
        assert 'data-testid="incomplete"' not in html
