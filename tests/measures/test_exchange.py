import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import AssessmentYear
from measures.exchange import (
    COLUMNS,
    NO_ROWS,
    NOT_XLSX,
    TOO_MANY_ROWS,
    TOO_MANY_SHEET_ROWS,
    WRONG_EXTENSION,
    ParsedMeasure,
    export_csv,
    export_xlsx,
    import_measures,
    measures_rows,
    parse_measures_file,
)
from measures.models import Measure, MeasureStatus
from measures.selectors import measures_of
from measures.services import MeasureInput, measure_create

pytestmark = pytest.mark.django_db

AGENCY = "thung-ruang-thong"


def year(number: int) -> AssessmentYear:
    return AssessmentYear.objects.get(year=number)


def user(username: str):
    return get_user_model().objects.get(username=username)


def make_measures(agency, y: AssessmentYear, acting_user) -> list[Measure]:
    """Three measures with every kind of link and awkward Thai texts."""
    units = {u.name: u for u in agency.units.all()}
    indicators = {i.number: i for i in y.indicators.all()}
    items = {o.number: o for o in y.oit_items.all()}
    specs = [
        MeasureInput(
            values={
                "tool": "IIT",
                "weakness": "ตัวชี้วัดที่ 9 ได้คะแนนต่ำ, ต่ำกว่าเกณฑ์",
                "title": 'จัดทำคู่มือ "การป้องกันการทุจริต", เผยแพร่ทางเว็บไซต์',
                "steps": "1. แต่งตั้งคณะทำงาน\n2. จัดทำร่างคู่มือ\n3. ประกาศใช้",
                "period_start": datetime.date(2023, 10, 1),
                "period_end": datetime.date(2024, 9, 30),
                "period_text": "ตุลาคม 2566 – กันยายน 2567",
                "responsible_text": "ทุกส่วนราชการ",
                "monitoring": "รายงานรอบ 6 เดือน และสิ้นปีงบประมาณ",
                "status": MeasureStatus.DONE,
                "summary": 'ดำเนินการครบ "100%"\r\nตามแผน',
                "outcome": "บุคลากรรับรู้, เข้าใจ",
                "problems": "",
                "suggestions": "ควรทบทวนทุกปี",
            },
            indicators=[indicators[10], indicators[9]],
            oit_items=[items[26], items[1]],
            units=[units["กองคลัง"], units["สำนักปลัด"]],
        ),
        MeasureInput(
            values={
                "tool": "OIT",
                "title": "=เผยแพร่ข้อมูลให้ครบทุกข้อ",
                "steps": "- ตรวจสอบเว็บไซต์\n- ปรับปรุงข้อมูล",
                "status": MeasureStatus.IN_PROGRESS,
                "problems": "+ งบประมาณไม่เพียงพอ",
            },
            oit_items=[items[3], items[10]],
            units=[units["กองช่าง"]],
        ),
        MeasureInput(
            values={
                "title": "ประชุมชี้แจงเจ้าหน้าที่",
                "period_start": datetime.date(2024, 1, 15),
                "status": MeasureStatus.NOT_STARTED,
            },
        ),
    ]
    return [
        measure_create(agency=agency, year=y, data=data, acting_user=acting_user) for data in specs
    ]


def rows_of(agency, y: AssessmentYear) -> list[list[str]]:
    return measures_rows(measures_of(agency, y))


