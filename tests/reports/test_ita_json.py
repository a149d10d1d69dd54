"""The agency-year JSON file: export → import into an empty database → the same text."""

import copy
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.models import AssessmentResult, AssessmentYear, IndicatorScore, OITItemScore
from ita_portal.agencies.models import Agency, Membership, Unit
from ita_portal.audit.models import AuditEvent
from measures.models import (
    IndicatorPlan,
    Measure,
    MeasureEvidence,
    MeasureStatus,
    OITItemReadiness,
    Progress,
    ProgressRound,
    RoundEntry,
)
from measures.readiness import indicator_plan_save, readiness_save
from measures.services import evidence_add, measure_set_status, round_take
from reports.ita_json import dumps, export_agency_year, import_agency_year, validate

pytestmark = pytest.mark.django_db

CODE = "thung-ruang-thong"
COUNTED = (
    Agency,
    Unit,
    AssessmentResult,
    IndicatorScore,
    OITItemScore,
    Measure,
    Measure.history.model,
    MeasureEvidence,
    ProgressRound,
    RoundEntry,
    OITItemReadiness,
    IndicatorPlan,
    AuditEvent,
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def officer():
    return get_user_model().objects.get(username="demo_officer")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def full_2567(demo, media):
    """The demo's 2567 measures plus a round, readiness, a plan, evidence and OIT links."""
    agency, user = demo["agency"], officer()
    year = AssessmentYear.objects.get(year=2567)
    first, second = Measure.objects.filter(agency=agency, year=year).order_by("order")[:2]
    first.oit_items.set(year.oit_items.filter(number__in=[12, 3]))
    first.period_start, first.period_end = "2023-10-01", "2024-03-31"
    first.save()
    evidence_add(
        first, title="หน้าเว็บไซต์ใหม่", url="https://example.go.th/news", file=None, acting_user=user
    )
    evidence_add(
        first,
        title="รายงานการประชุม",
        url="",
        acting_user=user,
        file=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 test"),
    )
    evidence_add(
        first, title="ภาพกิจกรรม", url="https://example.go.th/photos", file=None, acting_user=user
    )
    round_take(agency=agency, year=year, kind="6m", acting_user=user)
    # After the round: the round keeps the old status, the measure has the new one.
    measure_set_status(second, status=MeasureStatus.DONE, acting_user=user)
    units = list(agency.units.filter(name__in=["กองช่าง", "สำนักปลัด"]))
    readiness_save(
        agency,
        year.oit_items.get(number=5),
        units=units,
        url="https://example.go.th/oit/5",
        progress=Progress.DONE,
        note="ตรวจทานแล้ว",
        acting_user=user,
    )
    readiness_save(
        agency,
        year.oit_items.get(number=1),
        units=[],
        url="",
        progress=Progress.NOT_STARTED,
        note="",
        acting_user=user,
    )
    indicator_plan_save(
        agency,
        year.indicators.get(number=7),
        approach="จัดอบรมเจ้าหน้าที่",
        units=units[:1],
        period_text="ไตรมาส 2",
        progress=Progress.DONE,
        note="อบรมแล้ว 2 รุ่น",
        acting_user=user,
    )
    return agency


def wipe_agencies() -> None:
    """Back to a database with only the criteria (users stay: they are not exported).

    The audit trail protects an agency from deletion, so its events go first."""
    AuditEvent.objects.all().delete()
    for agency in Agency.objects.all():
        agency.delete()
    assert not Measure.objects.exists() and not AssessmentResult.objects.exists()


def test_export_has_the_documented_shape(demo):
    data = export_agency_year(demo["agency"], 2566)
    assert data["format"] == "ita-portal/agency-year" and data["version"] == 1
    assert data["year"] == 2566 and "memo" not in data
    assert data["agency"]["code"] == CODE and data["agency"]["kind"] == "sao"
    assert data["units"][0] == {"name": "สำนักปลัด", "order": 1}
    result = data["result"]
    assert result["iit"] == "95.62" and result["eit"] is None and result["eit_part2"] == "80.48"
    assert result["indicators"][0] == {"number": 1, "score": "97.25", "suggestion": ""}
    assert {
        "number": 10,
        "score": "0.00",
        "comment": "ไม่พบนโยบายคุ้มครองข้อมูลส่วนบุคคลของหน่วยงาน",
    } in result["oit_items"]
    assert data["measures"] == [] and data["rounds"] == []
    text = dumps(data)
    assert text.endswith("}\n") and "ทุ่งรวงทอง" in text and '  "agency": {' in text


def test_round_trip_into_an_empty_database_gives_the_same_text(full_2567, demo):
    agency = demo["agency"]
    before = {year: dumps(export_agency_year(agency, year)) for year in (2565, 2566, 2567)}
    data_2567 = json.loads(before[2567])
    assert data_2567["result"] is None
    assert [m["order"] for m in data_2567["measures"]] == [1, 2, 3, 4]
    first = data_2567["measures"][0]
    assert first["oit_items"] == [3, 12] and first["period_start"] == "2023-10-01"
    assert first["evidence_links"] == [
        {"title": "หน้าเว็บไซต์ใหม่", "url": "https://example.go.th/news"},
        {"title": "ภาพกิจกรรม", "url": "https://example.go.th/photos"},
    ]  # the uploaded file is left out
    (round_6m,) = data_2567["rounds"]
    assert round_6m["kind"] == "6m" and round_6m["entries"][1]["status"] == "in_progress"
    assert data_2567["measures"][1]["status"] == "done"
    assert [r["item"] for r in data_2567["oit_readiness"]] == [1, 5]
    assert data_2567["oit_readiness"][1]["units"] == ["สำนักปลัด", "กองช่าง"]
    assert data_2567["indicator_plans"][0]["indicator"] == 7
    assert data_2567["indicator_plans"][0]["note"] == "อบรมแล้ว 2 รุ่น"

    wipe_agencies()
    assert not Agency.objects.exists()
    agency_rows = counts()

    plan, errors = validate(json.loads(before[2566]))
    assert errors == []
    imported = import_agency_year(plan)
    assert imported.code == CODE and Membership.objects.filter(agency=imported).count() == 0
    for year in (2565, 2567):
        plan, errors = validate(json.loads(before[year]), into_existing=True)
        assert errors == [] and plan.notices == []
        import_agency_year(plan)
    assert counts() != agency_rows

    imported = Agency.objects.get(code=CODE)
    after = {year: dumps(export_agency_year(imported, year)) for year in (2565, 2566, 2567)}
    assert after == before
    # Restored, not re-snapshotted, and no acting user is recorded.
    progress_round = ProgressRound.objects.get(agency=imported)
    assert progress_round.taken_by is None
    assert not progress_round.entries.filter(measure__isnull=False).exists()
    result = AssessmentResult.objects.get(agency=imported, year__year=2566)
    assert result.updated_by is None and result.version == 1
    history = Measure.history.filter(id__in=Measure.objects.filter(agency=imported).values("id"))
    assert {h.history_change_reason for h in history} == {"นำเข้าจากไฟล์ ITA JSON"}


def test_existing_agency_is_refused_and_nothing_is_written(full_2567, demo):
    text = dumps(export_agency_year(demo["agency"], 2567))
    before = counts()
    plan, errors = validate(json.loads(text))
    assert plan is None
    assert errors == [
        'agency.code: ฐานข้อมูลนี้มีหน่วยงานรหัส "thung-ruang-thong" (องค์การบริหารส่วนตำบล'
        "ทุ่งรวงทอง) อยู่แล้ว หากต้องการเพิ่มข้อมูลปีนี้ให้หน่วยงานเดิม ให้สั่งนำเข้าพร้อม "
        "--into-existing"
    ]
    # --into-existing does not merge into a year that already has data.
    plan, errors = validate(json.loads(text), into_existing=True)
    assert plan is None and len(errors) == 1
    assert errors[0].startswith('year: หน่วยงาน "thung-ruang-thong" มีข้อมูลปี 2567 อยู่แล้ว')
    assert "มาตรการ 4 รายการ" in errors[0] and "ไม่รวมข้อมูล" in errors[0]
    assert counts() == before


def test_into_existing_adds_an_empty_year_and_missing_units(demo):
    data = export_agency_year(demo["agency"], 2566)
    data["year"] = 2568
    data["result"] = None
    data["units"].append({"name": "กองสวัสดิการสังคม", "order": 9})
    data["agency"]["phone"] = "0 0000 0000"
    data["indicator_plans"] = [
        {
            "indicator": 1,
            "approach": "",
            "units": ["กองสวัสดิการสังคม"],
            "period_text": "",
            "progress": "not_started",
        }
    ]
    plan, errors = validate(data, into_existing=True)
    assert errors == []
    assert any("phone" in notice for notice in plan.notices)
    assert any("กองสวัสดิการสังคม" in notice for notice in plan.notices)
    import_agency_year(plan)
    agency = Agency.objects.get(code=CODE)
    assert agency.phone == "0 5441 0000"  # the existing agency's details are kept
    assert agency.units.get(name="กองสวัสดิการสังคม").order == 9
    imported = IndicatorPlan.objects.get(agency=agency)
    assert imported.units.get().name == "กองสวัสดิการสังคม"
    assert imported.note == ""  # a file written before plans had a note still imports


def test_bad_file_reports_every_error_and_writes_nothing(full_2567, demo, tmp_path):
    data = export_agency_year(demo["agency"], 2567)
    wipe_agencies()
    before = counts()
    data["measures"][0]["indicators"] = [7, 11]
    data["measures"][1]["status"] = "xyz"
    data["measures"][2]["units"] = ["กองไม่มีจริง"]
    data["measures"][3]["period_start"] = "2567-02-30"
    data["measures"][3]["order"] = 1
    data["rounds"][0]["as_of"] = "31/03/2024"
    data["oit_readiness"][0]["url"] = "javascript:alert(1)"
    data["indicator_plans"][0]["progress"] = "half"
    del data["agency"]["phone"]
    data["agency"]["fax"] = "-"
    data["result"] = {"iit": 95.5}

    plan, errors = validate(data)
    assert plan is None
    expected = [
        "agency.phone: ไม่มีข้อมูลนี้",
        "agency.fax: ไม่รู้จักคีย์นี้",
        "result.eit: ไม่มีข้อมูลนี้",
        'result.iit: ต้องเป็นตัวเลขในรูปข้อความ ทศนิยมไม่เกิน 2 ตำแหน่ง เช่น "97.82"',
        "measures[0].indicators[1]: เกณฑ์ปี 2567 ไม่มีตัวชี้วัดที่ 11",
        "measures[1].status: สถานะไม่ถูกต้อง (ใช้ได้: not_started, in_progress, done, cannot)",
        'measures[2].units[0]: ไม่มีส่วนราชการชื่อ "กองไม่มีจริง" ในรายการ units ของไฟล์',
        "measures[3].order: ลำดับ 1 ซ้ำกับ measures[0]",
        'measures[3].period_start: ต้องเป็นวันที่ ค.ศ. แบบ ปปปป-ดด-วว เช่น "2024-03-31"',
        'rounds[0].as_of: ต้องเป็นวันที่ ค.ศ. แบบ ปปปป-ดด-วว เช่น "2024-03-31"',
        "oit_readiness[0].url: ที่อยู่เว็บไซต์ต้องขึ้นต้นด้วย http:// หรือ https://",
        "indicator_plans[0].progress: ความก้าวหน้าไม่ถูกต้อง",
    ]
    for message in expected:
        assert any(error.startswith(message) for error in errors), (message, errors)
    assert counts() == before

    # The same file through the command: a non-zero exit listing them, nothing written.
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as failure:
        call_command("import_ita", str(path))
    message = str(failure.value)
    assert f"พบปัญหา {len(errors)} รายการ ไม่มีการบันทึกข้อมูลใด ๆ" in message
    assert "measures[1].status: สถานะไม่ถูกต้อง" in message
    assert counts() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="something-else"), "format: ไม่ใช่ไฟล์ข้อมูลหน่วยงานรายปี"),
        (lambda d: d.update(version=2), "version: ไม่รองรับรุ่น 2"),
        (lambda d: d.update(year=2570), "python manage.py load_criteria 2570"),
        (
            lambda d: d["result"]["indicators"].append(
                {"number": 11, "score": "50.00", "suggestion": ""}
            ),
            "result.indicators[10].number: เกณฑ์ปี 2566 ไม่มีตัวชี้วัดที่ 11",
        ),
        (
            lambda d: d["result"]["oit_items"][0].update(score="50.00"),
            "result.oit_items[0].score: ปี 2566 ให้คะแนนข้อ OIT ได้เพียง 100 หรือ 0",
        ),
        (lambda d: d["result"].update(iit="100.5"), "result.iit: คะแนนต้องอยู่ระหว่าง 0 ถึง 100"),
        (lambda d: d["result"].update(oit="97.825"), "result.oit: ต้องเป็นตัวเลข"),
        (
            lambda d: d["units"].append({"name": "กองคลัง", "order": 9}),
            'units[5].name: ชื่อส่วนราชการ "กองคลัง" ซ้ำกับ units[1]',
        ),
        (lambda d: d["agency"].update(code="ทุ่งรวงทอง"), "agency.code: รหัสหน่วยงานใช้ได้เฉพาะ"),
        (lambda d: d["agency"].update(kind="village"), "agency.kind: ประเภทหน่วยงานไม่ถูกต้อง"),
        (lambda d: d.update(memo={"text": "later"}), "memo: รุ่น 1 ยังไม่รองรับ"),
        (lambda d: d.update(measures={}), "measures: ต้องเป็นรายการ"),
    ],
)
def test_single_problems_are_named_with_their_path(demo, change, message):
    data = copy.deepcopy(export_agency_year(demo["agency"], 2566))
    wipe_agencies()
    before = counts()
    change(data)
    plan, errors = validate(data)
    assert plan is None
    assert any(error.startswith(message) or message in error for error in errors), errors
    assert counts() == before


