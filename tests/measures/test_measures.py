import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import AssessmentYear, Indicator
from ita_portal.agencies.models import Unit
from ita_portal.audit.models import AuditEvent
from measures.models import Measure, MeasureStatus, MeasureSuggestion, ProgressRound
from measures.services import measure_set_status, measure_update, round_take

pytestmark = pytest.mark.django_db

LIST = "measures:measure_list"


def list_url(year=2567, code="thung-ruang-thong"):
    return reverse(LIST, args=[code, year])


def form_data(**values):
    data = {"title": "จัดทำคู่มือการปฏิบัติงาน", "status": "not_started", "tool": "IIT"}
    data.update(values)
    return data


class TestCreate:
    url = staticmethod(lambda: reverse("measures:measure_create", args=["thung-ruang-thong", 2567]))

    def test_officer_adds_a_measure_with_every_field(self, client, demo, login):
        login("demo_officer")
        year = AssessmentYear.objects.get(year=2567)
        indicator = year.indicators.get(number=9)
        item = year.oit_items.get(number=1)
        unit = Unit.objects.get(agency=demo["agency"], name="กองคลัง")
        response = client.post(self.url(), form_data(
            indicators=[indicator.pk], oit_items=[item.pk], units=[unit.pk],
            weakness="เว็บไซต์ยังไม่เผยแพร่ข้อมูลครบ", steps="1. ตรวจสอบ\n2. เผยแพร่",
            period_start="1/10/2566", period_end="30/9/2567",
            period_text="ตุลาคม 2566 – กันยายน 2567", responsible_text="ทุกส่วนราชการ",
            monitoring="รายงานรอบ 6 เดือน", status="in_progress", summary="ดำเนินการแล้วบางส่วน",
        ))
        assert response.status_code == 302
        measure = Measure.objects.get(agency=demo["agency"], year=year)
        assert measure.order == 1
        assert list(measure.indicators.all()) == [indicator]
        assert list(measure.units.all()) == [unit]
        html = client.get(list_url()).content.decode()
        assert "จัดทำคู่มือการปฏิบัติงาน" in html and "ตุลาคม 2566 – กันยายน 2567" in html

    @pytest.mark.parametrize(
        ("values", "message"),
        [
            ({"title": "   "}, "กรุณากรอกมาตรการ/แนวทาง"),
            ({"period_start": "30/9/2567", "period_end": "1/10/2566"},
             "วันสิ้นสุดต้องไม่ก่อนวันเริ่มดำเนินการ"),
            ({"period_start": "31/02/2567"}, "ไม่มีวันที่ 31/2/2567 ในปฏิทิน"),
        ],
    )
    def test_bad_input_gets_a_thai_message_and_saves_nothing(
        self, client, demo, login, values, message
    ):
        login("demo_officer")
        response = client.post(self.url(), form_data(steps="ขั้นตอนที่พิมพ์ไว้", **values))
        html = response.content.decode()
        assert response.status_code == 200
        assert message in html
        assert "ขั้นตอนที่พิมพ์ไว้" in html
        assert not Measure.objects.exists()

    def test_indicator_of_another_year_and_unit_of_another_agency_are_refused(
        self, client, demo, login
    ):
        login("demo_officer")
        old_indicator = Indicator.objects.get(year__year=2565, number=1)
        foreign_unit = Unit.objects.filter(agency=demo["other_agency"]).first()
        response = client.post(
            self.url(), form_data(indicators=[old_indicator.pk], units=[foreign_unit.pk])
        )
        html = response.content.decode()
        assert html.count("ไม่อยู่ในรายการของหน่วยงานและปีนี้") == 2
        assert not Measure.objects.exists()