def csv_bytes(rows, *, header=COLUMNS, bom=True) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def xlsx_bytes(rows, *, header=COLUMNS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if header is not None:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def good_row(**changes) -> list[str]:
    """A valid row of a new measure; changes keyed by column index or header."""
    cells = dict.fromkeys(COLUMNS, "")
    cells.update(
        {
            "เครื่องมือ": "EIT",
            "ตัวชี้วัด": "6, 7",
            "ข้อ OIT": "O5",
            "มาตรการ/แนวทาง": "ปรับปรุงช่องทางรับเรื่องร้องเรียน",
            "เริ่ม": "2023-11-01",
            "สิ้นสุด": "2024-03-31",
            "ผู้รับผิดชอบ": "สำนักปลัด",
            "สถานะ": "อยู่ระหว่างการดำเนินการ",
        }
    )
    cells.update(changes)
    return [cells[c] for c in COLUMNS]


def parse_csv_rows(agency, y, rows, **kwargs):
    return parse_measures_file(agency, y, "measures.csv", csv_bytes(rows, **kwargs))


def errors_of(agency, y, rows) -> list[str]:
    parsed, errors = parse_csv_rows(agency, y, rows)
    assert parsed is None
    assert errors
    return [str(e) for e in errors]


# --- export ----------------------------------------------------------------------------


def test_rows_show_every_column_as_text(demo, officer):
    agency = demo["agency"]
    make_measures(agency, year(2566), officer)
    first, second, third = rows_of(agency, year(2566))
    assert dict(zip(COLUMNS, first, strict=True)) == {
        "ลำดับ": "1",
        "เครื่องมือ": "IIT",
        "ตัวชี้วัด": "9, 10",
        "ข้อ OIT": "O1, O26",
        "ประเด็นที่ต้องพัฒนา": "ตัวชี้วัดที่ 9 ได้คะแนนต่ำ, ต่ำกว่าเกณฑ์",
        "มาตรการ/แนวทาง": 'จัดทำคู่มือ "การป้องกันการทุจริต", เผยแพร่ทางเว็บไซต์',
        "ขั้นตอนหรือวิธีการปฏิบัติ": "1. แต่งตั้งคณะทำงาน\n2. จัดทำร่างคู่มือ\n3. ประกาศใช้",
        "เริ่ม": "2023-10-01",
        "สิ้นสุด": "2024-09-30",
        "ระยะเวลาดำเนินการ": "ตุลาคม 2566 – กันยายน 2567",
        "ผู้รับผิดชอบ": "สำนักปลัด, กองคลัง",
        "ผู้รับผิดชอบเพิ่มเติม": "ทุกส่วนราชการ",
        "การกำกับติดตาม": "รายงานรอบ 6 เดือน และสิ้นปีงบประมาณ",
        "สถานะ": "ดำเนินการแล้วเสร็จ",
        "สรุปผลการดำเนินการ": 'ดำเนินการครบ "100%"\nตามแผน',
        "ผลลัพธ์หรือความสำเร็จ": "บุคลากรรับรู้, เข้าใจ",
        "ปัญหาอุปสรรค": "",
        "ข้อเสนอแนะ": "ควรทบทวนทุกปี",
    }
    assert second[:4] == ["2", "OIT", "", "O3, O10"]
    assert second[COLUMNS.index("สถานะ")] == "อยู่ระหว่างการดำเนินการ"
    assert third[COLUMNS.index("เริ่ม")] == "2024-01-15"
    assert third[COLUMNS.index("สิ้นสุด")] == ""
    assert third[COLUMNS.index("ผู้รับผิดชอบ")] == ""


def test_csv_export_neutralises_formulas(demo, officer):
    agency = demo["agency"]
    make_measures(agency, year(2566), officer)
    rows = list(csv.reader(io.StringIO(export_csv(measures_of(agency, year(2566))), newline="")))
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 4
    second = dict(zip(COLUMNS, rows[2], strict=True))
    assert second["มาตรการ/แนวทาง"] == "'=เผยแพร่ข้อมูลให้ครบทุกข้อ"
    assert second["ขั้นตอนหรือวิธีการปฏิบัติ"] == "'- ตรวจสอบเว็บไซต์\n- ปรับปรุงข้อมูล"
    assert second["ปัญหาอุปสรรค"] == "'+ งบประมาณไม่เพียงพอ"


def test_xlsx_export_is_a_formatted_sheet_of_text_cells(demo, officer):
    agency = demo["agency"]
    make_measures(agency, year(2566), officer)
    content = export_xlsx(measures_of(agency, year(2566)))
    # Not data_only: a formula would show here as "=…" with data_type "f".
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.title == "มาตรการ"
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert all(c.font.b for c in sheet[1])
    assert sheet["F3"].value == "=เผยแพร่ข้อมูลให้ครบทุกข้อ"
    assert all(c.data_type == "s" for row in sheet.iter_rows(min_row=2) for c in row if c.value)
    assert sheet["G2"].alignment.wrap_text
    assert sheet.column_dimensions["A"].width < sheet.column_dimensions["F"].width
    assert sheet.max_row == 4


# --- round trips -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "export"),
    [
        ("measures.csv", lambda ms: ("\ufeff" + export_csv(ms)).encode("utf-8")),
        ("measures.xlsx", export_xlsx),
    ],
    ids=["csv", "xlsx"],
)
def test_export_imports_into_another_year_as_the_same_rows(demo, officer, filename, export):
    agency = demo["agency"]
    make_measures(agency, year(2566), officer)
    before = rows_of(agency, year(2566))

    parsed, errors = parse_measures_file(
        agency, year(2567), filename, export(measures_of(agency, year(2566)))
    )
    assert errors == []
    assert import_measures(agency, year(2567), parsed, acting_user=officer) == (3, 0)

    assert rows_of(agency, year(2567)) == before
    assert rows_of(agency, year(2566)) == before
    copied = measures_of(agency, year(2567))
    assert {i.year.year for m in copied for i in m.indicators.all()} == {2567}
    assert {o.year.year for m in copied for o in m.oit_items.all()} == {2567}


