"""The agency's own wording on the readiness board and in measure groups (issue 13,
points 4, 5 and 7): free-text responsible, own requirement texts, own group labels."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessments.models import AssessmentYear, OITItem
from ita_portal.audit.models import AuditEvent
from measures.models import IndicatorPlan, Measure, OITItemReadiness
from measures.readiness import readiness_board
from measures.selectors import group_measures, measures_of
from measures.services import round_take
from reports.documents import report_payload

pytestmark = pytest.mark.django_db

AGENCY = "thung-ruang-thong"


def test_an_items_own_requirement_text_replaces_the_criteria_text(demo, login):
    # 2566's O31 has a requirement text in the criteria; the agency words its own.
    agency = demo["agency"]
    item = OITItem.objects.get(year__year=2566, number=31)
    url = reverse("measures:readiness_item_edit", args=[AGENCY, 2566, 31])
    client = login("demo_officer")
    form = client.get(url).context["form"]
    assert form["requirement_text"].value() == item.requirement  # starts from the criteria

    # The criteria's text saved unchanged is not a text of its own: it follows the criteria.
    client.post(url, {"progress": "done", "requirement_text": f"  {item.requirement}\n"})
    assert OITItemReadiness.objects.get(agency=agency, item=item).requirement_text == ""

    own = "- ประกาศลงนามโดยนายก\n- เผยแพร่บนหน้าแรกของเว็บไซต์"
    response = client.post(url, {"progress": "done", "requirement_text": own,
                                 "responsible_text": "สำนักปลัด / กองคลัง"})
    assert response.status_code == 302
    row = OITItemReadiness.objects.get(agency=agency, item=item)
    assert row.requirement_text == own and row.responsible_text == "สำนักปลัด / กองคลัง"
    event = AuditEvent.objects.filter(action="readiness.save").latest("pk")
    assert event.after == {"requirement_text": own, "responsible_text": "สำนักปลัด / กองคลัง"}

    board = client.get(reverse("measures:readiness_board", args=[AGENCY, 2566])).content.decode()
    assert "องค์ประกอบด้านข้อมูล (ของหน่วยงาน):" in board
    assert "ประกาศลงนามโดยนายก<br>- เผยแพร่บนหน้าแรกของเว็บไซต์" in board
    assert "สำนักปลัด / กองคลัง" in board
    payload = report_payload(agency, item.year, "progress", layout="readiness")
    rows = [r for g in payload["board"]["groups"] for r in g["rows"]]
    printed = [r for r in rows if r["item"]["code"] == "O31"]
    assert printed[0]["item"]["requirement"] == own
    assert printed[0]["responsible_text"] == "สำนักปลัด / กองคลัง"

    # Emptied again: the criteria's text is back.
    client.post(url, {"progress": "done", "requirement_text": ""})
    rows = readiness_board(agency, item.year).rows
    assert next(r for r in rows if r.item.pk == item.pk).requirement == item.requirement


def test_a_plans_responsible_text_keeps_its_separator(demo, login):
    url = reverse("measures:indicator_plan_edit", args=[AGENCY, 2567, 2])
    client = login("demo_officer")
    units = list(demo["agency"].units.filter(name="หน่วยตรวจสอบภายใน").values_list("pk", flat=True))
    client.post(url, {"progress": "done", "approach": "ชี้แจงงบประมาณ", "units": units,
                      "responsible_text": "สำนักปลัด  /  กองคลัง\n\n(งานการเงิน)"})
    plan = IndicatorPlan.objects.get(agency=demo["agency"], indicator__number=2)
    assert plan.responsible_text == "สำนักปลัด / กองคลัง\n(งานการเงิน)"
    board = client.get(reverse("measures:readiness_board", args=[AGENCY, 2567])).content.decode()
    assert "หน่วยตรวจสอบภายใน<br><span" in board and "สำนักปลัด / กองคลัง<br>(งานการเงิน)" in board


def _measures(agency, labels: list[tuple[str, list[int]]]):
    year = AssessmentYear.objects.get(year=2567)
    Measure.objects.filter(agency=agency, year=year).delete()
    for order, (label, numbers) in enumerate(labels, start=1):
        m = Measure.objects.create(agency=agency, year=year, order=order, title=f"ม{order}",
                                   group_label=label, tool="IIT" if numbers else "")
        m.indicators.set(year.indicators.filter(number__in=numbers))
    return year


def test_measures_group_under_their_own_labels(demo):
    agency = demo["agency"]
    year = _measures(agency, [("หัวข้อ ข", [5]), ("", [3]), ("หัวข้อ ก", [1]), ("หัวข้อ ข", [6]),
                              ("", [])])
    groups = group_measures(list(measures_of(agency, year)), by="indicator", year=year)
    assert [(g.label, [m.title for m in g.measures]) for g in groups] == [
        ("หัวข้อ ก", ["ม3"]),
        ("ตัวชี้วัดที่ 3 (การใช้อำนาจ)", ["ม2"]),
        ("หัวข้อ ข", ["ม1", "ม4"]),
        ("ไม่ระบุตัวชี้วัด", ["ม5"]),
    ]
    hidden = group_measures(list(measures_of(agency, year)), by="indicator", year=year,
                            hide_ungrouped=True)
    assert hidden[-1].label == "" and [m.title for m in hidden[-1].measures] == ["ม5"]
    tools = group_measures(list(measures_of(agency, year)), by="tool", year=year,
                           tool_labels={"IIT": "แบบวัดภายใน (IIT)"})
    assert [g.label for g in tools] == ["แบบวัดภายใน (IIT)", "ไม่ระบุเครื่องมือ"]


def test_a_round_keeps_the_group_labels_it_was_taken_with(demo):
    agency = demo["agency"]
    year = _measures(agency, [("หัวข้อของเรา", [1]), ("", [2])])
    round_take(agency=agency, year=year, kind="6m",
               acting_user=get_user_model().objects.get(username="demo_officer"))
    Measure.objects.filter(agency=agency, year=year).update(group_label="เปลี่ยนภายหลัง")
    payload = report_payload(agency, year, "progress", layout="by_indicator", round_kind="6m")
    assert [g["label"] for g in payload["groups"]] == [
        "หัวข้อของเรา", f"ตัวชี้วัดที่ 2 ({year.indicators.get(number=2).name})",
    ]
