import csv
import io
from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model

from assessments.csv_io import (
    HEADER,
    NO_SCORES,
    NOT_UTF8,
    CsvRowError,
    merge_with_existing,
    parse_result_csv,
    result_csv_template,
)
from assessments.models import (
    AssessmentResult,
    AssessmentYear,
    IndicatorScore,
    OITItemScore,
    OITScoring,
)
from assessments.services import TOOL_FIELDS, ResultInput, result_save

pytestmark = pytest.mark.django_db

# Seed-like figures of a 2566 result, as ITAS shows them.
GOOD_ROWS = [
    ["เครื่องมือ", "IIT", "", "97.82", ""],
    ["เครื่องมือ", "EIT1", "", "94.96", ""],
    ["เครื่องมือ", "EIT2", "", "81.73", ""],
    ["เครื่องมือ", "OIT", "", "98.75", ""],
    ["เครื่องมือ", "TOTAL", "คะแนนรวม", "95.35", ""],
    ["ตัวชี้วัด", "1", "การปฏิบัติหน้าที่", "98.50", ""],
    ["ตัวชี้วัด", "9", "", "100", ""],
    ["OIT", "O1", "โครงสร้าง", "100", ""],
    ["OIT", "O2", "ผู้บริหาร", "0", "ไม่พบข้อมูลติดต่อของผู้บริหาร, รองนายก"],
]


def year(number: int) -> AssessmentYear:
    return AssessmentYear.objects.get(year=number)


def csv_bytes(rows, *, header=HEADER, bom=True) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def read_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def only_error(y: AssessmentYear, rows) -> CsvRowError:
    data, errors = parse_result_csv(y, csv_bytes(rows))
    assert data is None
    assert len(errors) == 1, errors
    return errors[0]


def full_input(y: AssessmentYear) -> ResultInput:
    """Every tool, indicator and O-item of the year filled, with awkward texts."""
    return ResultInput(
        tools={
            "iit": D("97.82"),
            "eit": D("88.35"),
            "eit_part1": D("94.96"),
            "eit_part2": D("81.73"),
            "oit": D("98.75"),
            "official_total": D("95.35"),
        },
        texts={"preface": "คำนำ", "iit_notes": "IIT", "eit_notes": "", "oit_notes": "OIT"},
        indicators={
            i.number: (D(90) + D(i.number) / 4, f"ข้อเสนอแนะ {i.number}") for i in y.indicators.all()
        },
        oit_items={
            item.number: (
                D(0) if item.number % 5 == 0 else D(100),
                {
                    1: 'ไม่พบ "คำสั่ง", ดูหน้าเว็บ\nบรรทัดที่สอง',
                    2: "- ไม่พบข้อมูล",
                    3: "=ผลรวม",
                }.get(item.number, ""),
            )
            for item in y.oit_items.all()
        },
    )


@pytest.fixture
def officer(demo):
    return get_user_model().objects.get(username="demo_officer")


def save(demo, officer, y: AssessmentYear, data: ResultInput) -> AssessmentResult:
    existing = AssessmentResult.objects.filter(agency=demo["agency"], year=y).first()
    return result_save(
        agency=demo["agency"],
        year=y,
        data=data,
        acting_user=officer,
        expected_version=existing.version if existing else None,
    )


# --- template ------------------------------------------------------------------------


def test_template_2566_has_eit_parts_every_indicator_and_43_oit_rows():
    y = year(2566)
    rows = read_rows(result_csv_template(y, None))
    assert rows[0] == list(HEADER)
    tools = [r for r in rows if r[0] == "เครื่องมือ"]
    assert [r[1] for r in tools] == ["IIT", "EIT", "EIT1", "EIT2", "OIT", "TOTAL"]
    assert tools[-1][2] == "คะแนนรวมตามประกาศ"
    indicators = [r for r in rows if r[0] == "ตัวชี้วัด"]
    assert [r[1] for r in indicators] == [str(n) for n in range(1, 11)]
    assert indicators[0][2] == "การปฏิบัติหน้าที่"
    items = [r for r in rows if r[0] == "OIT"]
    assert len(items) == 43
    assert [r[1] for r in items] == [f"O{n}" for n in range(1, 44)]
    assert items[0][2] == "โครงสร้าง"
    assert rows == [list(HEADER), *tools, *indicators, *items]  # that order, nothing else
    assert all(r[3] == "" and r[4] == "" for r in rows[1:])