@pytest.mark.parametrize(
    ("filename", "export"),
    [
        ("measures.csv", lambda ms: export_csv(ms).encode("utf-8")),
        ("measures.xlsx", export_xlsx),
    ],
    ids=["csv", "xlsx"],
)
def test_reimport_onto_the_same_year_changes_nothing(demo, officer, filename, export):
    agency = demo["agency"]
    made = make_measures(agency, year(2566), officer)
    before = rows_of(agency, year(2566))

    parsed, errors = parse_measures_file(
        agency, year(2566), filename, export(measures_of(agency, year(2566)))
    )
    assert errors == []
    assert import_measures(agency, year(2566), parsed, acting_user=officer) == (0, 3)

    assert rows_of(agency, year(2566)) == before
    assert list(Measure.objects.filter(agency=agency).values_list("pk", flat=True)) == [
        m.pk for m in made
    ]


def test_import_updates_by_order_and_appends_new_rows(demo, officer):
    agency, y = demo["agency"], year(2566)
    make_measures(agency, y, officer)
    rows = rows_of(agency, y)
    rows[1][COLUMNS.index("สถานะ")] = "ดำเนินการแล้วเสร็จ"
    rows[1][COLUMNS.index("สรุปผลการดำเนินการ")] = "ครบทุกข้อแล้ว"
    rows[1][COLUMNS.index("ผู้รับผิดชอบ")] = "กองช่าง, หน่วยตรวจสอบภายใน"
    unnumbered = good_row(**{"มาตรการ/แนวทาง": "มาตรการใหม่ไม่มีลำดับ"})
    numbered = good_row(**{"ลำดับ": "9", "มาตรการ/แนวทาง": "มาตรการใหม่ลำดับ 9"})
    rows = [rows[1], unnumbered, numbered]  # rows 1 and 3 left out of the file

    parsed, errors = parse_csv_rows(agency, y, rows)
    assert errors == []
    assert import_measures(agency, y, parsed, acting_user=officer) == (2, 1)

    measures = list(measures_of(agency, y))
    assert [m.order for m in measures] == [1, 2, 3, 4, 5]
    second = measures[1]
    assert second.status == MeasureStatus.DONE
    assert second.summary == "ครบทุกข้อแล้ว"
    assert [u.name for u in second.units.all()] == ["กองช่าง", "หน่วยตรวจสอบภายใน"]
    assert second.version == 2
    assert measures[0].title.startswith("จัดทำคู่มือ")  # untouched
    assert measures[2].title == "ประชุมชี้แจงเจ้าหน้าที่"  # untouched
    # New rows follow the last measure: those numbered first, then the rest in file order.
    assert [measures[3].title, measures[4].title] == ["มาตรการใหม่ลำดับ 9", "มาตรการใหม่ไม่มีลำดับ"]
    new = measures[4]
    assert new.tool == "EIT"
    assert [i.number for i in new.indicators.all()] == [6, 7]
    assert [o.code for o in new.oit_items.all()] == ["O5"]
    assert new.period_start == datetime.date(2023, 11, 1)
    assert new.status == MeasureStatus.IN_PROGRESS


