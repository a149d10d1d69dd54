"""Mail sent after a memo's action commits: to the next holders, or back to the author.

Each function reloads what it needs by id (it runs after commit, possibly later than the
request) and skips people without an e-mail address.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from memos.models import ApprovalStep, Memo
from memos.selectors import step_holders


def _link(memo: Memo) -> str:
    path = reverse("memos:memo_detail", kwargs={"code": memo.agency.code, "pk": memo.pk})
    return settings.PORTAL_URL.rstrip("/") + path


def _send(subject: str, body: str, users) -> None:
    recipients = [u.email for u in users if u.email]
    if recipients:
        send_mail(subject, body, None, recipients, fail_silently=False)


def step_waiting(memo_id: int, step_id: int) -> None:
    memo = Memo.objects.select_related("agency").get(pk=memo_id)
    step = ApprovalStep.objects.get(pk=step_id)
    holders = [u for u in step_holders(step, memo.agency) if u.pk != memo.author_id]
    _send(
        f"[ITA] บันทึกข้อความรอพิจารณา: {memo.subject}",
        f"เรียน ผู้พิจารณา\n\nบันทึกข้อความ เรื่อง {memo.subject} ของ{memo.agency.name}"
        f" รอ{step.heading}\nเปิดอ่านและพิจารณาได้ที่ {_link(memo)}\n",
        holders,
    )


def memo_returned(memo_id: int) -> None:
    memo = Memo.objects.select_related("agency", "author").get(pk=memo_id)
    _send(
        f"[ITA] บันทึกข้อความถูกส่งคืนให้แก้ไข: {memo.subject}",
        f"บันทึกข้อความ เรื่อง {memo.subject} ถูกส่งคืนให้แก้ไข\nเหตุผล: {memo.return_reason}\n"
        f"แก้ไขและเสนอใหม่ได้ที่ {_link(memo)}\n",
        [memo.author] if memo.author else [],
    )


def memo_decided(memo_id: int) -> None:
    memo = Memo.objects.select_related("agency", "author").get(pk=memo_id)
    _send(
        f"[ITA] บันทึกข้อความได้รับการสั่งการแล้ว ({memo.decision}): {memo.subject}",
        f"บันทึกข้อความ เรื่อง {memo.subject} ได้รับการสั่งการ “{memo.decision}” แล้ว"
        f" เลขที่ {memo.number}/{memo.year.year}\nดูได้ที่ {_link(memo)}\n",
        [memo.author] if memo.author else [],
    )