def test_template_2564_has_no_eit_parts():
    rows = read_rows(result_csv_template(year(2564), None))
    assert [r[1] for r in rows if r[0] == "เครื่องมือ"] == ["IIT", "EIT", "OIT", "TOTAL"]


def test_template_is_prefilled_from_a_result_with_two_decimals(demo, officer):
    y = year(2566)
    result = save(demo, officer, y, full_input(y))
    rows = {(r[0], r[1]): r for r in read_rows(result_csv_template(y, result))[1:]}
    assert rows["เครื่องมือ", "IIT"][3] == "97.82"
    assert rows["เครื่องมือ", "TOTAL"][3] == "95.35"
    assert rows["ตัวชี้วัด", "2"][3] == "90.50"
    assert rows["OIT", "O4"][3] == "100.00"
    assert rows["OIT", "O5"][3] == "0.00"
    # Thai text with a comma, quotes and a line break stays one cell.
    assert rows["OIT", "O1"][4] == 'ไม่พบ "คำสั่ง", ดูหน้าเว็บ\nบรรทัดที่สอง'
    # Texts Excel would run as formulas are escaped with an apostrophe.
    assert rows["OIT", "O2"][4] == "'- ไม่พบข้อมูล"


def test_template_round_trip_gives_back_the_saved_scores(demo, officer):
    y = year(2566)
    entered = full_input(y)
    result = save(demo, officer, y, entered)

    data, errors = parse_result_csv(y, result_csv_template(y, result).encode("utf-8-sig"))

    assert errors == []
    assert data.tools == entered.tools
    assert data.oit_items == entered.oit_items  # scores and comments
    assert {n: s for n, (s, _) in data.indicators.items()} == {
        n: s for n, (s, _) in entered.indicators.items()
    }
    assert all(text == "" for _, text in data.indicators.values())
    assert data.texts == {}
    # With the stored texts merged back, saving it again changes nothing.
    assert merge_with_existing(data, result) == entered


def test_template_of_a_partial_result_round_trips_its_gaps(demo, officer):
    y = year(2564)
    entered = ResultInput(
        tools={"iit": D("88.10"), "oit": D("72.50")},
        indicators={3: (D("80"), "")},
        oit_items={7: (D("100"), "")},
    )
    result = save(demo, officer, y, entered)
    data, errors = parse_result_csv(y, result_csv_template(y, result).encode())
    assert errors == []
    assert data.tools == {name: entered.tools.get(name) for name in TOOL_FIELDS}
    assert data.indicators == entered.indicators
    assert data.oit_items == entered.oit_items


def test_template_refuses_a_result_of_another_year(demo, officer):
    result = save(demo, officer, year(2566), full_input(year(2566)))
    with pytest.raises(ValueError, match="ปีอื่น"):
        result_csv_template(year(2565), result)


# --- parsing good files ----------------------------------------------------------------


def test_good_file_with_seed_like_figures_parses():
    data, errors = parse_result_csv(year(2566), csv_bytes(GOOD_ROWS))
    assert errors == []
    assert data.tools == {
        "iit": D("97.82"),
        "eit": None,
        "eit_part1": D("94.96"),
        "eit_part2": D("81.73"),
        "oit": D("98.75"),
        "official_total": D("95.35"),
    }
    assert list(data.tools) == list(TOOL_FIELDS)
    assert data.indicators == {1: (D("98.50"), ""), 9: (D("100.00"), "")}
    assert data.oit_items == {
        1: (D("100"), ""),
        2: (D("0"), "ไม่พบข้อมูลติดต่อของผู้บริหาร, รองนายก"),
    }
    assert data.texts == {}