def test_lenient_forms_of_cells_are_accepted(demo, officer):
    agency, y = demo["agency"], year(2567)
    row = good_row(
        **{
            "เครื่องมือ": " oit ",
            "ตัวชี้วัด": "9,10, 9",
            "ข้อ OIT": "o1 O2",
            "ผู้รับผิดชอบ": " กองคลัง ,, สำนักปลัด ",
            "สถานะ": "",
            "มาตรการ/แนวทาง": "  เว้นวรรคหน้าหลัง  ",
        }
    )
    parsed, errors = parse_csv_rows(agency, y, [row], bom=False)
    assert errors == []
    (only,) = parsed
    assert only.order is None
    assert only.data.values["tool"] == "OIT"
    assert only.data.values["status"] == MeasureStatus.NOT_STARTED
    assert only.data.values["title"] == "เว้นวรรคหน้าหลัง"
    assert [i.number for i in only.data.indicators] == [9, 10]
    assert [o.number for o in only.data.oit_items] == [1, 2]
    assert [u.name for u in only.data.units] == ["กองคลัง", "สำนักปลัด"]


def test_xlsx_typed_in_excel_with_numbers_dates_and_quoted_formula(demo, officer):
    """Excel turns 1 into a number and 2023-10-01 into a date; a typed '=… stays text."""
    agency, y = demo["agency"], year(2567)
    row = good_row()
    row[COLUMNS.index("ลำดับ")] = 1
    row[COLUMNS.index("เริ่ม")] = datetime.datetime(2023, 10, 1)
    row[COLUMNS.index("สิ้นสุด")] = datetime.date(2024, 9, 30)
    row[COLUMNS.index("ตัวชี้วัด")] = 9
    row[COLUMNS.index("ขั้นตอนหรือวิธีการปฏิบัติ")] = '\'=HYPERLINK("http://x")'
    parsed, errors = parse_measures_file(agency, y, "M.XLSX", xlsx_bytes([row, [None] * 3]))
    assert errors == []
    (only,) = parsed
    assert only.order == 1
    assert only.data.values["period_start"] == datetime.date(2023, 10, 1)
    assert only.data.values["period_end"] == datetime.date(2024, 9, 30)
    assert [i.number for i in only.data.indicators] == [9]
    assert only.data.values["steps"] == '=HYPERLINK("http://x")'


def test_xlsx_formula_cell_is_read_as_its_value_never_as_a_formula(demo, officer):
    agency, y = demo["agency"], year(2567)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    sheet.append(good_row(**{"มาตรการ/แนวทาง": '=CONCAT("a","b")'}))  # stored as a formula
    out = io.BytesIO()
    workbook.save(out)
    # No cached value (never opened in Excel): the cell is empty, not the formula text.
    errors = [str(e) for e in parse_measures_file(agency, y, "m.xlsx", out.getvalue())[1]]
    assert errors == ["แถวที่ 2 คอลัมน์ มาตรการ/แนวทาง: กรุณากรอกมาตรการ/แนวทาง"]


