import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_portal import thai

UTC = dt.UTC


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (dt.date(2025, 1, 15), {}, "15 มกราคม 2568"),
        (dt.date(2025, 1, 15), {"with_era": True}, "15 มกราคม พ.ศ. 2568"),
        (dt.date(2025, 1, 15), {"short": True}, "15 ม.ค. 68"),
        (dt.date(2025, 1, 15), {"digits": True}, "๑๕ มกราคม ๒๕๖๘"),
        (dt.date(2024, 2, 29), {}, "29 กุมภาพันธ์ 2567"),
        (dt.date(2023, 12, 31), {"short": True}, "31 ธ.ค. 66"),
    ],
)
def test_thai_date(value, kwargs, expected):
    assert thai.thai_date(value, **kwargs) == expected


def test_aware_datetime_is_converted_to_bangkok_before_formatting():
    # 30 Sep 20:00 UTC is already 1 October 03:00 in Bangkok: next day, next fiscal year.
    moment = dt.datetime(2024, 9, 30, 20, 0, tzinfo=UTC)
    assert thai.thai_date(moment) == "1 ตุลาคม 2567"
    assert thai.fiscal_year(moment) == 2568
    assert thai.thai_datetime(moment) == "1 ตุลาคม 2567 เวลา 03:00 น."


def test_datetime_in_another_zone_is_read_in_bangkok_time():
    new_york = dt.datetime(2025, 1, 1, 12, 0, tzinfo=ZoneInfo("America/New_York"))
    assert thai.thai_datetime(new_york) == "2 มกราคม 2568 เวลา 00:00 น."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2024, 9, 30), 2567),
        (dt.date(2024, 10, 1), 2568),
        (dt.date(2025, 9, 30), 2568),
        (dt.date(2025, 1, 1), 2568),
        (dt.datetime(2024, 9, 30, 16, 59, tzinfo=UTC), 2567),  # 23:59 in Bangkok
        (dt.datetime(2024, 9, 30, 17, 0, tzinfo=UTC), 2568),  # 00:00 on 1 October
    ],
)
def test_fiscal_year(value, expected):
    assert thai.fiscal_year(value) == expected


def test_fiscal_year_span():
    assert thai.fiscal_year_span(2568) == (dt.date(2024, 10, 1), dt.date(2025, 9, 30))


def test_thai_digits_keeps_everything_but_digits():
    assert thai.thai_digits("ที่ สฎ 75101/2568 ข้อ 1.5") == "ที่ สฎ ๗๕๑๐๑/๒๕๖๘ ข้อ ๑.๕"
    assert thai.thai_digits(95.35) == "๙๕.๓๕"


def test_be_year():
    assert thai.be_year(dt.date(2026, 11, 21)) == 2569


def test_template_filters():
    template = Template(
        "{% load thai %}{{ d|thai_date }}|{{ d|thai_date:'short' }}|{{ d|thai_date:'era,thai' }}"
        "|{{ n|thai_digits }}|{{ moment|fiscal_year }}|{{ moment|thai_datetime }}"
        "|{{ none|thai_date }}"
    )
    rendered = template.render(
        Context(
            {
                "d": dt.date(2025, 3, 5),
                "n": 2568,
                "moment": dt.datetime(2024, 9, 30, 20, 0, tzinfo=UTC),
                "none": None,
            }
        )
    )
    assert rendered == (
        "5 มีนาคม 2568|5 มี.ค. 68|๕ มีนาคม พ.ศ. ๒๕๖๘|๒๕๖๘|2568|1 ตุลาคม 2567 เวลา 03:00 น.|"
    )


