import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

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