# --- bad files and rows ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"มาตรการ/แนวทาง": "  "},
            "แถวที่ 2 คอลัมน์ มาตรการ/แนวทาง: กรุณากรอกมาตรการ/แนวทาง",
        ),
        (
            {"เครื่องมือ": "XIT"},
            'แถวที่ 2 คอลัมน์ เครื่องมือ: ไม่รู้จักเครื่องมือ "XIT" ใช้ได้เฉพาะ IIT, EIT หรือ OIT',
        ),
        ({"ตัวชี้วัด": "9, 11"}, "แถวที่ 2 คอลัมน์ ตัวชี้วัด: ไม่มีตัวชี้วัดที่ 11 ในเกณฑ์ปี 2567"),
        ({"ตัวชี้วัด": "9.1"}, "แถวที่ 2 คอลัมน์ ตัวชี้วัด: ตัวชี้วัดต้องเป็นเลขตัวชี้วัด"),
        ({"ข้อ OIT": "O5, O42"}, "แถวที่ 2 คอลัมน์ ข้อ OIT: ไม่มีข้อ O42 ในเกณฑ์ปี 2567"),
        ({"ข้อ OIT": "ข้อ 5"}, "แถวที่ 2 คอลัมน์ ข้อ OIT: ข้อ OIT ต้องเป็น O ตามด้วยเลขข้อ"),
        (
            {"ผู้รับผิดชอบ": "สำนักปลัด, กองสาธารณสุขและสิ่งแวดล้อม"},
            'แถวที่ 2 คอลัมน์ ผู้รับผิดชอบ: ไม่พบส่วนราชการ "กองสาธารณสุขและสิ่งแวดล้อม"',
        ),
        (
            {"เริ่ม": "1/10/2566"},
            "แถวที่ 2 คอลัมน์ เริ่ม: วันที่ต้องอยู่ในรูปแบบ ปปปป-ดด-วว (ปี ค.ศ.) เช่น 2024-10-01",
        ),
        ({"สิ้นสุด": "2024-02-30"}, 'แถวที่ 2 คอลัมน์ สิ้นสุด: ไม่มีวันที่ "2024-02-30"'),
        ({"เริ่ม": "2567-10-01", "สิ้นสุด": ""}, "แถวที่ 2 คอลัมน์ เริ่ม: ปีของวันที่ต้องเป็นคริสต์ศักราช"),
        (
            {"เริ่ม": "2024-03-01", "สิ้นสุด": "2024-02-29"},
            "แถวที่ 2 คอลัมน์ สิ้นสุด: วันสิ้นสุดต้องไม่ก่อนวันเริ่มดำเนินการ",
        ),
        ({"สถานะ": "เสร็จแล้ว"}, 'แถวที่ 2 คอลัมน์ สถานะ: ไม่รู้จักสถานะ "เสร็จแล้ว"'),
        ({"ลำดับ": "2.5"}, "แถวที่ 2 คอลัมน์ ลำดับ: ลำดับต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป"),
        ({"ลำดับ": "0"}, "แถวที่ 2 คอลัมน์ ลำดับ: ลำดับต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป"),
        (
            {"ระยะเวลาดำเนินการ": "ก" * 201},
            "แถวที่ 2 คอลัมน์ ระยะเวลาดำเนินการ: ",
        ),
    ],
)
def test_each_bad_cell_is_reported_with_row_and_column(demo, officer, changes, expected):
    agency, y = demo["agency"], year(2567)
    errors = errors_of(agency, y, [good_row(**changes)])
    assert len(errors) == 1, errors
    assert errors[0].startswith(expected), errors


def test_all_problems_of_all_rows_are_reported_and_nothing_is_written(demo, officer, client):
    agency, y = demo["agency"], year(2567)
    make_measures(agency, y, officer)
    count = Measure.objects.count()
    rows = [
        good_row(**{"ลำดับ": "1"}),
        good_row(**{"ลำดับ": "1", "สถานะ": "?"}),
        good_row(**{"ลำดับ": "x", "ตัวชี้วัด": "0"}),
        [""] * len(COLUMNS),  # blank lines are skipped
        good_row(**{"ลำดับ": ""}),
    ]
    errors = errors_of(agency, y, rows)
    assert errors == [
        "แถวที่ 3 คอลัมน์ ลำดับ: ลำดับ 1 ซ้ำกับแถวที่ 2",
        'แถวที่ 3 คอลัมน์ สถานะ: ไม่รู้จักสถานะ "?" ใช้ได้เฉพาะ ยังไม่ได้ดำเนินการ, '
        "อยู่ระหว่างการดำเนินการ, ดำเนินการแล้วเสร็จ, ไม่สามารถดำเนินการได้",
        'แถวที่ 4 คอลัมน์ ลำดับ: ลำดับต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป หรือเว้นว่างสำหรับมาตรการใหม่ (ได้รับ "x")',
        "แถวที่ 4 คอลัมน์ ตัวชี้วัด: ไม่มีตัวชี้วัดที่ 0 ในเกณฑ์ปี 2567",
    ]
    assert Measure.objects.count() == count


def test_row_numbers_count_multiline_cells_as_one_row(demo):
    agency, y = demo["agency"], year(2567)
    rows = [good_row(**{"ขั้นตอนหรือวิธีการปฏิบัติ": "ก\nข\nค"}), good_row(**{"เครื่องมือ": "?"})]
    assert errors_of(agency, y, rows)[0].startswith("แถวที่ 3 คอลัมน์ เครื่องมือ:")


@pytest.mark.parametrize(
    "header",
    [
        [*COLUMNS[:5], "มาตรการ", *COLUMNS[6:]],
        list(COLUMNS[:-1]),
        None,  # the data row comes first
    ],
    ids=["renamed", "missing-column", "no-header"],
)
def test_wrong_header_is_one_clear_error(demo, header):
    agency, y = demo["agency"], year(2567)
    parsed, errors = parse_csv_rows(agency, y, [good_row()], header=header)
    assert parsed is None
    assert len(errors) == 1
    assert str(errors[0]).startswith("แถวที่ 1: แถวแรกต้องเป็นหัวตาราง ลำดับ, เครื่องมือ, ตัวชี้วัด")


