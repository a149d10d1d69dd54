"""Thai formatting: Buddhist-Era dates with Thai month names, fiscal years, Thai digits.

Datetimes are converted to Asia/Bangkok before anything is read from them: 30 September
20:00 UTC is already 1 October in Thailand, and so in the next fiscal year.
"""

import datetime as dt
import re

from django.utils import timezone

BE_OFFSET = 543

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

_TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def thai_digits(value: object) -> str:
    """The value as text with Arabic digits replaced by Thai digits (๐–๙)."""
    return str(value).translate(_TO_THAI_DIGITS)


_FROM_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def arabic_digits(value: str) -> str:
    """Thai digits (๐–๙) typed as numbers, as Arabic digits (0–9); nothing else changes.

    The one rule for numbers typed or imported: Thai digits are accepted and converted
    before validation (never NFKC: that would also change Thai text)."""
    return value.translate(_FROM_THAI_DIGITS)


def is_ascii_number(text: str) -> bool:
    """Only the digits 0–9 (str.isdigit also accepts ², ๓ and other scripts' digits)."""
    return bool(text) and text.isascii() and text.isdigit()


MAX_ID = 2**63 - 1  # the largest id a database (SQLite, PostgreSQL bigint) can hold


def parse_id(text: str) -> int | None:
    """A row id typed or posted (Thai digits allowed), or None if it cannot be one."""
    text = arabic_digits(text.strip())
    if not is_ascii_number(text) or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


_CONTROL = {c for c in range(32) if c not in (9, 10, 13)} | {127}


def has_control_characters(text: str) -> bool:
    """A C0 control character (NUL …) or DEL other than tab and line breaks."""
    return any(ord(ch) in _CONTROL for ch in text)


def local_date(value: dt.date | dt.datetime) -> dt.date:
    """The calendar date in Thailand: aware datetimes are converted to Asia/Bangkok first."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def be_year(value: dt.date | dt.datetime) -> int:
    return local_date(value).year + BE_OFFSET


def fiscal_year(value: dt.date | dt.datetime) -> int:
    """The Thai fiscal year (B.E.) of a date: 1 October – 30 September, named by its end."""
    day = local_date(value)
    return day.year + BE_OFFSET + (1 if day.month >= 10 else 0)


def fiscal_year_span(year_be: int) -> tuple[dt.date, dt.date]:
    """First and last day of a B.E. fiscal year, e.g. 2568 → 1 Oct 2024 – 30 Sep 2025."""
    end_ce = year_be - BE_OFFSET
    return dt.date(end_ce - 1, 10, 1), dt.date(end_ce, 9, 30)


def thai_date(
    value: dt.date | dt.datetime,
    *,
    short: bool = False,
    with_era: bool = False,
    digits: bool = False,
) -> str:
    """'15 มกราคม 2568'; short: '15 ม.ค. 68'; with_era: '15 มกราคม พ.ศ. 2568'."""
    day = local_date(value)
    year = day.year + BE_OFFSET
    if short:
        text = f"{day.day} {THAI_MONTHS_SHORT[day.month - 1]} {year % 100:02d}"
    else:
        era = "พ.ศ. " if with_era else ""
        text = f"{day.day} {THAI_MONTHS[day.month - 1]} {era}{year}"
    return thai_digits(text) if digits else text


def thai_datetime(value: dt.datetime, *, digits: bool = False) -> str:
    """'15 มกราคม 2568 เวลา 14:05 น.' in Thai time."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    text = f"{thai_date(local)} เวลา {local:%H:%M} น."
    return thai_digits(text) if digits else text