# --- periods and Buddhist-Era dates (issue 13) ------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (dt.date(2023, 10, 1), dt.date(2024, 3, 31), "ต.ค. 2566 – มี.ค. 2567"),
        (dt.date(2023, 10, 1), dt.date(2023, 10, 31), "ต.ค. 2566"),
        (dt.date(2023, 10, 5), dt.date(2023, 10, 5), "ต.ค. 2566"),
        (dt.date(2024, 1, 1), dt.date(2024, 4, 30), "ม.ค. – เม.ย. 2567"),
        (dt.date(2023, 10, 1), None, "ตั้งแต่ ต.ค. 2566"),
        (None, dt.date(2024, 9, 30), "ภายใน ก.ย. 2567"),
        (None, None, ""),
    ],
)
def test_thai_month_span(start, end, expected):
    assert thai.thai_month_span(start, end) == expected


@pytest.mark.parametrize(
    "text",
    ["1/10/2567", "01/10/2567", "1-10-2567", "1.10.2567", "1/10/67", "2567-10-01",
     "๑/๑๐/๒๕๖๗", " 1 / 10 / 2567 ", "1 ต.ค. 2567", "1 ตุลาคม 2567", "1 ตุลาคม พ.ศ. 2567",
     "1 ตค 2567"],
)
def test_a_buddhist_era_date_is_read_as_its_christian_era_date(text):
    assert thai.parse_be_date(text) == dt.date(2024, 10, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2567", "ไม่มีวันที่ 31/2/2567 ในปฏิทิน"),
        ("29/2/2566", "ไม่มีวันที่ 29/2/2566 ในปฏิทิน"),
        ("1/13/2567", "ไม่มีวันที่ 1/13/2567 ในปฏิทิน"),
        ("1/10/2400", "ปี พ.ศ. ต้องอยู่ระหว่าง 2500 ถึง 2699"),
        ("1/10/3000", "ปี พ.ศ. ต้องอยู่ระหว่าง 2500 ถึง 2699"),
        ("2400-10-01", "ปี พ.ศ. ต้องอยู่ระหว่าง 2500 ถึง 2699"),
        ("1/10/2024", "ปี 2024 เป็นปี ค.ศ. กรุณากรอกปี พ.ศ. เช่น 1/10/2567"),
        ("2024-10-01", "ปี 2024 เป็นปี ค.ศ. กรุณากรอกปี พ.ศ. เช่น 1/10/2567"),
        ("abc", thai.DATE_FORMAT_HELP),
        ("1 foo 2567", thai.DATE_FORMAT_HELP),
        ("1/10", thai.DATE_FORMAT_HELP),
        ("1²/10/2567", thai.DATE_FORMAT_HELP),
        ("1" * 100, thai.DATE_FORMAT_HELP),
    ],
)
def test_an_impossible_date_gets_a_thai_message(text, message):
    with pytest.raises(thai.ThaiDateError) as refused:
        thai.parse_be_date(text)
    assert str(refused.value) == message


def test_29_february_exists_in_a_leap_year_only():
    assert thai.parse_be_date("29/2/2567") == dt.date(2024, 2, 29)


DATES_IN_RANGE = st.dates(
    dt.date(thai.BE_YEAR_MIN - thai.BE_OFFSET, 1, 1),
    dt.date(thai.BE_YEAR_MAX - thai.BE_OFFSET, 12, 31),
)


@settings(max_examples=50, deadline=None)
@given(DATES_IN_RANGE)
def test_a_date_shown_in_buddhist_era_reads_back_as_the_same_date(day):
    shown = thai.display_be_date(day)
    assert int(shown.rsplit("/", 1)[1]) == day.year + 543
    assert thai.parse_be_date(shown) == day
    assert thai.parse_be_date(thai.thai_digits(shown)) == day


@settings(max_examples=50, deadline=None)
@given(
    st.one_of(
        st.text(max_size=60),
        st.from_regex(r"[0-9๐-๙]{1,4}[/.\-][0-9]{1,3}[/.\-][0-9]{1,5}", fullmatch=True),
    )
)
def test_any_text_is_a_date_in_the_window_or_a_thai_refusal(text):
    try:
        day = thai.parse_be_date(text)
    except thai.ThaiDateError as refused:
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in str(refused))
    else:
        assert thai.BE_YEAR_MIN <= day.year + 543 <= thai.BE_YEAR_MAX