def test_wrong_format_stops_at_once(db):
    plan, errors = validate({"format": "x", "measures": "nonsense"})
    assert plan is None and len(errors) == 1 and errors[0].startswith("format:")
    assert validate([1, 2])[1] == ["(ทั้งไฟล์): ต้องเป็นออบเจกต์ JSON { … }"]


def test_memo_may_be_null(demo):
    data = export_agency_year(demo["agency"], 2566)
    wipe_agencies()
    data["memo"] = None
    plan, errors = validate(data)
    assert errors == [] and plan is not None


def test_command_line_round_trip(full_2567, demo, tmp_path, capsys):
    first = tmp_path / "trt-2567.json"
    call_command("export_ita", "--agency", CODE, "--year", "2567", "-o", str(first))
    out, err = capsys.readouterr()
    assert "ส่งออกข้อมูล องค์การบริหารส่วนตำบลทุ่งรวงทอง ปี 2567" in out
    assert "ไฟล์หลักฐานที่อัปโหลดไว้ 1 ไฟล์ไม่ได้รวมอยู่" in err
    assert first.read_text(encoding="utf-8") == dumps(export_agency_year(demo["agency"], 2567))

    with pytest.raises(CommandError, match="--into-existing"):
        call_command("import_ita", str(first))

    wipe_agencies()
    before = counts()
    call_command("import_ita", str(first), "--dry-run")
    assert "ตรวจสอบแล้ว ไม่พบปัญหา" in capsys.readouterr().out
    assert counts() == before
    call_command("import_ita", str(first))
    assert "นำเข้า องค์การบริหารส่วนตำบลทุ่งรวงทอง แล้ว" in capsys.readouterr().out

    second = tmp_path / "again.json"
    call_command("export_ita", "--agency", CODE, "--year", "2567", "-o", str(second))
    assert second.read_bytes() == first.read_bytes()

    capsys.readouterr()
    call_command("export_ita", "--agency", CODE, "--year", "2567")
    assert capsys.readouterr().out == first.read_text(encoding="utf-8")


