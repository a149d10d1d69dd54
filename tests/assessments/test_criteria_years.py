"""New assessment years without a developer: copy, edit in the admin, file export/import,
confirmed years read-only, the draft notice officers see, and the shipped 2569 / texts."""

import importlib
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessments.criteria_file import (
    CriteriaFileError,
    criteria_data,
    export_json,
    export_xlsx,
    parse_criteria_file,
)
from assessments.models import (
    AssessmentYear,
    CriteriaStatus,
    GradeBand,
    Indicator,
    OITItem,
    RatingBand,
    SubIndicator,
    Tool,
)
from assessments.services import (
    ItemRow,
    assessment_year_copy,
    criteria_import,
    oit_items_save,
)
from ita_portal.audit.actions import Action
from ita_portal.audit.models import AuditEvent
from measures.models import OITItemReadiness

pytestmark = pytest.mark.django_db

CRITERIA_MODELS = (AssessmentYear, Tool, Indicator, SubIndicator, OITItem, GradeBand, RatingBand)


def criteria_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in CRITERIA_MODELS}


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("root", "root@example.com", "x")


# --- copying a year -----------------------------------------------------------------


def test_copy_is_a_deep_independent_draft(superuser):
    source = AssessmentYear.objects.get(year=2566)
    copy = assessment_year_copy(source, year=2570, acting_user=superuser)

    assert copy.status == CriteriaStatus.DRAFT
    original, copied = criteria_data(source), criteria_data(copy)
    copied.year, copied.source_note = original.year, original.source_note
    assert copied == original  # every tool, indicator, sub-indicator, item text and band
    assert "คัดลอกจากเกณฑ์ปี 2566" in copy.source_note
    source_items = set(source.oit_items.values_list("pk", flat=True))
    assert source_items.isdisjoint(copy.oit_items.values_list("pk", flat=True))
    assert set(
        copy.oit_items.values_list("sub_indicator__indicator__year__year", flat=True)
    ) == {2570}
    assert set(copy.indicators.values_list("tool__year__year", flat=True)) == {2570}

    item = copy.oit_items.get(number=31)
    item.title = "แก้ในปีใหม่"
    item.save()
    copy.tools.filter(code="IIT").update(weight=35)
    assert source.oit_items.get(number=31).title.startswith("ประกาศเจตนารมณ์")
    assert source.tools.get(code="IIT").weight == 30

    event = AuditEvent.objects.get(action=Action.CRITERIA_COPY)
    assert event.actor == superuser and event.object_id == str(copy.pk)


def test_copy_onto_an_existing_year_is_refused_and_writes_nothing(superuser):
    before = criteria_counts()
    with pytest.raises(ValidationError, match="มีเกณฑ์ของปีงบประมาณ 2568 แล้ว"):
        assessment_year_copy(
            AssessmentYear.objects.get(year=2566), year=2568, acting_user=superuser
        )
    assert criteria_counts() == before


def test_copy_in_the_admin(admin_client):
    source = AssessmentYear.objects.get(year=2569)
    url = reverse("admin:assessments_assessmentyear_copy", args=[source.pk])
    page = admin_client.get(url).content.decode()
    assert "สร้างปีใหม่จากปี 2569" in page and 'value="2570"' in page
    response = admin_client.post(url, {"year": "๒๕๗๐"}, follow=True)
    assert "สร้างเกณฑ์ปี 2570 (ฉบับร่าง) จากปี 2569 แล้ว" in response.content.decode()
    assert AssessmentYear.objects.get(year=2570).oit_items.count() == 26

    again = admin_client.post(url, {"year": "2570"}).content.decode()
    assert "มีเกณฑ์ของปีงบประมาณ 2570 แล้ว" in again
    assert "ปีพุทธศักราช" in admin_client.post(url, {"year": "2027"}).content.decode()


def test_copy_action_sends_to_the_copy_page(admin_client):
    source = AssessmentYear.objects.get(year=2569)
    response = admin_client.post(
        reverse("admin:assessments_assessmentyear_changelist"),
        {"action": "copy_criteria", "_selected_action": [source.pk]},
    )
    assert response.status_code == 302
    assert response.url == reverse("admin:assessments_assessmentyear_copy", args=[source.pk])


