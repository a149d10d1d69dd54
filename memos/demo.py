"""The demo agency's chain and memos (manage.py seed_demo, after its issued documents):
one memo approved by นายก, one waiting at ปลัด."""

from django.contrib.auth import get_user_model
from django.db import transaction

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from memos.documents import memo_defaults
from memos.models import ChainStep, Memo
from memos.selectors import current_step
from memos.services import (
    chain_save,
    default_chain,
    memo_create,
    memo_decide,
    memo_forward,
    memo_submit,
)


def seed_demo_memos() -> int:
    """Set the demo agency's chain and walk two memos through it, once; returns how many."""
    agency = Agency.objects.get(code="thung-ruang-thong")
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo_")}
    with transaction.atomic():
        if not ChainStep.objects.filter(agency=agency).exists():
            chain_save(agency, default_chain(agency), acting_user=users["demo_agency_admin"])
        if Memo.objects.filter(agency=agency).exists():
            return 0
    made = 0
    officer = users["demo_officer"]
    for year_number, kind, stop_at in ((2566, "analysis", None), (2567, "plan", "demo_palad")):
        year = AssessmentYear.objects.filter(year=year_number).first()
        if year is None:
            continue
        memo = memo_create(
            agency=agency, year=year, report_kind=kind, acting_user=officer,
            **memo_defaults(agency, year, kind, "", officer),
        )
        memo = memo_submit(memo, acting_user=officer)
        for username in ("demo_head", "demo_palad", "demo_mayor"):
            if username == stop_at:
                break
            step = current_step(Memo.objects.get(pk=memo.pk))
            actor = users[username]
            if username == "demo_mayor":
                memo = memo_decide(memo, acting_user=actor, step_id=step.pk, choice="อนุมัติ",
                                   note="อนุมัติ และให้เผยแพร่บนเว็บไซต์")
            else:
                memo = memo_forward(memo, acting_user=actor, step_id=step.pk,
                                    choice="เพื่อโปรดพิจารณาอนุมัติ", note="เห็นควรอนุมัติ")
        made += 1
    return made