def test_wrong_header_in_xlsx(demo):
    agency, y = demo["agency"], year(2567)
    _, errors = parse_measures_file(
        agency, y, "m.xlsx", xlsx_bytes([good_row()], header=["ก", "ข"])
    )
    assert [e.row for e in errors] == [1]


@pytest.mark.parametrize(
    ("filename", "raw", "expected"),
    [
        ("m.txt", b"x", WRONG_EXTENSION),
        ("m.csv", "ลำดับ".encode("cp874"), 'ไฟล์ไม่ได้บันทึกเป็น "CSV UTF-8"'),
        ("m.xlsx", b"not a zip", NOT_XLSX),
        ("m.csv", csv_bytes([]), NO_ROWS),
        ("m.csv", b"", "แถวที่ 1: แถวแรกต้องเป็นหัวตาราง"),
    ],
    ids=["extension", "not-utf8", "not-xlsx", "no-rows", "empty"],
)
def test_unreadable_files(demo, filename, raw, expected):
    parsed, errors = parse_measures_file(demo["agency"], year(2567), filename, raw)
    assert parsed is None
    assert len(errors) == 1
    assert str(errors[0]).startswith(expected)


def test_too_many_rows(demo):
    agency, y = demo["agency"], year(2567)
    _, errors = parse_csv_rows(agency, y, [good_row()] * 1001)
    assert [str(e) for e in errors] == [TOO_MANY_ROWS]

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    sheet.cell(row=20_000, column=1, value="x")  # far below, after many empty rows
    out = io.BytesIO()
    workbook.save(out)
    _, errors = parse_measures_file(agency, y, "m.xlsx", out.getvalue())
    assert [str(e) for e in errors] == [TOO_MANY_SHEET_ROWS]


def test_import_rolls_back_everything_when_a_row_fails_to_save(demo, officer):
    agency, y = demo["agency"], year(2567)
    make_measures(agency, y, officer)
    before = rows_of(agency, y)
    good = MeasureInput(values={"title": "แก้ไขแล้ว", "status": MeasureStatus.DONE})
    bad = MeasureInput(values={"title": ""})  # never produced by parsing; the model refuses it
    parsed = [
        ParsedMeasure(row=2, order=1, data=good),
        ParsedMeasure(row=3, order=None, data=good),
        ParsedMeasure(row=4, order=None, data=bad),
    ]
    with pytest.raises(ValidationError):
        import_measures(agency, y, parsed, acting_user=officer)
    assert rows_of(agency, y) == before
    assert Measure.objects.filter(agency=agency, year=y).count() == 3


def test_import_needs_change_permission(demo, officer):
    agency, y = demo["agency"], year(2567)
    parsed, _ = parse_csv_rows(agency, y, [good_row()])
    for username in ("demo_palad", "demo_officer_b"):
        with pytest.raises(PermissionDenied):
            import_measures(agency, y, parsed, acting_user=user(username))
    assert not Measure.objects.exists()


# --- views -----------------------------------------------------------------------------


def url(kind: str, code: str = AGENCY, y: int = 2566) -> str:
    suffix = {"csv": "export.csv", "xlsx": "export.xlsx", "import": "import/"}[kind]
    return f"/agencies/{code}/measures/{y}/{suffix}"


def test_url_names_reverse_in_the_measures_namespace():
    from django.urls import reverse

    assert reverse("measures:measures_export_csv", args=[AGENCY, 2566]) == url("csv")
    assert reverse("measures:measures_export_xlsx", args=[AGENCY, 2566]) == url("xlsx")
    assert reverse("measures:measures_import", args=[AGENCY, 2566]) == url("import")


