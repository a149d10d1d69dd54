from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import AssessmentResult, AssessmentYear, OITItem
from assessments.selectors import result_analysis
from assessments.services import ResultInput, StaleResultError, result_input_errors, result_save

pytestmark = pytest.mark.django_db

# Seed 003 (FY2564): indicators 1–10 and the O-items that scored 0, with auditor comments.
SEED_003_INDICATORS = [97.53, 95.23, 97.57, 95.26, 94.88, 95.28, 95.12, 94.10, 79.14, 43.75]
SEED_003_ZERO_ITEMS = {15: "ไม่พบข้อมูลเดือนมกราคม", 30: "ไม่เป็นช่องทางรักษาความลับ",
                       31: "มีข้อมูลไม่ครบขั้นต่ำ 6 เดือน", 42: "ไม่มีการระบุมาตรการ"}


def officer():
    return get_user_model().objects.get(username="demo_officer")


def save(agency, year, *, tools, indicators=(), zero_items=None, version=None, user=None):
    criteria = AssessmentYear.objects.get(year=year)
    zero_items = zero_items or {}
    data = ResultInput(
        tools={k: D(str(v)) for k, v in tools.items()},
        indicators={n: (D(str(s)), "") for n, s in enumerate(indicators, start=1)},
        oit_items={
            item.number: (D(0) if item.number in zero_items else D(100),
                          zero_items.get(item.number, ""))
            for item in criteria.oit_items.all()
        },
    )
    return result_save(agency=agency, year=criteria, data=data, acting_user=user or officer(),
                       expected_version=version)


def test_seed_002_figures_give_the_published_total(demo):
    result = save(demo["other_agency"], 2566, user=get_user_model().objects.get(
        username="demo_officer_b"),
        tools={"iit": "97.82", "eit_part1": "94.96", "eit_part2": "81.73", "oit": "98.75",
               "official_total": "95.35"})
    analysis = result_analysis(result)
    assert analysis.eit_from_parts
    assert analysis.total == D("95.35")
    assert not analysis.total_mismatch
    assert analysis.grade == "AA"
    assert analysis.passed is True
    assert analysis.rating is None  # 2566 has no qualitative rating


def test_seed_003_figures_give_grade_b_and_the_same_strengths_and_weaknesses(demo):
    AssessmentResult.objects.filter(agency=demo["agency"]).delete()
    result = save(demo["agency"], 2564, tools={"iit": "96.09", "eit": "94.83", "oit": "61.45",
                                                "official_total": "81.86"},
                  indicators=SEED_003_INDICATORS, zero_items=SEED_003_ZERO_ITEMS)
    analysis = result_analysis(result)
    assert analysis.total == D("81.86")
    assert not analysis.total_mismatch
    assert analysis.grade == "B"
    assert analysis.passed is False
    assert [row.number for row in analysis.strengths] == [3, 1, 6, 4, 2, 7, 5, 8]
    assert [row.number for row in analysis.weaknesses] == [9, 10]
    assert analysis.indicators[0].score == D("97.57")
    zero = {s.item.code: s.comment for g in analysis.zero_items for s in g.scores}
    assert zero == {f"O{n}": text for n, text in SEED_003_ZERO_ITEMS.items()}
    assert [g.code for g in analysis.zero_items] == ["9.2", "9.5", "10.2"]


def test_change_against_previous_year_per_indicator(demo):
    analysis = result_analysis(AssessmentResult.objects.get(agency=demo["agency"], year__year=2566))
    by_number = {row.number: row for row in analysis.indicators}
    assert by_number[10].previous == D("55.56")
    assert by_number[10].change == D("22.70")
    assert by_number[7].change == D("-5.66")


@pytest.mark.parametrize(
    ("tools", "rating"),
    [
        ({"iit": 96, "eit": 95, "oit": 97}, "ผ่านดีเยี่ยม"),
        ({"iit": 90, "eit": 86, "oit": 94}, "ผ่านดี"),
        ({"iit": 97.82, "eit": 84.00, "oit": 98.75}, "ผ่าน"),  # EIT under 85 caps the rating
        ({"iit": 80, "eit": 75, "oit": 70}, "ต้องปรับปรุง"),
        ({"iit": 60, "eit": 60, "oit": 50}, "ต้องปรับปรุงโดยด่วน"),
    ],
)
def test_2567_rating_rule(demo, tools, rating):
    result = save(demo["agency"], 2567, tools=tools)
    assert result_analysis(result).rating == rating


@pytest.mark.parametrize("year", [2564, 2565, 2566, 2567, 2568])
def test_every_fixture_year_computes_total_and_grade_from_its_weights(demo, year):
    AssessmentResult.objects.filter(agency=demo["agency"]).delete()
    tools = {"iit": 90, "oit": 80}
    tools.update({"eit_part1": 90, "eit_part2": 70} if year >= 2566 else {"eit": 80})
    analysis = result_analysis(save(demo["agency"], year, tools=tools))
    assert analysis.total == D("83.00")  # 0.3·90 + 0.3·80 + 0.4·80
    assert analysis.grade == "B"
    assert analysis.passed is False


