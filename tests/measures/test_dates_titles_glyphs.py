"""Issue 13 in the measures app: Buddhist-Era dates typed and shown, the period printed
from the dates when its text is empty, the title cap, and the warning for characters the
report fonts lack."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import AssessmentYear
from ita_portal import forms as ita_forms
from ita_portal.pdf.glyphs import glyph_warning, uncovered_characters
from measures.exchange import export_csv, parse_measures_file
from measures.models import TITLE_MAX_LENGTH, Measure, MeasureSuggestion, ProgressRound
from measures.services import round_take

pytestmark = pytest.mark.django_db

AGENCY = "thung-ruang-thong"
CREATE = reverse("measures:measure_create", args=[AGENCY, 2567])
LIST = reverse("measures:measure_list", args=[AGENCY, 2567])


def form_data(**values):
    data = {"title": "จัดทำคู่มือการปฏิบัติงาน", "status": "not_started", "tool": "IIT"}
    data.update(values)
    return data


def row_of(html: str, measure: Measure) -> str:
    return html.split(f'id="m-{measure.pk}"')[1].split("</tr>")[0]


# --- the date field ---------------------------------------------------------------------


class TestThaiDateField:
    field = ita_forms.ThaiDateField(required=False)

    def test_reads_buddhist_era_and_gives_the_christian_era_date(self):
        assert self.field.clean("1/10/2567") == dt.date(2024, 10, 1)
        assert self.field.clean("2567-10-01") == dt.date(2024, 10, 1)
        assert self.field.clean("") is None

    def test_shows_a_stored_date_in_buddhist_era(self):
        html = self.field.widget.render("d", dt.date(2024, 10, 1))
        assert 'value="1/10/2567"' in html
        assert 'type="text"' in html and 'type="date"' not in html

    def test_shows_what_was_typed_back_unchanged(self):
        assert 'value="31/02/2567"' in self.field.widget.render("d", "31/02/2567")

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("31/02/2567", "ไม่มีวันที่ 31/2/2567 ในปฏิทิน"),
            ("1/10/2400", "ปี พ.ศ. ต้องอยู่ระหว่าง 2500 ถึง 2699"),
            ("1/10/3000", "ปี พ.ศ. ต้องอยู่ระหว่าง 2500 ถึง 2699"),
            ("1/10/2024", "ปี 2024 เป็นปี ค.ศ. กรุณากรอกปี พ.ศ. เช่น 1/10/2567"),
        ],
    )
    def test_refuses_in_thai(self, text, message):
        with pytest.raises(ita_forms.ValidationError) as refused:
            self.field.clean(text)
        assert refused.value.messages == [message]


class TestMeasureFormDates:
    def test_a_buddhist_era_date_is_stored_as_christian_era_and_shown_back(
        self, client, demo, login
    ):
        login("demo_officer")
        response = client.post(
            CREATE, form_data(period_start="1/10/2567", period_end="๓๑/๓/๒๕๖๘")
        )
        assert response.status_code == 302
        measure = Measure.objects.get()
        assert (measure.period_start, measure.period_end) == (
            dt.date(2024, 10, 1), dt.date(2025, 3, 31)
        )
        html = client.get(reverse("measures:measure_edit", args=[measure.pk])).content.decode()
        assert 'value="1/10/2567"' in html and 'value="31/3/2568"' in html
        assert "2024" not in html.split('name="period_start"')[1].split(">")[0]

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("31/02/2567", "ไม่มีวันที่ 31/2/2567 ในปฏิทิน"),
            ("2400-10-01", "ปี พ.ศ. ต้องอยู่ระหว่าง 2500 ถึง 2699"),
            ("1/1/3000", "ปี พ.ศ. ต้องอยู่ระหว่าง 2500 ถึง 2699"),
            ("2024-10-01", "ปี 2024 เป็นปี ค.ศ. กรุณากรอกปี พ.ศ. เช่น 1/10/2567"),
            ("พรุ่งนี้", "กรุณากรอกวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 1/10/2567"),
        ],
    )
    def test_an_impossible_date_is_refused_in_thai_and_nothing_is_saved(
        self, client, demo, login, value, message
    ):
        login("demo_officer")
        response = client.post(CREATE, form_data(period_start=value, steps="ขั้นตอนที่พิมพ์ไว้"))
        html = response.content.decode()
        assert response.status_code == 200
        assert message in html
        assert f'value="{value}"' in html and "ขั้นตอนที่พิมพ์ไว้" in html
        assert not Measure.objects.exists()

    def test_an_edit_with_a_bad_date_changes_nothing(self, client, demo, login, make_measure):
        measure = make_measure(period_start=dt.date(2024, 10, 1))
        login("demo_officer")
        response = client.post(
            reverse("measures:measure_edit", args=[measure.pk]),
            form_data(title="ชื่อใหม่", period_start="30/2/2568", version=measure.version),
        )
        assert "ไม่มีวันที่ 30/2/2568 ในปฏิทิน" in response.content.decode()
        measure.refresh_from_db()
        assert (measure.title, measure.period_start) == ("มาตรการทดสอบ", dt.date(2024, 10, 1))

    def test_the_history_shows_changed_dates_in_buddhist_era(
        self, client, demo, login, make_measure
    ):
        measure = make_measure(period_start=dt.date(2024, 10, 1))
        login("demo_officer")
        client.post(
            reverse("measures:measure_edit", args=[measure.pk]),
            form_data(title="มาตรการทดสอบ", period_start="1/11/2567", version=measure.version),
        )
        html = client.get(reverse("measures:measure_history", args=[measure.pk])).content.decode()
        assert "1 ตุลาคม 2567" in html and "1 พฤศจิกายน 2567" in html
        assert "2024" not in html

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(
        value=st.one_of(
            st.text(max_size=50),
            st.from_regex(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{1,5}", fullmatch=True),
            st.dates().map(lambda d: f"{d.day}/{d.month}/{d.year + 543}"),
        )
    )
    def test_whatever_is_typed_is_a_saved_date_in_the_window_or_a_refusal(
        self, client, demo, login, value
    ):
        login("demo_officer")
        Measure.objects.all().delete()
        response = client.post(CREATE, form_data(period_start=value))
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert not Measure.objects.exists()
        else:
            start = Measure.objects.get().period_start
            assert start is None or 2500 <= start.year + 543 <= 2699


# --- the period printed ---------------------------------------------------------------


class TestPeriodFromDates:
    def test_the_list_prints_the_months_when_the_text_is_empty(
        self, client, demo, login, make_measure
    ):
        dated = make_measure(period_start=dt.date(2023, 10, 1), period_end=dt.date(2024, 3, 31))
        typed = make_measure(
            title="มีข้อความ", period_start=dt.date(2023, 10, 1), period_text="ไตรมาส 2–4"
        )
        one_month = make_measure(
            title="เดือนเดียว", period_start=dt.date(2024, 5, 2), period_end=dt.date(2024, 5, 30)
        )
        login("demo_officer")
        html = client.get(LIST).content.decode()
        assert "ต.ค. 2566 – มี.ค. 2567" in row_of(html, dated)
        assert "ไตรมาส 2–4" in row_of(html, typed) and "ต.ค." not in row_of(html, typed)
        assert "พ.ค. 2567" in row_of(html, one_month)
        assert "พ.ค. 2567 –" not in row_of(html, one_month)

    def test_a_round_freezes_the_printed_period(self, demo, make_measure, officer):
        make_measure(period_start=dt.date(2023, 10, 1), period_end=dt.date(2023, 12, 31))
        round_take(agency=demo["agency"], year=Measure.objects.get().year, kind="6m",
                   acting_user=officer)
        entry = ProgressRound.objects.get().entries.get()
        assert entry.period_text == "ต.ค. – ธ.ค. 2566"

    def test_the_spreadsheet_keeps_the_typed_text_and_the_dates_apart(
        self, demo, make_measure
    ):
        # The export is edited and imported back: a period made up from the dates would
        # come back as typed text and stop following the dates.
        make_measure(period_start=dt.date(2023, 10, 1), period_end=dt.date(2024, 3, 31))
        csv_text = export_csv(Measure.objects.all())
        assert "2023-10-01" in csv_text and "ต.ค. 2566" not in csv_text


# --- the title cap --------------------------------------------------------------------


class TestTitleCap:
    def test_a_title_at_the_cap_saves(self, client, demo, login):
        login("demo_officer")
        response = client.post(CREATE, form_data(title="ก" * TITLE_MAX_LENGTH))
        assert response.status_code == 302
        assert len(Measure.objects.get().title) == TITLE_MAX_LENGTH

    def test_a_longer_title_is_refused_in_thai_and_kept_in_the_box(self, client, demo, login):
        login("demo_officer")
        title = "มาตรการยาว" + "ข" * TITLE_MAX_LENGTH
        response = client.post(CREATE, form_data(title=title))
        html = response.content.decode()
        assert response.status_code == 200
        assert (
            f"มาตรการ/แนวทางยาวได้ไม่เกิน {TITLE_MAX_LENGTH} ตัวอักษร (ขณะนี้ {len(title)} ตัวอักษร)"
            in html
        )
        assert title in html
        # No maxlength on the box: a browser would cut a pasted title without a word.
        box = html.split('name="title"')[1].split(">")[0]
        assert "maxlength" not in box
        assert not Measure.objects.exists()

    def test_the_spreadsheet_import_refuses_a_long_title_naming_the_row(self, demo):
        title = "ค" * (TITLE_MAX_LENGTH + 1)
        raw = export_csv([]).rstrip("\r\n") + f"\r\n,IIT,,,,{title}" + "," * 12 + "\r\n"
        year = AssessmentYear.objects.get(year=2567)
        parsed, errors = parse_measures_file(demo["agency"], year, "m.csv", raw.encode())
        assert parsed is None
        assert any(
            e.row == 2 and f"ยาวได้ไม่เกิน {TITLE_MAX_LENGTH} ตัวอักษร" in str(e) for e in errors
        )

    def test_demo_titles_are_all_within_the_cap(self):
        from ita_portal.agencies.demo import DEMO_MEASURES

        assert max(len(m["title"]) for m in DEMO_MEASURES) <= TITLE_MAX_LENGTH


# --- characters the report fonts lack -------------------------------------------------


class TestGlyphWarning:
    def test_thai_symbols_and_emoji_are_covered(self):
        assert uncovered_characters("มาตรการ ๑๒ ☑ ☐ → ✓ ★ 😀 👍 ⚠️ สำนักปลัด / กองคลัง\n\t") == []

    def test_what_no_font_has_is_named_once(self):
        assert uncovered_characters("文件 文", "ok") == ["文", "件"]
        warning = glyph_warning("文件 文")
        assert "文 (U+6587)" in warning and "件 (U+4EF6)" in warning
        assert warning.startswith("บันทึกแล้ว แต่มีอักขระที่แบบอักษรของรายงาน PDF ไม่มี")

    def test_many_are_shown_with_a_count_of_the_rest(self):
        text = "".join(chr(0x4E00 + i) for i in range(15))
        assert "และอีก 5 ตัว" in glyph_warning(text)

    def test_saving_a_measure_with_them_warns_after_saving(self, client, demo, login):
        login("demo_officer")
        response = client.post(
            CREATE, form_data(title="อบรม 文件", steps="ขั้นตอน 😀"), follow=True
        )
        html = response.content.decode()
        assert Measure.objects.get().title == "อบรม 文件"
        assert "เพิ่มมาตรการลำดับที่ 1 แล้ว" in html
        assert "文 (U+6587)" in html and "U+1F600" not in html
        assert "alert-warning" in html

    def test_saving_printable_text_gives_no_warning(self, client, demo, login):
        login("demo_officer")
        response = client.post(CREATE, form_data(title="อบรม ☑ 😀"), follow=True)
        assert "แบบอักษรของรายงาน PDF ไม่มี" not in response.content.decode()

    def test_the_spreadsheet_import_warns_too(self, client, demo, login):
        login("demo_officer")
        raw = export_csv([]).rstrip("\r\n") + "\r\n,IIT,,,,อบรม 文," + "," * 11 + "\r\n"
        response = client.post(
            reverse("measures:measures_import", args=[AGENCY, 2567]),
            {"file": SimpleUploadedFile("m.csv", raw.encode("utf-8"), "text/csv")},
            follow=True,
        )
        html = response.content.decode()
        assert Measure.objects.get().title == "อบรม 文"
        assert "文 (U+6587)" in html


class TestGlyphWarningElsewhere:
    def test_an_indicator_plan_warns_after_saving(self, client, demo, login):
        login("demo_officer")
        url = reverse("measures:indicator_plan_edit", args=[AGENCY, 2567, 1])
        response = client.post(
            url, {"approach": "อบรม 件", "period_text": "", "progress": "done", "note": ""},
            follow=True,
        )
        html = response.content.decode()
        assert "บันทึกแนวทางยกระดับตัวชี้วัดที่ 1 แล้ว" in html
        assert "件 (U+4EF6)" in html

    def test_the_result_editor_warns_after_saving(self, client, demo, login):
        login("demo_officer")
        url = reverse("assessments:result_edit", args=[AGENCY, 2566])
        form = client.get(url).context["form"]
        data = {}
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            data[name] = "" if value is None else str(value)
        data["preface"] = "คำนำ 件"
        response = client.post(url, data, follow=True)
        html = response.content.decode()
        assert "บันทึกผลการประเมินปี 2566 แล้ว" in html
        assert "件 (U+4EF6)" in html


def test_an_own_library_entry_has_the_same_title_cap(client, demo, login):
    login("demo_officer")
    before = MeasureSuggestion.objects.count()
    title = "ก" * (TITLE_MAX_LENGTH + 1)
    response = client.post(
        reverse("measures:measures_suggestions", args=[AGENCY, 2567]),
        {"action": "add", "indicator_number": "9", "title": title, "steps": ""},
    )
    html = response.content.decode()
    assert f"มาตรการ/แนวทางยาวได้ไม่เกิน {TITLE_MAX_LENGTH} ตัวอักษร" in html
    assert title in html
    assert MeasureSuggestion.objects.count() == before
