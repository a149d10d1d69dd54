"""The memo pages as each person sees them, and bad input on every memo form."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Membership, Role
from measures.models import Measure
from memos.documents import memo_defaults
from memos.models import ChainStep, Memo, MemoState, Signature
from memos.selectors import current_step
from memos.services import chain_save, default_chain, memo_create, memo_forward, memo_submit

pytestmark = pytest.mark.django_db
CODE = "thung-ruang-thong"


@pytest.fixture
def users(demo):
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo_")}
    chain_save(demo["agency"], default_chain(demo["agency"]),
               acting_user=users["demo_agency_admin"])
    return users


@pytest.fixture
def memo(demo, users):
    year = AssessmentYear.objects.get(year=2567)
    officer = users["demo_officer"]
    created = memo_create(agency=demo["agency"], year=year, report_kind="plan",
                          acting_user=officer, **memo_defaults(demo["agency"], year, "plan", "",
                                                               officer))
    return memo_submit(created, acting_user=officer)


def url(name, memo=None, **kwargs):
    if memo is not None:
        kwargs["pk"] = memo.pk
    return reverse(f"memos:{name}", kwargs={"code": CODE, **kwargs})


def test_the_holder_sees_it_waiting_on_the_dashboard_and_can_act(client, memo, users):
    client.force_login(users["demo_head"])
    dashboard = client.get(reverse("agencies:agency_dashboard", args=[CODE])).content.decode()
    assert "รอพิจารณา" in dashboard and memo.subject in dashboard
    page = client.get(url("memo_detail", memo)).content.decode()
    assert "บันทึกความเห็นและเสนอต่อ" in page and "ส่งคืนให้ผู้เสนอแก้ไข" in page
    response = client.post(url("memo_act", memo), {
        "step": current_step(memo).pk, "choice": "เพื่อโปรดพิจารณาอนุมัติ", "note": "เห็นควร",
    })
    assert response.status_code == 302
    assert current_step(Memo.objects.get(pk=memo.pk)).order == 2


def test_the_author_and_the_next_holder_see_no_action(client, memo, users):
    for username in ("demo_officer", "demo_palad"):
        client.force_login(users[username])
        page = client.get(url("memo_detail", memo)).content.decode()
        assert "บันทึกความเห็นและเสนอต่อ" not in page
        assert "รอความเห็นหัวหน้าสำนักปลัด" in page


def test_a_holder_beaten_to_the_step_is_told_and_keeps_what_they_typed(client, memo, users, demo):
    second = get_user_model().objects.create_user("head2", first_name="สอง")
    Membership.objects.create(user=second, agency=demo["agency"], role=Role.HEAD_OF_OFFICE,
                              position_title="หัวหน้าสำนักปลัด")
    seen = current_step(memo).pk
    memo_forward(memo, acting_user=users["demo_head"], step_id=seen, choice="เพื่อโปรดทราบ")
    client.force_login(second)
    response = client.post(url("memo_act", memo), {
        "step": seen, "choice": "อื่น ๆ", "note": "ความเห็นยาวที่พิมพ์ไว้",
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert "มีผู้ดำเนินการไปแล้ว" in page and "ความเห็นยาวที่พิมพ์ไว้" in page
    assert current_step(Memo.objects.get(pk=memo.pk)).order == 2


def test_the_approver_is_shown_what_changed_in_the_report(client, memo, users, demo):
    for username in ("demo_head", "demo_palad"):
        memo_forward(memo, acting_user=users[username], step_id=current_step(
            Memo.objects.get(pk=memo.pk)).pk, choice="เพื่อโปรดพิจารณาอนุมัติ")
    Measure.objects.filter(agency=demo["agency"], year__year=2567).update(status="done")
    client.force_login(users["demo_mayor"])
    page = client.get(url("memo_detail", memo)).content.decode()
    assert "ข้อมูลรายงานเปลี่ยนไปหลังจากเสนอ" in page and "สถานะ" in page
    step = current_step(Memo.objects.get(pk=memo.pk))
    response = client.post(url("memo_act", memo), {"step": step.pk, "choice": "อนุมัติ"})
    assert "จึงยังสั่งการไม่ได้" in response.content.decode()
    assert Memo.objects.get(pk=memo.pk).state == MemoState.IN_REVIEW


def test_a_memo_without_subject_is_refused_and_the_typed_body_stays(client, users):
    client.force_login(users["demo_officer"])
    count = Memo.objects.count()
    response = client.post(url("memo_create", year=2567, kind="plan"), {
        "unit": "สำนักปลัด", "subject": "", "salutation": "นายก", "numbered": "on",
        "facts": "ข้อความที่พิมพ์ไว้ทั้งหมด", "closing": "จึงเรียนมา",
        "proposer_name": "สมศรี", "proposer_position": "นักวิเคราะห์",
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert "กรุณากรอกเรื่อง" in page and "ข้อความที่พิมพ์ไว้ทั้งหมด" in page
    assert Memo.objects.count() == count


@pytest.mark.parametrize("step", ["", "abc", "9" * 40, "-1", "²", "1.5"])
def test_bad_step_ids_are_refused_without_a_server_error(client, memo, users, step):
    client.force_login(users["demo_head"])
    response = client.post(url("memo_act", memo), {"step": step, "choice": "เพื่อโปรดทราบ"})
    assert response.status_code in (200, 403)
    assert current_step(Memo.objects.get(pk=memo.pk)).order == 1


def test_the_chain_page_refuses_a_chain_without_a_decision(client, users, demo):
    client.force_login(users["demo_agency_admin"])
    before = list(ChainStep.objects.values_list("heading", flat=True))
    response = client.post(url("chain_edit"), {
        "steps-TOTAL_FORMS": "1", "steps-INITIAL_FORMS": "0",
        "steps-0-heading": "ความเห็นปลัด", "steps-0-kind": "opinion", "steps-0-role": "palad",
    })
    assert "ขั้นตอนการเสนอต้องมีขั้นตอนสั่งการ" in response.content.decode()
    assert list(ChainStep.objects.values_list("heading", flat=True)) == before


def test_the_chain_page_offers_the_usual_chain_to_a_new_agency(client, users, demo):
    ChainStep.objects.all().delete()
    client.force_login(users["demo_agency_admin"])
    page = client.get(url("chain_edit")).content.decode()
    assert "ความเห็นหัวหน้าสำนักปลัด" in page
    assert "คำสั่งนายกองค์การบริหารส่วนตำบลทุ่งรวงทอง" in page


def test_a_signature_that_is_not_an_image_is_refused(client, users):
    client.force_login(users["demo_mayor"])
    response = client.post(reverse("memos:signature_edit"), {
        "image": SimpleUploadedFile("sig.png", b"not an image", "image/png"),
    })
    assert "ไม่ใช่ภาพ PNG หรือ JPEG" in response.content.decode()
    assert not Signature.objects.exists()


def test_a_draft_pdf_is_marked_draft_and_a_decided_memo_links_its_issued_file(
    client, memo, users
):
    client.force_login(users["demo_officer"])
    response = client.get(url("memo_pdf", memo))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_progress_memo_keeps_the_round_chosen_on_the_reports_page(client, users, demo):
    from measures.models import RoundKind

    client.force_login(users["demo_officer"])
    create = url("memo_create", year=2567, kind="progress") + f"?round={RoundKind.SIX_MONTHS}"
    page = client.get(create).content.decode()
    assert "รอบ 6 เดือน" in page
    response = client.post(create, {
        "unit": "สำนักปลัด", "subject": "รายงานรอบหกเดือน", "salutation": "นายก",
        "numbered": "on", "facts": "ข้อเท็จจริง", "closing": "จึงเรียนมา",
        "proposer_name": "สมศรี", "proposer_position": "นักวิเคราะห์",
    })
    assert response.status_code == 302
    assert Memo.objects.get(subject="รายงานรอบหกเดือน").report_round == RoundKind.SIX_MONTHS