def test_agency_admin_may_not_copy_or_import(client, demo, login):
    login("demo_agency_admin")
    source = AssessmentYear.objects.get(year=2569)
    before = criteria_counts()
    url = reverse("admin:assessments_assessmentyear_copy", args=[source.pk])
    assert client.post(url, {"year": "2570"}).status_code == 403
    upload = SimpleUploadedFile("c.json", export_json(criteria_data(source)))
    response = client.post(reverse("admin:assessments_assessmentyear_import"), {"file": upload})
    assert response.status_code == 403
    assert criteria_counts() == before


# --- a confirmed year is read-only --------------------------------------------------


def test_confirmed_year_is_read_only_in_the_admin(admin_client):
    confirmed = AssessmentYear.objects.get(year=2566)
    page = admin_client.get(
        reverse("admin:assessments_assessmentyear_change", args=[confirmed.pk])
    ).content.decode()
    assert "เกณฑ์ปี 2566 ยืนยันแล้ว จึงแก้ไขไม่ได้" in page
    assert 'name="oit_items-0-title"' not in page  # the items are shown, not editable

    before = criteria_counts()
    response = admin_client.post(
        reverse("admin:assessments_assessmentyear_change", args=[confirmed.pk]),
        {"source_note": "แก้ไข", "pass_mark": "80"},
    )
    assert response.status_code == 403
    item = confirmed.oit_items.get(number=1)
    item_url = reverse("admin:assessments_oititem_change", args=[item.pk])
    assert admin_client.post(item_url, {"title": "แก้ไข"}).status_code == 403
    delete_url = reverse("admin:assessments_oititem_delete", args=[item.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403

    # A new item cannot be put into a confirmed year: its year is not among the choices.
    sub = SubIndicator.objects.get(indicator__year=confirmed, code="9.1")
    response = admin_client.post(
        reverse("admin:assessments_oititem_add"),
        {"year": confirmed.pk, "sub_indicator": sub.pk, "number": 44, "title": "ใหม่"},
    )
    assert response.status_code == 200
    assert "ตัวเลือกที่ถูกต้อง" in response.content.decode()
    assert criteria_counts() == before
    confirmed.refresh_from_db()
    assert confirmed.source_note != "แก้ไข"
    assert OITItem.objects.get(pk=item.pk).title == item.title


def test_services_refuse_to_change_a_confirmed_year(superuser):
    confirmed = AssessmentYear.objects.get(year=2566)
    item = confirmed.oit_items.get(number=1)
    before = criteria_counts()
    row = ItemRow(item.pk, 1, item.sub_indicator, "", "แก้ไข", "")
    with pytest.raises(ValidationError, match="เกณฑ์ปี 2566 ยืนยันแล้ว"):
        oit_items_save(confirmed, [row], acting_user=superuser)
    data = criteria_data(confirmed)
    data.oit_items[0]["title"] = "แก้ไข"
    with pytest.raises(ValidationError, match="เกณฑ์ปี 2566 ยืนยันแล้ว"):
        criteria_import(data, acting_user=superuser)
    with pytest.raises(ValidationError, match="ยืนยันแล้ว"):
        from assessments.services import assessment_year_confirm

        assessment_year_confirm(confirmed, acting_user=superuser)
    assert criteria_counts() == before
    assert OITItem.objects.get(pk=item.pk).title == item.title


# --- editing a draft year's items in the admin --------------------------------------


def items_form(year: AssessmentYear, edit=None) -> dict:
    """The year's change form as posted back, with ``edit(index, item) -> dict`` changes."""
    from tests.assessments.test_criteria_admin import year_form_data

    data = year_form_data(year)
    for index, item in enumerate(year.oit_items.order_by("number")):
        for key, value in (edit(index, item) if edit else {}).items():
            data[f"oit_items-{index}-{key}"] = value
    return data


def change_url(year):
    return reverse("admin:assessments_assessmentyear_change", args=[year.pk])


def test_items_are_renumbered_regrouped_added_and_removed_in_one_save(admin_client):
    draft = AssessmentYear.objects.get(year=2569)
    first, second = draft.oit_items.get(number=1), draft.oit_items.get(number=2)
    sub_92 = SubIndicator.objects.get(indicator__year=draft, code="9.2")
    last = draft.oit_items.get(number=26)

    def edit(index, item):
        if item.number == 1:
            return {"number": 2, "group": "ข้อมูลพื้นฐาน"}
        if item.number == 2:
            return {"number": 1, "sub_indicator": sub_92.pk}
        if item.number == 26:
            return {"DELETE": "on"}
        return {}

    data = items_form(draft, edit)
    total = int(data["oit_items-TOTAL_FORMS"])
    data.update({
        "oit_items-TOTAL_FORMS": total + 1,
        f"oit_items-{total}-number": 26,
        f"oit_items-{total}-sub_indicator": sub_92.pk,
        f"oit_items-{total}-title": "ข้อใหม่ของปี 2569",
        f"oit_items-{total}-requirement": "สิ่งที่ต้องเผยแพร่",
        f"oit_items-{total}-year": draft.pk,
    })
    response = admin_client.post(change_url(draft), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, first.group) == (2, "ข้อมูลพื้นฐาน")
    assert (second.number, second.sub_indicator) == (1, sub_92)
    assert not OITItem.objects.filter(pk=last.pk).exists()
    assert draft.oit_items.get(number=26).title == "ข้อใหม่ของปี 2569"
    assert draft.oit_items.count() == 26
    assert AuditEvent.objects.filter(action=Action.CRITERIA_ITEMS_SAVE).exists()


def test_duplicate_numbers_in_the_admin_are_refused(admin_client):
    draft = AssessmentYear.objects.get(year=2569)
    data = items_form(draft, lambda i, item: {"number": 1} if item.number == 2 else {})
    response = admin_client.post(change_url(draft), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ข้อมูลซ้ำ" in html or "ซ้ำ" in html, html[html.find("errorlist"):][:500]
    assert not ENGLISH.search(html)
    assert draft.oit_items.get(title="ข้อมูลผู้บริหาร").number == 2


def test_an_item_an_agency_uses_cannot_be_removed(admin_client, demo):
    draft = AssessmentYear.objects.get(year=2569)
    item = draft.oit_items.get(number=4)
    OITItemReadiness.objects.create(agency=demo["agency"], item=item, note="ที่เจ้าหน้าที่พิมพ์")
    data = items_form(draft, lambda i, it: {"DELETE": "on"} if it.number == 4 else {})
    response = admin_client.post(change_url(draft), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "ลบข้อ O4 ไม่ได้ เพราะหน่วยงานใช้แล้ว (ความพร้อมข้อ OIT)" in html
    assert OITItemReadiness.objects.filter(item=item, note="ที่เจ้าหน้าที่พิมพ์").exists()

    # The item's own delete page refuses too.
    page = admin_client.post(
        reverse("admin:assessments_oititem_delete", args=[item.pk]), {"post": "yes"}
    ).content.decode()
    assert "หน่วยงานใช้แล้ว" in page
    assert OITItem.objects.filter(pk=item.pk).exists()


# --- files: export, import, round trip, refusals ------------------------------------


@pytest.mark.parametrize("kind", ["json", "xlsx"])
def test_round_trip_through_a_file(superuser, kind):
    data = criteria_data(AssessmentYear.objects.get(year=2566))
    data.year = 2571
    raw = export_json(data) if kind == "json" else export_xlsx(data)
    parsed = parse_criteria_file(raw, f"criteria_2571.{kind}")
    assert parsed == data
    year, created = criteria_import(parsed, acting_user=superuser)
    assert created and year.status == CriteriaStatus.DRAFT
    assert criteria_data(year) == data
    event = AuditEvent.objects.get(action=Action.CRITERIA_IMPORT)
    assert event.after["oit_items"] == 43


def test_importing_over_a_draft_replaces_it_by_natural_keys(superuser):
    draft = AssessmentYear.objects.get(year=2569)
    kept = draft.oit_items.get(number=3)
    data = criteria_data(draft)
    data.oit_items = [row for row in data.oit_items if row["number"] != 26]
    data.oit_items[2]["title"] = "ข้อมูลการติดต่อ (แก้จากไฟล์)"
    year, created = criteria_import(data, acting_user=superuser, expected_year=2569)
    assert not created
    assert year.oit_items.count() == 25
    kept.refresh_from_db()
    assert kept.title == "ข้อมูลการติดต่อ (แก้จากไฟล์)"  # same row: agencies' data stays on it


def json_file(*changes) -> dict:
    """2569 exported as JSON, as year 2572, with ``changes`` (functions of the document)."""
    data = json.loads(export_json(criteria_data(AssessmentYear.objects.get(year=2569))))
    data["year"]["year"] = 2572
    for change in changes:
        change(data)
    return data


def refused_messages(document: dict, **kwargs) -> list[str]:
    raw = json.dumps(document, ensure_ascii=False).encode()
    try:
        criteria_import(parse_criteria_file(raw, "c.json"), acting_user=None, **kwargs)
    except CriteriaFileError as error:
        return error.messages
    except ValidationError as error:
        return error.messages
    raise AssertionError("the file was accepted")


def _set(path, value):
    def change(data):
        section, index, key = path
        data[section][index][key] = value

    return change


REFUSALS = {
    "duplicate item numbers": (
        _set(("oit_items", 1, "number"), 1),
        "ข้อ OIT รายการที่ 2: ข้อ O1 ซ้ำกัน",
    ),
    "unknown indicator": (
        _set(("sub_indicators", 0, "indicator"), 11),
        "ตัวชี้วัดย่อย รายการที่ 1: ตัวชี้วัดที่ ต้องเป็นจำนวนเต็ม 1–10",
    ),
    "indicator missing from the file": (
        lambda d: d.update(indicators=[i for i in d["indicators"] if i["number"] != 9]),
        "ตัวชี้วัดย่อย 9.1 อ้างถึงตัวชี้วัดที่ 9 ซึ่งไม่มีในไฟล์",
    ),
    "unknown sub-indicator": (
        _set(("oit_items", 0, "sub_indicator"), "9.9"),
        "ข้ออ้างถึงตัวชี้วัดย่อย “9.9” ซึ่งไม่มีในไฟล์",
    ),
    "missing title": (
        _set(("oit_items", 4, "title"), "  "),
        "ข้อ OIT รายการที่ 5: ไม่มีชื่อข้อมูลของข้อ",
    ),
    "missing requirement field": (
        lambda d: d["oit_items"][0].pop("requirement"),
        "ข้อ OIT รายการที่ 1: ไม่มีช่ององค์ประกอบด้านข้อมูล",
    ),
    "year not Buddhist Era": (
        lambda d: d["year"].update(year=2029),
        "ปีงบประมาณ (พ.ศ.) ต้องเป็นจำนวนเต็ม 2550–2700",
    ),
    "control character": (
        _set(("oit_items", 0, "title"), "โครงสร้าง\x00"),
        "อักขระควบคุม",
    ),
    "not a criteria file": (lambda d: d.update(format="other"), "ไม่ใช่ไฟล์เกณฑ์"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_a_bad_file_is_refused_with_a_thai_message_and_nothing_written(case):
    change, message = REFUSALS[case]
    before = criteria_counts()
    messages = refused_messages(json_file(change))
    assert any(message in m for m in messages), messages
    assert criteria_counts() == before


def test_a_file_of_another_year_and_a_confirmed_year_are_refused():
    before = criteria_counts()
    assert refused_messages(json_file(), expected_year=2570) == [
        "ไฟล์นี้เป็นเกณฑ์ปี 2572 ไม่ใช่ปี 2570 ที่เลือกนำเข้า"
    ]
    confirmed = json_file(lambda d: d["year"].update(year=2566))
    assert "เกณฑ์ปี 2566 ยืนยันแล้ว" in refused_messages(confirmed)[0]
    assert criteria_counts() == before


def test_removing_an_item_agencies_use_by_import_is_refused(demo):
    draft = AssessmentYear.objects.get(year=2569)
    OITItemReadiness.objects.create(agency=demo["agency"], item=draft.oit_items.get(number=26))
    document = json_file(
        lambda d: d["year"].update(year=2569),
        lambda d: d.update(oit_items=d["oit_items"][:25]),
    )
    before = criteria_counts()
    assert "ลบข้อ O26 ไม่ได้ เพราะหน่วยงานใช้แล้ว" in refused_messages(document)[0]
    assert criteria_counts() == before


def test_a_broken_xlsx_names_the_sheet_and_row():
    data = criteria_data(AssessmentYear.objects.get(year=2569))
    workbook = openpyxl.load_workbook(io.BytesIO(export_xlsx(data)))
    workbook["ข้อ OIT"]["A3"] = "O1"  # the second item now repeats O1
    del workbook["ระดับผลการประเมิน"]
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(CriteriaFileError) as refused:
        parse_criteria_file(out.getvalue(), "c.xlsx")
    assert refused.value.messages == ["ไม่พบแผ่นงาน “ระดับผลการประเมิน”"]
    workbook.create_sheet("ระดับผลการประเมิน").append(["ระดับ", "คะแนนตั้งแต่", "ถึง"])
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(CriteriaFileError) as refused:
        parse_criteria_file(out.getvalue(), "c.xlsx")
    assert refused.value.messages == ["แผ่นงาน “ข้อ OIT” แถวที่ 3: ข้อ O1 ซ้ำกัน"]
    with pytest.raises(CriteriaFileError, match="ไม่ใช่ไฟล์เกณฑ์"):
        parse_criteria_file(b"not a workbook", "c.xlsx")


def test_admin_export_and_import_buttons(admin_client):
    draft = AssessmentYear.objects.get(year=2569)
    page = admin_client.get(change_url(draft)).content.decode()
    for label in ("สร้างปีใหม่จากปี 2569", "ส่งออก JSON", "ส่งออก Excel", "นำเข้าจากไฟล์"):
        assert label in page
    exported = admin_client.get(
        reverse("admin:assessments_assessmentyear_export", args=[draft.pk, "xlsx"])
    )
    assert exported["Content-Disposition"] == 'attachment; filename="criteria_2569.xlsx"'
    assert parse_criteria_file(exported.content, "x.xlsx") == criteria_data(draft)

    import_url = reverse("admin:assessments_assessmentyear_import")
    assert 'value="2569"' in admin_client.get(import_url, {"year": "2569"}).content.decode()
    bad = json.loads(
        admin_client.get(
            reverse("admin:assessments_assessmentyear_export", args=[draft.pk, "json"])
        ).content
    )
    bad["oit_items"][1]["number"] = 1
    before = criteria_counts()
    upload = SimpleUploadedFile("c.json", json.dumps(bad, ensure_ascii=False).encode())
    response = admin_client.post(import_url, {"file": upload, "year": "2569"})
    assert "ข้อ OIT รายการที่ 2: ข้อ O1 ซ้ำกัน" in response.content.decode()
    assert criteria_counts() == before

    bad["oit_items"][1]["number"] = 2
    bad["oit_items"][1]["title"] = "ข้อมูลผู้บริหาร (นำเข้า)"
    upload = SimpleUploadedFile("c.json", json.dumps(bad, ensure_ascii=False).encode())
    response = admin_client.post(import_url, {"file": upload, "year": "2569"}, follow=True)
    assert "นำเข้าเกณฑ์ปี 2569 แล้ว (แทนเกณฑ์ฉบับร่างเดิม)" in response.content.decode()
    assert draft.oit_items.get(number=2).title == "ข้อมูลผู้บริหาร (นำเข้า)"


def test_commands_export_and_import(tmp_path):
    path = tmp_path / "c.xlsx"
    call_command(
        "export_criteria", "2569", "--format", "xlsx", "-o", str(path), stdout=io.StringIO()
    )
    workbook = openpyxl.load_workbook(path)
    workbook["ปีการประเมิน"]["B2"] = "2573"
    workbook.save(path)
    out = io.StringIO()
    call_command("import_criteria", str(path), stdout=out)
    assert "นำเข้าเกณฑ์ปี 2573 แล้ว (สร้างเป็นฉบับร่าง)" in out.getvalue()
    assert AssessmentYear.objects.get(year=2573).oit_items.count() == 26

    with pytest.raises(CommandError, match="ไม่ใช่ปี 2574"):
        call_command("import_criteria", str(path), "--year", "2574")
    confirmed = tmp_path / "2566.json"
    call_command("export_criteria", "2566", "-o", str(confirmed), stdout=io.StringIO())
    with pytest.raises(CommandError, match="เกณฑ์ปี 2566 ยืนยันแล้ว"):
        call_command("import_criteria", str(confirmed))
    with pytest.raises(CommandError, match="ไม่มีเกณฑ์ของปี 2599"):
        call_command("export_criteria", "2599")


# --- what officers see -------------------------------------------------------------


def test_officer_sees_the_draft_notice_on_a_draft_years_pages(client, demo, login):
    login("demo_officer")
    code = demo["agency"].code
    notice = "เกณฑ์ปี 2569 ยังเป็นฉบับร่าง"
    for name in ("measures:measure_list", "measures:readiness_board", "reports:report_index"):
        html = client.get(reverse(name, args=[code, 2569])).content.decode()
        assert notice in html, name
        assert html.count("data-draft-criteria") == 1, name
    confirmed = client.get(reverse("measures:measure_list", args=[code, 2566])).content.decode()
    assert "data-draft-criteria" not in confirmed
    # A year not in the database at all is not a page: 404, not an empty draft.
    assert client.get(reverse("measures:measure_list", args=[code, 2575])).status_code == 404


# --- shipped data -------------------------------------------------------------------


def test_2569_is_a_draft_of_26_items_loaded_like_the_other_years():
    year = AssessmentYear.objects.get(year=2569)
    assert year.status == CriteriaStatus.DRAFT
    items = dict(year.oit_items.values_list("number", "title"))
    assert sorted(items) == list(range(1, 27))
    assert items[25] == "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"
    assert items[26] == "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    assert year.oit_items.get(number=25).requirement
    assert Path("fixtures/criteria/criteria_2569.json").exists()


def test_2566_requirement_texts_from_the_fact_sheet():
    texts = dict(
        OITItem.objects.filter(year__year=2566).exclude(requirement="")
        .values_list("number", "requirement")
    )
    assert sorted(texts) == [31, 32, 33, 39, 40, 41, 42, 43]
    assert "พ.ศ. 2566" in texts[33]
    assert "(4)" in texts[42] and "ผู้รับผิดชอบ" in texts[42]
    assert "…" not in texts[31]  # written out, not a clipped quotation


def test_the_migration_fills_the_same_texts_as_the_fixtures():
    migration = importlib.import_module("assessments.migrations.0004_oit_requirement_texts")
    for year, texts in migration.TEXTS.items():
        stored = dict(
            OITItem.objects.filter(year__year=year, number__in=texts)
            .values_list("number", "requirement")
        )
        assert stored == texts


def test_the_migration_fills_empty_and_old_texts_but_keeps_an_admins(django_user_model):
    from django.apps import apps

    migration = importlib.import_module("assessments.migrations.0004_oit_requirement_texts")
    OITItem.objects.filter(year__year=2566, number=31).update(
        requirement=migration.SHIPPED_BEFORE[(2566, 31)]
    )
    OITItem.objects.filter(year__year=2566, number=32).update(requirement="")
    OITItem.objects.filter(year__year=2566, number=33).update(requirement="ของผู้ดูแลระบบ")
    migration.fill(apps, None)
    stored = dict(
        OITItem.objects.filter(year__year=2566, number__in=[31, 32, 33])
        .values_list("number", "requirement")
    )
    assert stored[31] == migration.TEXTS[2566][31]
    assert stored[32] == migration.TEXTS[2566][32]
    assert stored[33] == "ของผู้ดูแลระบบ"


# --- bad input to the new forms ------------------------------------------------------

ENGLISH = re.compile(
    r"Ensure this|Null characters|is not a valid|Enter a |Select a valid|This field"
)
HUGE_YEAR = b'{"format": "ita-portal-criteria", "format_version": 1, "year": 1' + b"0" * 5000


@pytest.mark.parametrize("typed", ["", "abc", "²๐๒๗", "9" * 60, "-2570", "2570.5"])
def test_copy_form_refuses_bad_years_in_thai(admin_client, typed):
    source = AssessmentYear.objects.get(year=2569)
    before = criteria_counts()
    response = admin_client.post(
        reverse("admin:assessments_assessmentyear_copy", args=[source.pk]), {"year": typed}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "ปีงบประมาณ" in html and 'class="errorlist' in html
    assert not ENGLISH.search(html)
    assert criteria_counts() == before


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("c.csv", b"year,2570", "ไม่ใช่ไฟล์เกณฑ์"),
        ("c.json", b"\xff\xfe not utf-8", "ไม่ใช่ไฟล์เกณฑ์"),
        ("c.json", b"[" * 100_000 + b"]" * 100_000, "ไม่ใช่ไฟล์เกณฑ์"),
        ("c.json", HUGE_YEAR + b"}", "ไม่ใช่ไฟล์เกณฑ์"),
        ("c.xlsx", b"PK\x03\x04 broken zip", "ไม่ใช่ไฟล์เกณฑ์"),
    ],
)
def test_import_view_refuses_foreign_files_in_thai(admin_client, name, raw, message):
    before = criteria_counts()
    response = admin_client.post(
        reverse("admin:assessments_assessmentyear_import"),
        {"file": SimpleUploadedFile(name, raw)},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and not ENGLISH.search(html)
    assert criteria_counts() == before


def test_import_refuses_superscript_and_odd_numbers():
    before = criteria_counts()
    messages = refused_messages(
        json_file(
            _set(("oit_items", 0, "number"), "²"),
            _set(("tools", 0, "weight"), "NaN"),
            _set(("grade_bands", 0, "min_score"), "1e400"),
            _set(("rating_bands", 0, "order"), True),
        )
    )
    assert any("ลำดับข้อ OIT ต้องเป็นจำนวนเต็ม" in m for m in messages)
    assert any("น้ำหนัก ต้องเป็นตัวเลข 0–100" in m for m in messages)
    assert any("คะแนนตั้งแต่ ต้องเป็นตัวเลข 0–100" in m for m in messages)
    assert any("ลำดับการพิจารณา ต้องเป็นจำนวนเต็ม" in m for m in messages)
    assert criteria_counts() == before


def test_import_reads_thai_digits_in_numbers(superuser):
    document = json_file(
        _set(("oit_items", 0, "number"), "O๑"), lambda d: d["year"].update(year="๒๕๗๒")
    )
    raw = json.dumps(document, ensure_ascii=False).encode()
    year, created = criteria_import(parse_criteria_file(raw, "c.json"), acting_user=superuser)
    assert (year.year, created) == (2572, True)
    assert year.oit_items.filter(number=1).exists()


def test_import_page_ignores_an_unreadable_year_in_the_address(admin_client):
    url = reverse("admin:assessments_assessmentyear_import")
    assert admin_client.get(url, {"year": "²x"}).status_code == 200


def test_a_draft_year_agencies_use_cannot_be_deleted(admin_client, demo):
    draft = AssessmentYear.objects.get(year=2569)
    OITItemReadiness.objects.create(agency=demo["agency"], item=draft.oit_items.get(number=7))
    response = admin_client.post(
        reverse("admin:assessments_assessmentyear_delete", args=[draft.pk]), {"post": "yes"}
    )
    assert "ปี 2569 ข้อ O7: หน่วยงานใช้แล้ว (ความพร้อมข้อ OIT)" in response.content.decode()
    assert AssessmentYear.objects.filter(year=2569).exists()
    assert OITItemReadiness.objects.filter(item__year=draft).count() == 1

    unused = assessment_year_copy(draft, year=2570, acting_user=None)
    admin_client.post(
        reverse("admin:assessments_assessmentyear_delete", args=[unused.pk]), {"post": "yes"}
    )
    assert not AssessmentYear.objects.filter(year=2570).exists()