class TestStatusInPlace:
    def status_url(self, measure):
        return reverse("measures:measure_status", args=[measure.pk])

    def test_without_javascript_the_form_posts_and_returns_to_the_row(
        self, client, demo, login, make_measure
    ):
        measure = make_measure()
        login("demo_officer")
        response = client.post(self.status_url(measure), {"status": "done"})
        assert response.status_code == 302
        assert response.url.endswith(f"#m-{measure.pk}")
        measure.refresh_from_db()
        assert measure.status == MeasureStatus.DONE
        html = client.get(list_url()).content.decode()
        row = html.split(f'id="m-{measure.pk}"')[1].split("</tr>")[0]
        assert row.count("☑") == 1 and row.count("☐") == 3
        assert 'value="done" class="btn btn-link p-0 status-box" aria-pressed="true"' in row

    def test_with_javascript_it_answers_json_with_the_counts(
        self, client, demo, login, make_measure
    ):
        measure = make_measure()
        make_measure(title="อีกมาตรการ")
        login("demo_officer")
        response = client.post(
            self.status_url(measure), {"status": "in_progress"}, HTTP_ACCEPT="application/json"
        )
        assert response.json() == {
            "status": "in_progress",
            "label": "อยู่ระหว่างการดำเนินการ",
            "counts": {"not_started": 1, "in_progress": 1, "done": 0, "cannot": 0},
        }

    def test_a_bad_status_changes_nothing(self, client, demo, login, make_measure):
        measure = make_measure()
        login("demo_officer")
        response = client.post(
            self.status_url(measure), {"status": "hacked"}, HTTP_ACCEPT="application/json"
        )
        assert response.status_code == 400
        measure.refresh_from_db()
        assert measure.status == MeasureStatus.NOT_STARTED

    def test_read_only_roles_and_other_agencies_cannot_tick(
        self, client, demo, login, make_measure
    ):
        measure = make_measure()
        login("demo_palad")
        assert client.post(self.status_url(measure), {"status": "done"}).status_code == 403
        html = client.get(list_url()).content.decode()
        assert "status-form" not in html  # palad sees boxes, not buttons
        client.logout()
        login("demo_officer_b")
        assert client.post(self.status_url(measure), {"status": "done"}).status_code == 403
        assert client.get(list_url()).status_code == 403
        measure.refresh_from_db()
        assert measure.status == MeasureStatus.NOT_STARTED


def test_list_groups_filters_and_counts(client, demo, login, make_measure):
    make_measure(title="มาตรการ IIT", tool="IIT", indicators=[1], units=["กองคลัง"])
    make_measure(title="มาตรการ OIT", tool="OIT", indicators=[9], status="done")
    login("demo_officer")
    html = client.get(list_url(), {"group": "tool"}).content.decode()
    assert html.index("IIT แบบวัดการรับรู้") < html.index("OIT แบบตรวจการเปิดเผยข้อมูลสาธารณะ")
    html = client.get(list_url(), {"group": "indicator"}).content.decode()
    assert "ตัวชี้วัดที่ 1 (การปฏิบัติหน้าที่)" in html
    assert "ตัวชี้วัดที่ 9 (การเปิดเผยข้อมูล)" in html
    filtered = client.get(list_url(), {"status": "done"}).content.decode()
    assert "มาตรการ OIT" in filtered and "มาตรการ IIT" not in filtered
    unit = Unit.objects.get(agency=demo["agency"], name="กองคลัง")
    by_unit = client.get(list_url(), {"unit": unit.pk}).content.decode()
    assert "มาตรการ IIT" in by_unit and "มาตรการ OIT" not in by_unit
    assert 'data-status-count="done"><span class="count">1</span>' in html


def test_list_query_count_does_not_grow_with_measures(
    client, demo, login, make_measure, django_assert_num_queries
):
    for n in range(5):
        make_measure(title=f"มาตรการ {n}", indicators=[1, 2], units=["กองคลัง"])
    login("demo_officer")
    client.get(list_url())  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as five:
        client.get(list_url())
    for n in range(95):
        make_measure(title=f"มาตรการเพิ่ม {n}", indicators=[3], units=["กองช่าง"])
    with django_assert_num_queries(len(five.captured_queries)):
        response = client.get(list_url())
    assert response.content.decode().count('data-measure="') == 50  # the first page