def thai_month_span(start: dt.date | None, end: dt.date | None) -> str:
    """A period as Thai documents print it, by month: 'ต.ค. 2566 – มี.ค. 2567'.

    One month: 'ต.ค. 2566'; one year: 'ต.ค. – ธ.ค. 2566' (the year once); only a start:
    'ตั้งแต่ ต.ค. 2566'; only an end: 'ภายใน มี.ค. 2567'; neither: ''.
    """

    def month(day: dt.date) -> str:
        return THAI_MONTHS_SHORT[day.month - 1]

    if start and end:
        if (start.year, start.month) == (end.year, end.month):
            return f"{month(start)} {start.year + BE_OFFSET}"
        if start.year == end.year:
            return f"{month(start)} – {month(end)} {end.year + BE_OFFSET}"
        return f"{month(start)} {start.year + BE_OFFSET} – {month(end)} {end.year + BE_OFFSET}"
    if start:
        return f"ตั้งแต่ {month(start)} {start.year + BE_OFFSET}"
    if end:
        return f"ภายใน {month(end)} {end.year + BE_OFFSET}"
    return ""


# Dates typed by people are Buddhist-Era (พ.ศ.). Years are accepted in this window; a
# year that would be C.E. for a date in it (1957–2156) is refused with the B.E. year to
# type, never guessed: 2024 is far more often a slip than a date 500 years ago.
BE_YEAR_MIN = 2500
BE_YEAR_MAX = 2699
DATE_FORMAT_HELP = "กรุณากรอกวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 1/10/2567"

_MONTH_NUMBERS = {
    **{name: number for number, name in enumerate(THAI_MONTHS, start=1)},
    **{name: number for number, name in enumerate(THAI_MONTHS_SHORT, start=1)},
    **{name.replace(".", ""): number for number, name in enumerate(THAI_MONTHS_SHORT, start=1)},
}
_DMY = re.compile(r"([0-9]{1,2})\s*[/.\-]\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{2}|[0-9]{4})")
_YMD = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_D_MONTH_Y = re.compile(r"([0-9]{1,2})\s*([^\s0-9]+)\s*(?:พ\.?\s*ศ\.?)?\s*([0-9]{2}|[0-9]{4})")


class ThaiDateError(ValueError):
    """A typed date that cannot be read; the message is Thai, for the person."""


def display_be_date(day: dt.date) -> str:
    """A date as people type it: '1/10/2567' (day/month/B.E. year)."""
    return f"{day.day}/{day.month}/{day.year + BE_OFFSET}"


def parse_be_date(text: str) -> dt.date:
    """A date typed with a Buddhist-Era year, as a date (C.E.); ThaiDateError if it can't be.

    Accepted: '1/10/2567', '01-10-2567', '1.10.67' (two digits: 25xx), '2567-10-01' and
    '1 ต.ค. 2567' / '1 ตุลาคม พ.ศ. 2567'; Thai digits anywhere.
    """
    text = arabic_digits(text.strip())
    if len(text) > 40:
        raise ThaiDateError(DATE_FORMAT_HELP)
    if match := _YMD.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year += 2500
    elif (match := _D_MONTH_Y.fullmatch(text)) and match.group(2) in _MONTH_NUMBERS:
        day, month, year = int(match.group(1)), _MONTH_NUMBERS[match.group(2)], int(match.group(3))
        if len(match.group(3)) == 2:
            year += 2500
    else:
        raise ThaiDateError(DATE_FORMAT_HELP)
    if BE_YEAR_MIN - BE_OFFSET <= year <= BE_YEAR_MAX - BE_OFFSET:
        raise ThaiDateError(
            f"ปี {year} เป็นปี ค.ศ. กรุณากรอกปี พ.ศ. เช่น {day}/{month}/{year + BE_OFFSET}"
        )
    if not BE_YEAR_MIN <= year <= BE_YEAR_MAX:
        raise ThaiDateError(f"ปี พ.ศ. ต้องอยู่ระหว่าง {BE_YEAR_MIN} ถึง {BE_YEAR_MAX}")
    try:
        return dt.date(year - BE_OFFSET, month, day)
    except ValueError:
        raise ThaiDateError(f"ไม่มีวันที่ {day}/{month}/{year} ในปฏิทิน") from None
