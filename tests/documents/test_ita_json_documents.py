"""export_ita / import_ita carry issued documents with their payloads and hashes."""

import copy
import json

import pytest
from django.contrib.auth import get_user_model

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Membership, Role
from ita_portal.documents.models import IssuedDocument
from ita_portal.documents.renderer import document_render
from ita_portal.documents.services import document_issue
from measures.models import Measure
from reports.documents import report_payload
from reports.ita_json import dumps, export_agency_year, import_agency_year, validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(issue, agency, year_2567):
    first = document_render(issue("plan").pk)
    Measure.objects.filter(agency=agency, year=year_2567).update(title="มาตรการฉบับแก้ไข")
    second = document_render(issue("plan").pk)
    data = json.loads(dumps(export_agency_year(agency, 2567)))
    return data, first, second


def _as_other_agency(data: dict) -> dict:
    moved = copy.deepcopy(data)
    moved["agency"].update(code="thung-ruang-thong-copy", name="อบต.ทุ่งรวงทอง (สำเนา)")
    return moved


def test_export_carries_payloads_hashes_and_supersession(exported):
    data, first, second = exported
    assert [d["number"] for d in data["documents"]] == [1, 2]
    one, two = data["documents"]
    assert one["payload"] == first.payload and one["payload_sha256"] == first.payload_sha256
    assert one["sha256"] == first.sha256 and two["supersedes"] == 1
    assert one["issued_by"] == "demo_officer"


def test_import_restores_numbers_and_renders_the_same_bytes(
    exported, django_capture_on_commit_callbacks, demo, issue
):
    data, first, second = exported
    plan, errors = validate(_as_other_agency(data))
    assert errors == []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        agency = import_agency_year(plan)
    assert len(callbacks) == 2  # one render each, after commit
    restored = {d.number: d for d in IssuedDocument.objects.filter(agency=agency)}
    for document in restored.values():
        document_render(document.pk)
    one, two = (IssuedDocument.objects.get(pk=restored[n].pk) for n in (1, 2))
    assert (one.status, two.status) == ("ready", "ready")
    assert one.sha256 == first.sha256 and two.sha256 == second.sha256  # identical bytes
    assert one.issued_at == first.issued_at and two.supersedes == one
    assert one.issued_by.username == "demo_officer"
    again = json.loads(dumps(export_agency_year(agency, 2567)))
    assert again["documents"] == data["documents"]


def test_new_documents_are_numbered_after_the_imported_ones(exported, officer):
    data, _, _ = exported
    plan, _ = validate(_as_other_agency(data))
    agency = import_agency_year(plan)
    year = AssessmentYear.objects.get(year=2567)
    Membership.objects.create(user=officer, agency=agency, role=Role.OFFICER)
    officer = get_user_model().objects.get(pk=officer.pk)  # roles are cached per object
    document = document_issue(agency=agency, year=year, kind="progress", variant="numbered",
                              payload=report_payload(agency, year, "progress", layout="numbered"),
                              acting_user=officer)
    assert document.number == 3


def test_a_changed_payload_is_refused_and_nothing_is_written(exported):
    data, _, _ = exported
    tampered = _as_other_agency(data)
    tampered["documents"][0]["payload"]["title"] = "รายงานที่แก้ไขภายหลัง"
    plan, errors = validate(tampered)
    assert plan is None
    assert any("documents[0].payload_sha256" in e and "ถูกแก้ไข" in e for e in errors)
    tampered = _as_other_agency(data)
    tampered["documents"][0]["payload"]["template"] = "admin/base.html"
    _, errors = validate(tampered)
    assert any("documents[0].payload.template" in e for e in errors)
    assert IssuedDocument.objects.count() == 2


def test_a_file_hash_that_the_payload_does_not_render_to_is_not_stored(exported):
    data, _, _ = exported
    other = _as_other_agency(data)
    other["documents"][0]["sha256"] = "0" * 64
    plan, errors = validate(other)
    assert errors == []
    agency = import_agency_year(plan)
    document = document_render(IssuedDocument.objects.get(agency=agency, number=1).pk)
    assert document.status == "failed" and not document.file
    assert "ไม่ตรงกับไฟล์เดิม" in document.failure_reason