@pytest.mark.parametrize("bom", [True, False])
def test_utf8_with_or_without_bom_is_accepted(bom):
    data, errors = parse_result_csv(year(2566), csv_bytes(GOOD_ROWS, bom=bom))
    assert errors == []
    assert data.tools["iit"] == D("97.82")


def test_blank_lines_empty_scores_and_names_are_ignored():
    raw = (
        "ประเภท,รหัส,ชื่อ,คะแนน,ความคิดเห็น\r\n"
        "\r\n"
        "เครื่องมือ,IIT,ชื่อที่ตัดให้สั้น,97.8,\r\n"
        "เครื่องมือ,EIT,,,\r\n"
        ",,,,\r\n"
        "OIT,O3,,,มีความคิดเห็นแต่ไม่มีคะแนน\r\n"
        " oit , o4 ,, 100 ,\r\n"
        "ตัวชี้วัด,10,,0,\r\n"
        "\r\n"
    ).encode()
    data, errors = parse_result_csv(year(2566), raw)
    assert errors == []
    assert data.tools["iit"] == D("97.80")
    assert data.tools["eit"] is None
    assert data.oit_items == {4: (D("100"), "")}
    assert data.indicators == {10: (D("0"), "")}


def test_thai_digits_are_read_as_numbers():
    rows = [["ตัวชี้วัด", "๙", "", "๙๗.๘๒", ""], ["OIT", "O๑๐", "", "๑๐๐", ""]]
    data, errors = parse_result_csv(year(2566), csv_bytes(rows))
    assert errors == []
    assert data.indicators == {9: (D("97.82"), "")}
    assert data.oit_items == {10: (D("100"), "")}


def test_range_scoring_year_accepts_any_item_score_from_0_to_100():
    y = year(2568)
    y.oit_scoring = OITScoring.RANGE
    y.save()
    data, errors = parse_result_csv(y, csv_bytes([["OIT", "O1", "", "62.5", ""]]))
    assert errors == []
    assert data.oit_items == {1: (D("62.50"), "")}


# --- parsing bad files -----------------------------------------------------------------


def test_error_text_names_row_and_column_in_thai():
    assert str(CsvRowError(4, "คะแนน", "ทศนิยมได้ไม่เกิน 2 ตำแหน่ง")) == (
        "แถวที่ 4 คอลัมน์ คะแนน: ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"
    )
    assert str(CsvRowError(1, "", "x")) == "แถวที่ 1: x"
    assert str(CsvRowError(0, "", "x")) == "x"


def test_thai_windows_encoding_asks_for_csv_utf8():
    raw = csv_bytes(GOOD_ROWS, bom=False).decode("utf-8").encode("cp874")
    data, errors = parse_result_csv(year(2566), raw)
    assert data is None
    assert errors == [CsvRowError(0, "", NOT_UTF8)]
    assert "CSV UTF-8" in str(errors[0])


@pytest.mark.parametrize(
    "header",
    [
        ["ประเภท", "รหัส", "ชื่อ", "คะแนนที่ได้", "ความคิดเห็น"],
        ["ประเภท", "รหัส", "ชื่อ", "คะแนน"],
        None,
    ],
    ids=["renamed", "missing-column", "no-header"],
)
def test_missing_or_renamed_header_is_one_error_naming_the_header(header):
    data, errors = parse_result_csv(year(2566), csv_bytes(GOOD_ROWS, header=header))
    assert data is None
    assert len(errors) == 1
    assert errors[0].row == 1
    assert "ประเภท,รหัส,ชื่อ,คะแนน,ความคิดเห็น" in str(errors[0])


def test_empty_file_reports_the_header():
    data, errors = parse_result_csv(year(2566), b"")
    assert data is None
    assert "ประเภท,รหัส,ชื่อ,คะแนน,ความคิดเห็น" in errors[0].message


def test_template_without_scores_is_refused():
    # Uploading the blank template would otherwise wipe every score on save.
    y = year(2566)
    data, errors = parse_result_csv(y, result_csv_template(y, None).encode())
    assert data is None
    assert errors == [CsvRowError(0, "", NO_SCORES)]