def test_official_total_mismatch_is_flagged_only_beyond_a_hundredth(demo):
    AssessmentResult.objects.filter(agency=demo["agency"]).delete()
    tools = {"iit": 90, "eit": 80, "oit": 80}
    exact = save(demo["agency"], 2565, tools={**tools, "official_total": "83.01"})
    assert not result_analysis(exact).total_mismatch
    off = save(demo["agency"], 2565, tools={**tools, "official_total": "83.02"},
               version=exact.version)
    assert result_analysis(off).total_mismatch


def test_items_and_parts_of_another_year_are_refused(demo):
    criteria = AssessmentYear.objects.get(year=2564)
    errors = result_input_errors(criteria, ResultInput(
        tools={"eit_part1": D(90)},
        indicators={11: (D(90), "")},
        oit_items={44: (D(100), ""), 3: (D(50), "")},
    ))
    assert errors == {
        "eit_part1": ["ปี 2564 ไม่ได้แบ่ง EIT เป็นสองส่วน"],
        "ind_11": ["ปี 2564 ไม่มีตัวชี้วัดที่ 11"],
        "oit_44": ["ปี 2564 ไม่มีข้อ O44"],
        "oit_3": ["ปี 2564 ให้คะแนนข้อ OIT ได้เพียง 100 หรือ 0"],
    }


def test_a_second_result_for_the_same_agency_and_year(demo):
    existing = AssessmentResult.objects.get(agency=demo["agency"], year__year=2566)
    duplicate = AssessmentResult(agency=demo["agency"], year=existing.year)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "หน่วยงานนี้มีผลการประเมินของปีนี้แล้ว" in str(error.value)
    # A second "new" entry, started before the first was saved, is a conflict, not a copy.
    with pytest.raises(StaleResultError):
        save(demo["agency"], 2566, tools={"iit": 50})
    assert AssessmentResult.objects.filter(agency=demo["agency"], year__year=2566).count() == 1


def test_results_are_replaced_whole_in_one_transaction(demo):
    result = AssessmentResult.objects.get(agency=demo["agency"], year__year=2566)
    before = result.indicator_scores.count()
    with pytest.raises(ValidationError):
        save(demo["agency"], 2566, tools={"iit": 1}, indicators=[50] * 11,
             version=result.version)
    result.refresh_from_db()
    assert result.iit == D("95.62")
    assert result.indicator_scores.count() == before


def test_oit_items_belong_to_their_year():
    assert not OITItem.objects.filter(year__year=2566).exclude(
        sub_indicator__indicator__year__year=2566
    ).exists()


class TestPages:
    def url(self, name, year=2566, code="thung-ruang-thong"):
        return reverse(f"assessments:{name}", args=[code, year])

    def test_results_page_shows_grade_strengths_and_chart(self, client, demo, login):
        html = login("demo_palad").get(self.url("result_detail")).content.decode()
        assert 'data-testid="grade">A<' in html
        assert "87.99" in html
        assert "จุดแข็ง (คะแนนตั้งแต่ร้อยละ 85) จำนวน 7 ตัวชี้วัด" in html
        assert "จุดที่ต้องปรับปรุงพัฒนา (ต่ำกว่าร้อยละ 85) จำนวน 3 ตัวชี้วัด" in html
        assert "<svg" in html and "ไม่พบนโยบายคุ้มครองข้อมูลส่วนบุคคลของหน่วยงาน" in html
        assert "คะแนนรวมไม่ตรงกับประกาศ" not in html

    def test_mismatch_warning_is_visible(self, client, demo, login):
        AssessmentResult.objects.filter(year__year=2566).update(official_total=D("90.00"))
        html = login("demo_officer").get(self.url("result_detail")).content.decode()
        assert "คะแนนรวมไม่ตรงกับประกาศ" in html

    def test_results_page_query_count_is_fixed(self, client, demo, login,
                                                django_assert_num_queries):
        login("demo_officer")
        # +3 of them renew the session for the idle timeout (the first request after the
        # login: an UPDATE inside a savepoint).
        with django_assert_num_queries(19):
            client.get(self.url("result_detail"))

    def test_palad_reads_but_cannot_edit(self, client, demo, login):
        login("demo_palad")
        assert client.get(self.url("result_edit")).status_code == 403

    def test_other_agency_sees_nothing(self, client, demo, login):
        login("demo_officer_b")
        assert client.get(self.url("result_detail")).status_code == 403
        assert client.get(self.url("result_csv_template")).status_code == 403

    def test_anonymous_goes_to_login(self, client, demo):
        assert client.get(self.url("result_detail")).status_code == 302


