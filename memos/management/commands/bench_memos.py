"""Time each memo action and the memo PDF on this database, then roll everything back.

    manage.py bench_memos --count 20      # needs the demo data (manage.py seed_demo)

Prints the median and worst time and the number of SQL queries of submit, opinion and
decision (the decision re-builds the report to check it is unchanged), and the time to
render one memo PDF. Nothing is kept: the whole run is one transaction rolled back.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from ita_portal.documents.rendering import render_payload
from memos.documents import memo_defaults, memo_payload
from memos.models import Memo
from memos.selectors import current_step
from memos.services import (
    chain_save,
    default_chain,
    memo_create,
    memo_decide,
    memo_forward,
    memo_submit,
)


class Command(BaseCommand):
    help = "วัดเวลาการเสนอ ให้ความเห็น สั่งการ และสร้าง PDF ของบันทึกข้อความ (ไม่เก็บข้อมูล)"

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=20)
        parser.add_argument("--agency", default="thung-ruang-thong")
        parser.add_argument("--year", type=int, default=2567)

    def handle(self, *args, count, agency, year, **options):
        found = Agency.objects.filter(code=agency).first()
        criteria = AssessmentYear.objects.filter(year=year).first()
        if found is None or criteria is None:
            raise CommandError("ไม่พบหน่วยงานหรือปี: สร้างข้อมูลตัวอย่างก่อน (manage.py seed_demo)")
        users = {
            u.username: u for u in get_user_model().objects.filter(username__startswith="demo_")
        }
        timings: dict[str, list[tuple[float, int]]] = {}

        def timed(label, work):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                result = work()
                elapsed = time.perf_counter() - start
            timings.setdefault(label, []).append((elapsed, len(queries)))
            return result

        with transaction.atomic():
            chain_save(found, default_chain(found), acting_user=users["demo_agency_admin"])
            officer = users["demo_officer"]
            fields = memo_defaults(found, criteria, "plan", "", officer)
            last = None
            for _ in range(count):
                memo = memo_create(agency=found, year=criteria, report_kind="plan",
                                   acting_user=officer, **fields)
                memo = timed("เสนอ (submit)", lambda m=memo: memo_submit(m, acting_user=officer))
                for username in ("demo_head", "demo_palad"):
                    step = current_step(Memo.objects.get(pk=memo.pk))
                    timed("ความเห็น (forward)", lambda s=step, u=username, m=memo: memo_forward(
                        m, acting_user=users[u], step_id=s.pk, choice="เพื่อโปรดพิจารณาอนุมัติ"))
                step = current_step(Memo.objects.get(pk=memo.pk))
                last = timed("สั่งการ (decide)", lambda s=step, m=memo: memo_decide(
                    m, acting_user=users["demo_mayor"], step_id=s.pk, choice="อนุมัติ"))
            payload = memo_payload(Memo.objects.get(pk=last.pk))
            renders = []
            for _ in range(3):
                start = time.perf_counter()
                pdf = render_payload(payload)
                renders.append(time.perf_counter() - start)
            transaction.set_rollback(True)

        for label, rows in timings.items():
            times = [t for t, _q in rows]
            queries = sorted({q for _t, q in rows})
            self.stdout.write(
                f"{label:<22} n={len(rows):>3}  median {statistics.median(times) * 1000:7.1f} ms"
                f"  worst {max(times) * 1000:7.1f} ms  queries {queries}"
            )
        self.stdout.write(
            f"{'PDF บันทึกข้อความ':<22} {pdf.page_count} หน้า  median "
            f"{statistics.median(renders) * 1000:7.1f} ms  ({len(pdf.content):,} ไบต์)"
        )
