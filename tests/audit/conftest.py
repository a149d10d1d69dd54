"""The write services of the portal, each as one call that changes something, so the audit
tests can run every one of them as different people."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from assessments.models import (
    AssessmentResult,
    AssessmentYear,
    IndicatorScore,
    OITItemScore,
)
from assessments.services import ResultInput, result_save
from ita_portal.agencies.models import Agency
from ita_portal.audit.actions import Action
from ita_portal.audit.models import AuditEvent
from measures.exchange import ParsedMeasure, import_measures
from measures.models import (
    IndicatorPlan,
    Measure,
    MeasureEvidence,
    MeasureStatus,
    MeasureSuggestion,
    OITItemReadiness,
    Progress,
    ProgressRound,
    RoundEntry,
)
from measures.readiness import indicator_plan_save, readiness_save
from measures.services import (
    MeasureInput,
    evidence_add,
    measure_create,
    measure_delete,
    measure_move,
    measure_set_status,
    measure_update,
    measures_copy_from_last_year,
    measures_from_suggestions,
    round_take,
    suggestion_add,
)
from reports.models import ReportPreference
from reports.services import report_preference_save

# Every table a write service touches; "nothing changed" compares all their rows.
TABLES = (
    Measure,
    Measure.history.model,
    MeasureEvidence,
    MeasureSuggestion,
    ProgressRound,
    RoundEntry,
    OITItemReadiness,
    IndicatorPlan,
    AssessmentResult,
    IndicatorScore,
    OITItemScore,
    ReportPreference,
    AssessmentYear,
    AuditEvent,
)


def table_rows() -> dict[str, list[dict]]:
    """Every row of every table the services write, to compare before and after."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in TABLES}


def user(username: str):
    return get_user_model().objects.get(username=username)


@dataclass
class Scene:
    """The demo agency and the objects the write services act on."""

    agency: Agency
    measure: Measure  # the demo's 2567 measure no. 3, not started
    suggestion: MeasureSuggestion

    @staticmethod
    def year(number: int) -> AssessmentYear:
        return AssessmentYear.objects.get(year=number)


@pytest.fixture
def scene(demo) -> Scene:
    agency = demo["agency"]
    return Scene(
        agency=agency,
        measure=Measure.objects.select_related("agency", "year").get(
            agency=agency, year__year=2567, order=3
        ),
        suggestion=MeasureSuggestion.objects.create(
            indicator_number=7, title="ข้อเสนอทดสอบ", steps="ขั้นตอน"
        ),
    )


def _result_2566(s: Scene, u):
    current = AssessmentResult.objects.get(agency=s.agency, year__year=2566)
    return result_save(
        agency=s.agency,
        year=s.year(2566),
        data=ResultInput(tools={"iit": Decimal("90.00"), "eit": Decimal("91.00")}),
        acting_user=u,
        expected_version=current.version,
    )


# name → (action recorded, the call as user u)
WRITES: dict[str, tuple[str, Callable]] = {
    "result_save": (Action.RESULT_SAVE, _result_2566),
    "measure_create": (
        Action.MEASURE_CREATE,
        lambda s, u: measure_create(
            agency=s.agency,
            year=s.year(2567),
            data=MeasureInput(values={"title": "มาตรการใหม่ของการทดสอบ"}),
            acting_user=u,
        ),
    ),
    "measure_update": (
        Action.MEASURE_UPDATE,
        lambda s, u: measure_update(
            s.measure,
            data=MeasureInput(values={"title": "ชื่อมาตรการที่แก้แล้ว", "tool": "EIT"}),
            acting_user=u,
            expected_version=s.measure.version,
        ),
    ),
    "measure_set_status": (
        Action.MEASURE_STATUS,
        lambda s, u: measure_set_status(s.measure, status=MeasureStatus.DONE, acting_user=u),
    ),
    "measure_delete": (
        Action.MEASURE_DELETE,
        lambda s, u: measure_delete(s.measure, acting_user=u),
    ),
    "measure_move": (
        Action.MEASURE_MOVE,
        lambda s, u: measure_move(s.measure, direction=-1, acting_user=u),
    ),
    "measures_copy_from_last_year": (
        Action.MEASURE_COPY,
        lambda s, u: measures_copy_from_last_year(
            agency=s.agency, year=s.year(2568), acting_user=u
        ),
    ),
    "measures_from_suggestions": (
        Action.MEASURE_FROM_SUGGESTIONS,
        lambda s, u: measures_from_suggestions(
            agency=s.agency, year=s.year(2567), suggestions=[s.suggestion], acting_user=u
        ),
    ),
    "suggestion_add": (
        Action.SUGGESTION_ADD,
        lambda s, u: suggestion_add(
            agency=s.agency,
            indicator_number=9,
            title="ข้อเสนอของหน่วยงาน",
            steps="",
            acting_user=u,
        ),
    ),
    "round_take": (
        Action.ROUND_TAKE,
        lambda s, u: round_take(agency=s.agency, year=s.year(2567), kind="6m", acting_user=u),
    ),
    "evidence_add": (
        Action.EVIDENCE_ADD,
        lambda s, u: evidence_add(
            s.measure,
            title="หน้าเว็บไซต์",
            url="https://example.go.th/evidence",
            file=None,
            acting_user=u,
        ),
    ),
    "import_measures": (
        Action.MEASURE_IMPORT,
        lambda s, u: import_measures(
            s.agency,
            s.year(2567),
            [
                ParsedMeasure(row=2, order=3, data=MeasureInput(values={"title": "จากไฟล์"})),
                ParsedMeasure(row=3, order=None, data=MeasureInput(values={"title": "ใหม่"})),
            ],
            acting_user=u,
        ),
    ),
    "readiness_save": (
        Action.READINESS_SAVE,
        lambda s, u: readiness_save(
            s.agency,
            s.year(2567).oit_items.get(number=5),
            units=list(s.agency.units.filter(name="กองช่าง")),
            url="https://example.go.th/oit/5",
            progress=Progress.DONE,
            note="ตรวจแล้ว",
            acting_user=u,
        ),
    ),
    "indicator_plan_save": (
        Action.INDICATOR_PLAN_SAVE,
        lambda s, u: indicator_plan_save(
            s.agency,
            s.year(2567).indicators.get(number=7),
            approach="จัดอบรม",
            units=[],
            period_text="ไตรมาส 2",
            progress=Progress.DONE,
            acting_user=u,
        ),
    ),
    "report_preference_save": (
        Action.REPORT_PREFERENCE_SAVE,
        lambda s, u: report_preference_save(
            s.agency, progress_layout="numbered", thai_digits=False, with_cover=False, acting_user=u
        ),
    ),
}

# Where each service module looks up audit_record (to make it fail inside the write).
AUDIT_RECORD_IN = {
    "result_save": "assessments.services",
    "report_preference_save": "reports.services",
    "readiness_save": "measures.readiness",
    "indicator_plan_save": "measures.readiness",
    "import_measures": "measures.exchange",
}