def test_unknown_kind():
    error = only_error(year(2566), [GOOD_ROWS[0], ["คะแนนรวม", "IIT", "", "90", ""]])
    assert (error.row, error.column) == (3, "ประเภท")
    assert 'ไม่รู้จักประเภท "คะแนนรวม"' in error.message


def test_unknown_tool_code():
    error = only_error(year(2566), [["เครื่องมือ", "ITA", "", "90", ""]])
    assert (error.row, error.column) == (2, "รหัส")
    assert error.message == ('ไม่รู้จักรหัสเครื่องมือ "ITA" ใช้ได้เฉพาะ IIT, EIT, EIT1, EIT2, OIT, TOTAL')


def test_indicator_not_in_the_year():
    error = only_error(year(2566), [["ตัวชี้วัด", "11", "", "90", ""]])
    assert (error.row, error.column) == (2, "รหัส")
    assert error.message == "ไม่มีตัวชี้วัดที่ 11 ในเกณฑ์ปี 2566"


def test_indicator_code_not_a_number():
    error = only_error(year(2566), [["ตัวชี้วัด", "หนึ่ง", "", "90", ""]])
    assert (error.row, error.column) == (2, "รหัส")
    assert "ตัวเลข" in error.message


def test_oit_item_not_in_the_year():
    error = only_error(year(2566), [["OIT", "O1", "", "100", ""], ["OIT", "O44", "", "100", ""]])
    assert str(error) == "แถวที่ 3 คอลัมน์ รหัส: ไม่มีข้อ O44 ในเกณฑ์ปี 2566"


def test_oit_item_of_an_older_year_is_not_in_2567():
    error = only_error(year(2567), [["OIT", "O27", "", "", ""]])
    assert error.message == "ไม่มีข้อ O27 ในเกณฑ์ปี 2567"


def test_eit_parts_in_a_year_without_parts():
    error = only_error(
        year(2564), [["เครื่องมือ", "IIT", "", "90", ""], ["เครื่องมือ", "EIT2", "", "81.73", ""]]
    )
    assert (error.row, error.column) == (3, "รหัส")
    assert "ปี 2564 ไม่ได้แบ่ง EIT เป็นสองส่วน" in error.message


def test_score_not_a_number():
    error = only_error(year(2566), [["เครื่องมือ", "IIT", "", "เก้าสิบ", ""]])
    assert (error.row, error.column) == (2, "คะแนน")
    assert error.message == 'คะแนนต้องเป็นตัวเลข เช่น 97.82 (ได้รับ "เก้าสิบ")'


def test_score_with_more_than_two_decimals():
    error = only_error(year(2566), [["เครื่องมือ", "IIT", "", "97.825", ""]])
    assert str(error) == "แถวที่ 2 คอลัมน์ คะแนน: ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"


@pytest.mark.parametrize("score", ["100.01", "-1", "250"])
def test_score_outside_0_to_100(score):
    error = only_error(year(2566), [["ตัวชี้วัด", "3", "", score, ""]])
    assert (error.row, error.column) == (2, "คะแนน")
    assert error.message == "คะแนนต้องอยู่ระหว่าง 0 ถึง 100"


def test_oit_item_score_must_be_0_or_100_in_an_all_or_nothing_year():
    error = only_error(year(2566), [["OIT", "O5", "", "50", ""]])
    assert (error.row, error.column) == (2, "คะแนน")
    assert error.message == "ปี 2566 ให้คะแนนข้อ OIT ได้เพียง 100 หรือ 0"


def test_code_given_twice():
    rows = [
        ["ตัวชี้วัด", "4", "", "90", ""],
        ["OIT", "O4", "", "100", ""],
        ["ตัวชี้วัด", "4", "", "91", ""],
    ]
    error = only_error(year(2566), rows)
    assert str(error) == "แถวที่ 4 คอลัมน์ รหัส: รหัส 4 ซ้ำกับแถวที่ 2"