def test_reorder_moves_a_measure_up(client, demo, login, make_measure):
    make_measure(title="หนึ่ง")
    second = make_measure(title="สอง")
    login("demo_officer")
    client.post(reverse("measures:measure_move", args=[second.pk]), {"direction": "-1"})
    assert list(Measure.objects.order_by("order").values_list("title", flat=True)) == [
        "สอง", "หนึ่ง"
    ]


def test_a_stale_edit_is_not_silently_overwritten(client, demo, login, make_measure, officer):
    measure = make_measure(title="ฉบับแรก")
    login("demo_officer")
    edit_url = reverse("measures:measure_edit", args=[measure.pk])
    stale = form_data(title="ฉบับของฉัน", version=measure.version)
    measure_update(measure, data=_same(measure, title="ฉบับของคนอื่น"), acting_user=officer,
                   expected_version=measure.version)
    response = client.post(edit_url, stale)
    html = response.content.decode()
    assert "มาตรการนี้ถูกแก้ไขโดยผู้อื่นหลังจากที่คุณเปิดหน้านี้" in html
    assert "ฉบับของคนอื่น" in html and "ฉบับของฉัน" in html
    measure.refresh_from_db()
    assert measure.title == "ฉบับของคนอื่น"
    resubmit = {**stale, "version": measure.version}
    assert client.post(edit_url, resubmit).status_code == 302
    measure.refresh_from_db()
    assert measure.title == "ฉบับของฉัน"


def _same(measure, **changes):
    from measures.services import MeasureInput

    return MeasureInput(values={"title": measure.title, "status": measure.status, **changes})


def test_history_shows_who_changed_what(client, demo, login, make_measure):
    measure = make_measure(title="ก่อนแก้")
    login("demo_officer")
    client.post(reverse("measures:measure_edit", args=[measure.pk]),
                form_data(title="หลังแก้", version=measure.version))
    html = client.get(reverse("measures:measure_history", args=[measure.pk])).content.decode()
    assert "ก่อนแก้" in html and "หลังแก้" in html
    assert "สมศรี ตั้งใจงาน" in html
    assert "มาตรการ/แนวทาง" in html


class TestRounds:
    def test_a_round_is_a_snapshot_later_edits_do_not_change(
        self, client, demo, login, make_measure, officer
    ):
        measure = make_measure(title="มาตรการเดิม", status="in_progress", summary="ครึ่งทาง")
        login("demo_officer")
        url = reverse("measures:measure_rounds", args=["thung-ruang-thong", 2567])
        assert client.post(url, {"kind": "6m"}).status_code == 302
        measure_update(measure, data=_same(measure, title="แก้ทีหลัง", status="done"),
                       acting_user=officer, expected_version=measure.version)
        entry = ProgressRound.objects.get(kind="6m").entries.get()
        assert (entry.title, entry.status, entry.summary) == ("มาตรการเดิม", "in_progress", "ครึ่งทาง")
        html = client.get(url).content.decode()
        assert "มาตรการเดิม" in html and "อยู่ระหว่างการดำเนินการ" in html

    def test_the_same_round_twice_is_refused(self, client, demo, login, make_measure, officer):
        make_measure()
        year = AssessmentYear.objects.get(year=2567)
        round_take(agency=demo["agency"], year=year, kind="12m", acting_user=officer)
        login("demo_officer")
        url = reverse("measures:measure_rounds", args=["thung-ruang-thong", 2567])
        response = client.post(url, {"kind": "12m"}, follow=True)
        assert "บันทึกรอบ 12 เดือน (สิ้นปีงบประมาณ)ของปี 2567 ไปแล้ว" in response.content.decode()
        assert ProgressRound.objects.count() == 1