class TestEditing:
    url = TestPages.url

    def form_data(self, client, **changes):
        """The edit form as the browser would post it back, with some fields changed."""
        response = client.get(self.url("result_edit"))
        form = response.context["form"]
        data = {}
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            data[name] = "" if value is None else str(value)
        data.update(changes)
        return data

    def test_saving_the_form_updates_the_analysis(self, client, demo, login):
        login("demo_officer")
        response = client.post(self.url("result_edit"), self.form_data(client, ind_10="86.50"))
        assert response.status_code == 302
        result = AssessmentResult.objects.get(agency=demo["agency"], year__year=2566)
        assert result.indicator_scores.get(indicator__number=10).score == D("86.50")
        assert result.version == 2

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("iit", "101", "คะแนนต้องไม่เกิน 100"),
            ("oit", "-1", "คะแนนต้องไม่น้อยกว่า 0"),
            ("ind_3", "95.355", "คะแนนมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง"),
            ("ind_4", "เก้าสิบ", "กรุณากรอกคะแนนเป็นตัวเลข"),
            ("oit_5", "50", "ปี 2566 ให้คะแนนข้อ OIT ได้เพียง 100 หรือ 0"),
        ],
    )
    def test_bad_scores_get_a_thai_message_and_change_nothing(
        self, client, demo, login, field, value, message
    ):
        login("demo_officer")
        data = self.form_data(client, **{field: value}, preface="ข้อความที่พิมพ์ไว้")
        response = client.post(self.url("result_edit"), data)
        html = response.content.decode()
        assert response.status_code == 200
        assert message in html
        assert "ข้อความที่พิมพ์ไว้" in html  # what the person typed is kept
        assert AssessmentResult.objects.get(agency=demo["agency"], year__year=2566).version == 1

    def test_two_officers_saving_at_once(self, client, demo, login):
        login("demo_officer")
        stale = self.form_data(client, iit="90.00", preface="ฉบับของเจ้าหน้าที่คนแรก")
        # Meanwhile the head of office saves another IIT.
        result = AssessmentResult.objects.get(agency=demo["agency"], year__year=2566)
        AssessmentResult.objects.filter(pk=result.pk).update(iit=D("91.00"), version=2)

        response = client.post(self.url("result_edit"), stale)
        html = response.content.decode()
        assert response.status_code == 200
        assert "ข้อมูลถูกแก้ไขโดยผู้อื่นหลังจากที่คุณเปิดหน้านี้" in html
        assert "90.00" in html and "91.00" in html  # both versions are shown
        assert "ฉบับของเจ้าหน้าที่คนแรก" in html
        result.refresh_from_db()
        assert result.iit == D("91.00")

        # Having seen both, saving again is a deliberate overwrite.
        resubmit = {**stale, "version": str(response.context["form"].data["version"])}
        assert client.post(self.url("result_edit"), resubmit).status_code == 302
        result.refresh_from_db()
        assert (result.iit, result.version) == (D("90.00"), 3)


class TestCsvImport:
    url = TestPages.url

    def upload(self, client, text, year=2566):
        from django.core.files.uploadedfile import SimpleUploadedFile

        file = SimpleUploadedFile("scores.csv", text.encode("utf-8-sig"), "text/csv")
        return client.post(self.url("result_csv_import", year), {"file": file})

    def test_template_download_is_excel_friendly(self, client, demo, login):
        response = login("demo_officer").get(self.url("result_csv_template"))
        assert response["Content-Type"].startswith("text/csv")
        assert response.content.startswith("\ufeff".encode())
        assert "O43" in response.content.decode("utf-8-sig")

    def test_good_file_is_saved(self, client, demo, login):
        login("demo_officer")
        response = self.upload(client, "ประเภท,รหัส,ชื่อ,คะแนน,ความคิดเห็น\n"
                                        "เครื่องมือ,IIT,,97.82,\nตัวชี้วัด,1,,99.00,\n"
                                        "OIT,O1,,0,ไม่พบโครงสร้าง\n", year=2565)
        assert response.status_code == 302
        result = AssessmentResult.objects.get(agency=demo["agency"], year__year=2565)
        assert result.iit == D("97.82")
        assert result.oit_scores.get().comment == "ไม่พบโครงสร้าง"

    def test_bad_file_reports_every_row_and_saves_nothing(self, client, demo, login):
        login("demo_officer")
        response = self.upload(client, "ประเภท,รหัส,ชื่อ,คะแนน,ความคิดเห็น\n"
                                        "เครื่องมือ,IIT,,97.82,\nตัวชี้วัด,1,,101,\n"
                                        "OIT,O44,,100,\n")
        html = response.content.decode()
        assert response.status_code == 400
        assert "นำเข้าไฟล์ไม่สำเร็จ ระบบไม่ได้บันทึกข้อมูลใดเลย" in html
        assert "แถวที่ 3 คอลัมน์ คะแนน" in html
        assert "แถวที่ 4 คอลัมน์ รหัส" in html
        result = AssessmentResult.objects.get(agency=demo["agency"], year__year=2566)
        assert (result.iit, result.version) == (D("95.62"), 1)