def test_every_bad_row_is_reported_not_just_the_first():
    rows = [
        ["เครื่องมือ", "IIT", "", "97.82", ""],  # 2 fine
        ["เครื่องมือ", "EIT", "", "9O", ""],  # 3 letter O
        ["", "", "", "", ""],  # 4 blank
        ["ตัวชี้วัด", "12", "", "101", ""],  # 5 two problems in one row
        ["OIT", "O1", "", "100.001", ""],  # 6
        ["OIT", "O2", "", "99", ""],  # 7
        ["OIT", "O1", "", "100", ""],  # 8 duplicate
        ["ข้อ", "O3", "", "100", ""],  # 9
    ]
    data, errors = parse_result_csv(year(2566), csv_bytes(rows))
    assert data is None
    assert [(e.row, e.column) for e in errors] == [
        (3, "คะแนน"),
        (5, "รหัส"),
        (5, "คะแนน"),
        (6, "คะแนน"),
        (7, "คะแนน"),
        (8, "รหัส"),
        (9, "ประเภท"),
    ]
    assert [str(e) for e in errors][:3] == [
        'แถวที่ 3 คอลัมน์ คะแนน: คะแนนต้องเป็นตัวเลข เช่น 97.82 (ได้รับ "9O")',
        "แถวที่ 5 คอลัมน์ รหัส: ไม่มีตัวชี้วัดที่ 12 ในเกณฑ์ปี 2566",
        "แถวที่ 5 คอลัมน์ คะแนน: คะแนนต้องอยู่ระหว่าง 0 ถึง 100",
    ]


def test_row_numbers_count_a_multiline_cell_as_one_spreadsheet_row():
    rows = [["OIT", "O1", "", "100", "บรรทัดแรก\nบรรทัดสอง\nบรรทัดสาม"], ["OIT", "O2", "", "abc", ""]]
    error = only_error(year(2566), rows)
    assert error.row == 3


def test_bad_file_parses_to_nothing_and_the_stored_result_is_untouched(demo, officer):
    y = year(2566)
    result = save(demo, officer, y, full_input(y))
    before = (
        list(AssessmentResult.objects.values()),
        list(IndicatorScore.objects.values()),
        list(OITItemScore.objects.values()),
    )
    rows = [["เครื่องมือ", "IIT", "", "12", ""], ["OIT", "O44", "", "100", ""]]

    data, errors = parse_result_csv(y, csv_bytes(rows))

    assert data is None
    assert errors
    assert before == (
        list(AssessmentResult.objects.values()),
        list(IndicatorScore.objects.values()),
        list(OITItemScore.objects.values()),
    )
    result.refresh_from_db()
    assert result.iit == D("97.82")


# --- merge_with_existing ---------------------------------------------------------------


def test_merge_keeps_texts_and_suggestions_and_takes_scores_from_the_file(demo, officer):
    y = year(2566)
    result = save(demo, officer, y, full_input(y))
    parsed, errors = parse_result_csv(y, csv_bytes(GOOD_ROWS))
    assert errors == []

    merged = merge_with_existing(parsed, result)

    assert merged.texts == {
        "preface": "คำนำ",
        "iit_notes": "IIT",
        "eit_notes": "",
        "oit_notes": "OIT",
    }
    assert merged.indicators == {1: (D("98.50"), "ข้อเสนอแนะ 1"), 9: (D("100"), "ข้อเสนอแนะ 9")}
    assert merged.tools == parsed.tools
    assert merged.oit_items == parsed.oit_items
    assert parsed.texts == {}  # the parsed input itself is not changed

    saved = save(demo, officer, y, merged)
    assert saved.preface == "คำนำ"
    assert saved.iit == D("97.82")
    assert saved.eit is None
    assert saved.indicator_scores.count() == 2


def test_merge_without_an_existing_result_is_the_parsed_input():
    parsed, _ = parse_result_csv(year(2566), csv_bytes(GOOD_ROWS))
    assert merge_with_existing(parsed, None) == parsed