def test_command_errors_are_thai(db, tmp_path):
    with pytest.raises(CommandError, match='ไม่พบหน่วยงานรหัส "nowhere"'):
        call_command("export_ita", "--agency", "nowhere", "--year", "2566")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(CommandError, match="ไม่ใช่ JSON ที่ถูกต้อง"):
        call_command("import_ita", str(broken))
    with pytest.raises(CommandError, match="เปิดไฟล์"):
        call_command("import_ita", str(tmp_path / "missing.json"))


def test_a_failure_while_writing_leaves_nothing(demo, monkeypatch):
    data = export_agency_year(demo["agency"], 2566)
    data["indicator_plans"] = [
        {"indicator": 1, "approach": "", "units": [], "period_text": "", "progress": "done"}
    ]
    wipe_agencies()
    before = counts()
    plan, errors = validate(data)
    assert errors == []

    def boom(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(IndicatorPlan.objects, "create", boom)
    with pytest.raises(RuntimeError):
        import_agency_year(plan)
    assert counts() == before


def test_an_agency_created_after_the_check_is_not_merged_into(demo):
    data = export_agency_year(demo["agency"], 2566)
    wipe_agencies()
    plan, errors = validate(data)
    assert errors == []
    Agency.objects.create(code=CODE, name="อื่น", kind="sao", district="ก", province="ข")
    before = counts()
    with pytest.raises(ValidationError, match="มีหน่วยงานรหัส"):
        import_agency_year(plan)
    assert counts() == before