@pytest.mark.parametrize("username", ["demo_officer", "demo_palad"])
def test_export_csv_download(demo, officer, login, username):
    make_measures(demo["agency"], year(2566), officer)
    response = login(username).get(url("csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="ita-measures-{AGENCY}-2566.csv"'
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffลำดับ,เครื่องมือ,ตัวชี้วัด")
    assert len(list(csv.reader(io.StringIO(text[1:], newline="")))) == 4


def test_export_xlsx_download(demo, officer, login):
    make_measures(demo["agency"], year(2566), officer)
    response = login("demo_officer").get(url("xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="ita-measures-{AGENCY}-2566.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 4


@pytest.mark.parametrize("kind", ["csv", "xlsx", "import"])
def test_other_agencys_officer_is_refused(demo, login, kind):
    assert login("demo_officer_b").get(url(kind)).status_code == 403


@pytest.mark.parametrize("kind", ["csv", "xlsx", "import"])
def test_unknown_agency_or_year_is_404(demo, login, kind):
    client = login("demo_officer")
    assert client.get(url(kind, code="no-such-agency")).status_code == 404
    assert client.get(url(kind, y=2599)).status_code == 404


@pytest.mark.parametrize("kind", ["csv", "xlsx", "import"])
def test_anonymous_is_sent_to_login(db, client, kind):
    response = client.get(url(kind))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_import_page_offers_the_downloads(demo, login):
    response = login("demo_officer").get(url("import"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "นำเข้ามาตรการปีงบประมาณ พ.ศ. 2566" in html
    assert url("csv") in html
    assert url("xlsx") in html
    assert 'enctype="multipart/form-data"' in html


def upload(name: str, raw: bytes) -> dict:
    return {"file": SimpleUploadedFile(name, raw, content_type="application/octet-stream")}


def test_bad_import_lists_every_error_and_saves_nothing(demo, officer, login):
    agency = demo["agency"]
    make_measures(agency, year(2566), officer)
    before = rows_of(agency, year(2566))
    rows = [
        good_row(**{"ลำดับ": "1", "มาตรการ/แนวทาง": "แก้ไขแล้ว"}),  # valid on its own
        good_row(**{"ผู้รับผิดชอบ": "กองไม่มีจริง"}),
        good_row(**{"ข้อ OIT": "O99"}),
    ]
    response = login("demo_officer").post(url("import"), upload("m.csv", csv_bytes(rows)))
    assert response.status_code == 400
    html = response.content.decode()
    assert "นำเข้าไม่สำเร็จ ระบบไม่ได้บันทึกข้อมูลใดเลย" in html
    assert "แถวที่ 3 คอลัมน์ ผู้รับผิดชอบ: ไม่พบส่วนราชการ &quot;กองไม่มีจริง&quot;" in html
    assert "แถวที่ 4 คอลัมน์ ข้อ OIT: ไม่มีข้อ O99 ในเกณฑ์ปี 2566" in html
    assert rows_of(agency, year(2566)) == before


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("m.txt", b"x", "รองรับเฉพาะไฟล์ .csv หรือ .xlsx"),
        ("m.csv", b"x" * (2 * 1024 * 1024 + 1), "ไฟล์ใหญ่เกิน 2 MB"),
    ],
    ids=["extension", "size"],
)
def test_upload_form_refuses_wrong_files(demo, login, name, raw, expected):
    response = login("demo_officer").post(url("import"), upload(name, raw))
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not Measure.objects.exists()


def test_missing_file_is_refused(demo, login):
    response = login("demo_officer").post(url("import"), {})
    assert response.status_code == 400
    assert "กรุณาเลือกไฟล์ .csv หรือ .xlsx" in response.content.decode()


@pytest.mark.parametrize("filename", ["m.csv", "m.xlsx"])
def test_good_import_saves_and_redirects_to_the_list(demo, officer, login, filename):
    agency = demo["agency"]
    make_measures(agency, year(2566), officer)
    source = measures_of(agency, year(2566))
    raw = export_xlsx(source) if filename.endswith("xlsx") else export_csv(source).encode()
    response = login("demo_officer").post(url("import", y=2567), upload(filename, raw))
    assert response.status_code == 302
    assert response["Location"] == f"/agencies/{AGENCY}/measures/2567/"
    assert rows_of(agency, year(2567)) == rows_of(agency, year(2566))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "นำเข้ามาตรการปี 2567 แล้ว: เพิ่มใหม่ 3 รายการ ปรับปรุง 0 รายการ"
    ]


def test_read_only_member_cannot_import(demo, login):
    client = login("demo_palad")
    assert client.get(url("import")).status_code == 403
    response = client.post(url("import"), upload("m.csv", csv_bytes([good_row()])))
    assert response.status_code == 403
    assert not Measure.objects.exists()
