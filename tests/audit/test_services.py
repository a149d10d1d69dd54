"""Every write service records exactly one audit event, in the transaction of the write,
and refuses read-only roles and other agencies without changing a row."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from assessments.models import AssessmentYear, CriteriaStatus
from assessments.services import assessment_year_confirm
from ita_portal.audit.actions import ACTION_LABELS, Action, action_label
from ita_portal.audit.models import AuditEvent
from ita_portal.audit.services import audit_record
from measures.models import IndicatorPlan, Measure, MeasureStatus
from measures.services import MeasureInput, measure_create, measure_set_status
from reports.ita_json import dumps, export_agency_year, import_agency_year, validate
from tests.audit.conftest import AUDIT_RECORD_IN, WRITES, table_rows, user

pytestmark = pytest.mark.django_db


def new_events(since: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=since).order_by("pk"))


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.parametrize("name", WRITES)
def test_each_write_records_one_event_of_its_actor_action_and_agency(scene, name):
    action, write = WRITES[name]
    officer = user("demo_officer")
    since = last_event_id()
    write(scene, officer)
    (event,) = new_events(since)
    assert event.action == action
    assert event.actor == officer
    assert event.agency == scene.agency
    assert event.summary
    assert ACTION_LABELS[event.action] != event.action  # a Thai label to show


@pytest.mark.parametrize("name", WRITES)
def test_the_event_is_written_in_the_transaction_of_the_write(scene, name, monkeypatch):
    """If recording the event fails, the change it records is undone with it."""
    _action, write = WRITES[name]
    before = table_rows()

    def fail(**kwargs):
        raise RuntimeError("audit table unavailable")

    module = AUDIT_RECORD_IN.get(name, "measures.services")
    monkeypatch.setattr(f"{module}.audit_record", fail)
    with pytest.raises(RuntimeError):
        write(scene, user("demo_officer"))
    assert table_rows() == before


READ_ONLY_OR_OUTSIDERS = ["demo_palad", "demo_mayor", "demo_officer_b"]
REFUSED = [
    "measure_create",
    "measure_update",
    "measure_set_status",
    "measure_delete",
    "measure_move",
    "evidence_add",
    "round_take",
    "suggestion_add",
    "measures_copy_from_last_year",
    "measures_from_suggestions",
    "import_measures",
    "result_save",
    "readiness_save",
    "indicator_plan_save",
    "report_preference_save",
]


@pytest.mark.parametrize("username", READ_ONLY_OR_OUTSIDERS)
@pytest.mark.parametrize("name", REFUSED)
def test_read_only_roles_and_other_agencies_are_refused_and_change_nothing(
    scene, name, username
):
    _action, write = WRITES[name]
    before = table_rows()
    with pytest.raises(PermissionDenied):
        write(scene, user(username))
    assert table_rows() == before


def test_a_refused_save_records_nothing(scene):
    before = table_rows()
    with pytest.raises(ValidationError):
        measure_create(
            agency=scene.agency,
            year=scene.year(2567),
            data=MeasureInput(values={"title": "   "}),
            acting_user=user("demo_officer"),
        )
    with pytest.raises(ValidationError):
        measure_set_status(scene.measure, status="finished", acting_user=user("demo_officer"))
    assert table_rows() == before


def test_events_say_what_changed(scene):
    officer = user("demo_officer")
    since = last_event_id()
    measure_set_status(scene.measure, status=MeasureStatus.DONE, acting_user=officer)
    (event,) = new_events(since)
    assert event.before == {"status": "not_started"} and event.after == {"status": "done"}
    assert event.object_type == "measure" and event.object_id == str(scene.measure.pk)
    assert "ยังไม่ได้ดำเนินการ → ดำเนินการแล้วเสร็จ" in event.summary

    _action, update = WRITES["measure_update"]
    scene.measure.refresh_from_db()
    since = last_event_id()
    update(scene, officer)
    (event,) = new_events(since)
    assert event.before == {
        "title": "ตรวจสอบและเผยแพร่ข้อมูลตามเกณฑ์ OIT ให้ครบก่อนกำหนดส่ง ITAS",
        "tool": "OIT",
        "indicators": [9],
    }
    assert event.after == {"title": "ชื่อมาตรการที่แก้แล้ว", "tool": "EIT", "indicators": []}

    _action, preference = WRITES["report_preference_save"]
    since = last_event_id()
    preference(scene, officer)
    (event,) = new_events(since)
    assert event.before == {
        "progress_layout": "by_indicator",
        "thai_digits": True,
        "with_cover": True,
    }
    assert event.after == {"progress_layout": "numbered", "thai_digits": False, "with_cover": False}


def test_ticking_the_status_a_measure_has_records_nothing(scene):
    since = last_event_id()
    measure_set_status(scene.measure, status=scene.measure.status, acting_user=user("demo_officer"))
    assert new_events(since) == []


def test_copy_and_import_are_one_event_however_many_measures(scene):
    _action, copy = WRITES["measures_copy_from_last_year"]
    since = last_event_id()
    created = copy(scene, user("demo_officer"))
    assert len(created) == 4
    (event,) = new_events(since)
    assert event.after["orders"] == [1, 2, 3, 4]
    assert Measure.objects.filter(agency=scene.agency, year__year=2568).count() == 4


def test_a_delete_that_fails_after_its_event_leaves_neither(scene, monkeypatch):
    """measure_delete records the event first (while the measure has its id)."""
    _action, delete = WRITES["measure_delete"]
    before = table_rows()

    def fail(*args):
        raise RuntimeError("renumbering failed")

    monkeypatch.setattr("measures.services._renumber", fail)
    with pytest.raises(RuntimeError):
        delete(scene, user("demo_officer"))
    assert table_rows() == before


def test_confirming_criteria_is_recorded_without_an_agency(db):
    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", "x")
    draft = AssessmentYear.objects.get(year=2568)
    since = last_event_id()
    assessment_year_confirm(draft, acting_user=admin)
    (event,) = new_events(since)
    assert (event.action, event.actor, event.agency) == (Action.CRITERIA_CONFIRM, admin, None)
    assert event.before == {"status": CriteriaStatus.DRAFT}
    assert event.after == {"status": CriteriaStatus.CONFIRMED}


def test_audit_record_refuses_to_run_outside_a_transaction(scene):
    # pytest-django wraps each test in a transaction; leave it to see the guard.
    connection = transaction.get_connection()
    atomic = connection.in_atomic_block
    connection.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError, match="inside the transaction"):
            audit_record(actor=None, action=Action.MEASURE_CREATE, agency=scene.agency)
    finally:
        connection.in_atomic_block = atomic


def test_unknown_actions_show_their_code():
    assert action_label("measure.create") == "เพิ่มมาตรการ"
    assert action_label("something.new") == "something.new"


class TestItaImport:
    def exported(self, demo, year=2566) -> str:
        text = dumps(export_agency_year(demo["agency"], year))
        AuditEvent.objects.all().delete()
        for agency in type(demo["agency"]).objects.all():
            agency.delete()
        return text

    def test_one_event_per_imported_agency_year_by_the_system(self, demo):
        plan, errors = validate(json.loads(self.exported(demo)))
        assert errors == []
        agency = import_agency_year(plan, source="trt-2566.json")
        (event,) = AuditEvent.objects.all()
        assert (event.action, event.actor, event.agency) == (Action.ITA_IMPORT, None, agency)
        assert "trt-2566.json" in event.summary and "ปี 2566" in event.summary
        assert event.after["new_agency"] is True and event.after["result"] is True

    def test_the_command_names_the_user_given_with_by(self, demo, tmp_path, capsys):
        path = tmp_path / "trt-2566.json"
        path.write_text(self.exported(demo), encoding="utf-8")
        call_command("import_ita", str(path), "--by", "demo_admin")
        (event,) = AuditEvent.objects.all()
        assert event.actor == user("demo_admin") and event.action == Action.ITA_IMPORT
        assert event.agency.code == "thung-ruang-thong"

    def test_an_unknown_user_stops_the_command_before_anything_is_written(
        self, demo, tmp_path
    ):
        path = tmp_path / "trt-2566.json"
        path.write_text(self.exported(demo), encoding="utf-8")
        before = table_rows()
        with pytest.raises(CommandError, match="ไม่พบผู้ใช้ชื่อ"):
            call_command("import_ita", str(path), "--by", "nobody")
        assert table_rows() == before

    def test_a_failed_import_leaves_no_event(self, demo, monkeypatch):
        data = json.loads(self.exported(demo))
        data["indicator_plans"] = [
            {"indicator": 1, "approach": "", "units": [], "period_text": "", "progress": "done"}
        ]
        plan, errors = validate(data)
        assert errors == []

        def boom(**kwargs):
            raise RuntimeError("disk full")

        monkeypatch.setattr(IndicatorPlan.objects, "create", boom)
        with pytest.raises(RuntimeError):
            import_agency_year(plan, acting_user=user("demo_admin"))
        assert not AuditEvent.objects.exists()
