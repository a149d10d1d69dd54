"""Rendering issued documents: identical bytes, the task, failures and retries."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ita_portal.documents import renderer, services
from ita_portal.documents.models import IssuedDocument
from ita_portal.documents.renderer import document_render
from ita_portal.documents.rendering import render_payload
from ita_portal.documents.services import document_retry
from measures.models import Measure

pytestmark = pytest.mark.django_db


def test_same_payload_and_issue_time_give_identical_bytes(issue):
    document = issue("progress", layout="numbered")
    at = document.issued_at
    first = render_payload(document.payload, issued_at=at, identifier="x:1")
    second = render_payload(document.payload, issued_at=at, identifier="x:1")
    assert first.content == second.content
    assert first.content.startswith(b"%PDF")
    later = render_payload(document.payload, issued_at=at + timezone.timedelta(seconds=1),
                           identifier="x:1")
    assert later.content != first.content  # the dates come from the issue, not the clock


def test_rendered_file_is_stored_once_and_re_renders_to_the_same_sha(issue, agency):
    document = document_render(issue("plan").pk)
    assert document.status == "ready"
    stored = document.file.read()
    assert hashlib.sha256(stored).hexdigest() == document.sha256
    assert document.size == len(stored) and document.page_count >= 2
    # Live data changes; the issued document does not.
    Measure.objects.filter(agency=agency).update(title="แก้หลังออกเอกสาร")
    assert document_render(document.pk).sha256 == document.sha256
    same, sha = renderer.document_verify(IssuedDocument.objects.get(pk=document.pk))
    assert same and sha == document.sha256


def test_issuing_enqueues_the_render_after_commit(issue, django_capture_on_commit_callbacks,
                                                  monkeypatch):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        document = issue("plan")
    assert len(callbacks) == 1
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [document.pk]
    # A database worker (in this process) takes it from the queue. It would close the
    # connection that holds this test's transaction between tasks; not here.
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0",
                 stdout=io.StringIO(), stderr=io.StringIO())
    assert IssuedDocument.objects.get(pk=document.pk).status == "ready"


def test_immediate_backend_renders_in_the_request(settings, issue,
                                                  django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        document = issue("plan")
    assert IssuedDocument.objects.get(pk=document.pk).status == "ready"


def test_a_failed_render_keeps_the_data_says_why_and_can_be_retried(issue, officer,
                                                                    monkeypatch):
    document = issue("plan")

    def broken(*args, **kwargs):
        raise OSError("ไม่พบแบบอักษร Sarabun")

    monkeypatch.setattr(renderer, "render_payload", broken)
    failed = document_render(document.pk)
    assert failed.status == "failed"
    assert "ไม่พบแบบอักษร" in failed.failure_reason
    assert failed.payload == document.payload and not failed.file
    monkeypatch.undo()
    retried = document_retry(failed, acting_user=officer)
    assert retried.status == "queued"
    assert document_render(document.pk).status == "ready"


def test_a_render_lost_with_its_worker_can_be_retried_after_a_while(issue, officer):
    document = issue("plan")
    IssuedDocument.objects.filter(pk=document.pk).update(
        status="rendering", render_started_at=timezone.now()
    )
    with pytest.raises(Exception, match="ไม่ได้อยู่ในสถานะ"):
        document_retry(IssuedDocument.objects.get(pk=document.pk), acting_user=officer)
    IssuedDocument.objects.filter(pk=document.pk).update(
        render_started_at=timezone.now() - services.STALE_RENDER * 2
    )
    assert document_retry(IssuedDocument.objects.get(pk=document.pk),
                          acting_user=officer).status == "queued"


def test_verify_documents_counts_and_fails_on_a_changed_file(issue, documents_storage):
    document = document_render(issue("plan").pk)
    out = io.StringIO()
    call_command("verify_documents", stdout=out)
    assert "ตรวจ 1 ฉบับ ตรงกัน 1 ไม่ตรง 0" in out.getvalue()
    path = documents_storage.path(document.file.name)
    with open(path, "r+b") as handle:  # someone edits the stored file
        handle.seek(-20, 2)
        handle.write(b"%tampered%")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_documents", stdout=io.StringIO(), stderr=err)
    assert f"id {document.pk}" in err.getvalue()


def test_issue_document_command_prints_the_sha256(demo):
    out = io.StringIO()
    call_command("issue_document", agency="thung-ruang-thong", year=2567, kind="progress",
                 layout="by_tool", thai_digits=True, by="demo_officer", stdout=out)
    lines = out.getvalue().splitlines()
    document = IssuedDocument.objects.get()
    assert lines[-1] == document.sha256
    assert len(lines[-1]) == 64 and int(lines[-1], 16) >= 0
    assert f"เลขที่ {document.number}/2567" in out.getvalue()
    with pytest.raises(CommandError, match="ออกเอกสารนี้ไปแล้ว"):
        call_command("issue_document", agency="thung-ruang-thong", year=2567,
                     kind="progress", layout="by_tool", thai_digits=True, by="demo_officer",
                     stdout=io.StringIO())
    with pytest.raises(CommandError, match="ไม่มีสิทธิ์"):
        call_command("issue_document", agency="thung-ruang-thong", year=2567, kind="plan",
                     by="demo_palad", stdout=io.StringIO())