def test_copy_last_years_measures(client, demo, login, make_measure):
    make_measure(year=2566, title="มาตรการปีก่อน", indicators=[9, 10], units=["กองคลัง"],
                 status="done", summary="เสร็จแล้ว")
    login("demo_officer")
    client.post(reverse("measures:measures_copy", args=["thung-ruang-thong", 2567]))
    copy = Measure.objects.get(year__year=2567)
    assert copy.title == "มาตรการปีก่อน"
    assert copy.status == MeasureStatus.NOT_STARTED and copy.summary == ""
    assert sorted(i.number for i in copy.indicators.all()) == [9, 10]
    assert all(i.year.year == 2567 for i in copy.indicators.all())
    assert [u.name for u in copy.units.all()] == ["กองคลัง"]


def test_library_proposes_measures_for_every_indicator_under_85(client, demo, login):
    login("demo_officer")
    url = reverse("measures:measures_suggestions", args=["thung-ruang-thong", 2566])
    html = client.get(url).content.decode()
    # The demo result of 2566 has indicators 7, 8 and 10 under 85.
    for number in (7, 8, 10):
        assert f"ตัวชี้วัดที่ {number} " in html
    assert "ตัวชี้วัดที่ 1 " not in html
    ids = [int(v) for v in __import__("re").findall(r'name="suggestion" value="(\d+)"', html)]
    assert client.post(url, {"suggestion": ids}).status_code == 302
    created = Measure.objects.filter(year__year=2566)
    assert sorted(m.indicators.get().number for m in created) == [7, 8, 10]


class TestEvidence:
    @pytest.fixture(autouse=True)
    def media(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path

    def upload(self, client, measure, name, content):
        return client.post(
            reverse("measures:evidence_add", args=[measure.pk]),
            {"title": "รายงานผล", "url": "", "file": SimpleUploadedFile(name, content)},
        )

    def test_a_pdf_is_stored_and_served_only_to_the_agency(
        self, client, demo, login, make_measure
    ):
        measure = make_measure()
        login("demo_officer")
        assert self.upload(client, measure, "รายงาน.pdf", b"%PDF-1.7 test").status_code == 302
        evidence = measure.evidence.get()
        download = reverse("measures:evidence_download", args=[evidence.pk])
        response = client.get(download)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        client.logout()
        assert client.get(download).status_code == 302  # anonymous: to login
        login("demo_officer_b")
        assert client.get(download).status_code == 403

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("virus.exe", b"MZ....", "รับเฉพาะไฟล์ PDF รูปภาพ"),
            ("fake.pdf", b"<html>not a pdf", "เนื้อหาไฟล์ไม่ตรงกับนามสกุลไฟล์"),
            ("big.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), "ไฟล์ใหญ่เกิน 10 MB"),
        ],
    )
    def test_disallowed_files_are_refused(self, client, demo, login, make_measure, name,
                                          content, message):
        measure = make_measure()
        login("demo_officer")
        response = self.upload(client, measure, name, content)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not measure.evidence.exists()


def test_an_agency_adds_its_own_suggestion(client, demo, login):
    login("demo_officer")
    url = reverse("measures:measures_suggestions", args=["thung-ruang-thong", 2566])
    response = client.post(
        url, {"action": "add", "indicator_number": 7, "title": "จัดรายการวิทยุชุมชนทุกเดือน"}
    )
    assert response.status_code == 302
    assert "จัดรายการวิทยุชุมชนทุกเดือน" in client.get(url).content.decode()
    empty = client.post(url, {"action": "add", "indicator_number": 7, "title": ""})
    assert "กรุณากรอกมาตรการ/แนวทาง" in empty.content.decode()
    own = MeasureSuggestion.objects.get(title="จัดรายการวิทยุชุมชนทุกเดือน")
    assert own.agency == demo["agency"]


def test_ticking_the_status_of_a_measure_deleted_meanwhile_is_a_thai_refusal(
    make_measure, officer, login
):
    measure = make_measure(title="มาตรการที่ถูกลบระหว่างนั้น")
    stale = Measure.objects.get(pk=measure.pk)
    Measure.objects.filter(pk=measure.pk).delete()  # another officer deleted it
    with pytest.raises(ValidationError, match="ถูกลบไปแล้ว"):
        measure_set_status(stale, status="done", acting_user=officer)
    assert not AuditEvent.objects.filter(action="measure.status").exists()
