"""Benchmark the measure list page on 1,000 measures; prints numbers, asserts nothing.

manage.py bench_measure_list                    # 1,000 measures, 30 requests per case
manage.py bench_measure_list --measures 200 --runs 50

A throwaway agency-year is written in a transaction that is rolled back, so any database
(even the demo one) can be used. Each case is requested through Django's test client (the
whole middleware stack, no network) as a system administrator. Target (issue 13, 2-core
machine): p95 <= 150 ms for the list's first page. The CPU time of the process is printed
too: on a busy machine the wall-clock figures grow, the CPU ones much less.
"""

import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import AssessmentYear, ToolCode
from ita_portal.agencies.models import Agency, AgencyKind, Unit
from measures.models import Measure, MeasureStatus

# As long as the demo agency's measures: a two-line title, three steps.
TITLE = (
    "ส่งเสริมการเปิดเผยข้อมูลการจัดซื้อจัดจ้างและการใช้จ่ายงบประมาณบนเว็บไซต์ของหน่วยงาน "
    "ให้ประชาชนตรวจสอบได้ทุกไตรมาส ข้อ {n}"
)
STEPS = "1. ประชุมชี้แจงบุคลากร\n2. จัดทำแนวปฏิบัติ\n3. รายงานผลต่อนายก"


class Rollback(Exception):
    pass


def _allowed_host() -> str:
    """A host name the settings accept (the test client's 'testserver' is not one)."""
    names = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h and not h.startswith(".")]
    return names[0] if names else "localhost"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Time the measure list of an agency-year with many measures (p50/p95, HTML size)."

    def add_arguments(self, parser):
        parser.add_argument("--measures", type=int, default=1000)
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--year", type=int, default=2567)

    def handle(self, *args, measures, runs, year, **options):
        try:
            with transaction.atomic():
                agency, criteria = self._seed(year, measures)
                client = Client(HTTP_HOST=_allowed_host())
                client.force_login(get_user_model().objects.get(username="bench-list-user"))
                url = reverse("measures:measure_list", args=[agency.code, criteria.year])
                self.stdout.write(f"measure list, {measures} measures, {runs} requests per case")
                for label, query in [
                    ("default (by indicator)", {}),
                    ("status: done", {"status": MeasureStatus.DONE}),
                    ("by tool, page 3", {"group": "tool", "page": 3}),
                    ("in order, no grouping", {"group": "none"}),
                ]:
                    self._case(client, url, label, query, runs)
                raise Rollback
        except Rollback:
            pass

    def _seed(self, year: int, count: int):
        criteria = AssessmentYear.objects.get(year=year)
        agency = Agency.objects.create(
            code="bench-list-agency", name="องค์การบริหารส่วนตำบลทดสอบรายการมาตรการ",
            kind=AgencyKind.SAO, district="เมือง", province="ทดสอบ",
        )
        units = [
            Unit.objects.create(agency=agency, name=name, order=order)
            for order, name in enumerate(["สำนักปลัด", "กองคลัง", "กองช่าง"], start=1)
        ]
        get_user_model().objects.create(
            username="bench-list-user", is_superuser=True, is_staff=True
        )
        indicators = list(criteria.indicators.all())
        items = list(criteria.oit_items.all())
        tools = [*ToolCode.values, ""]
        created = Measure.objects.bulk_create(
            Measure(
                agency=agency, year=criteria, order=n + 1, tool=tools[n % len(tools)],
                title=TITLE.format(n=n + 1), steps=STEPS, period_text="ตุลาคม – กันยายน",
                monitoring="รายงานรอบ 6 เดือน และสิ้นปีงบประมาณ",
                status=MeasureStatus.values[n % 4], summary="ดำเนินการครบทุกขั้นตอน",
                outcome="บุคลากรรับทราบแนวปฏิบัติ", responsible_text="ผู้อำนวยการกอง",
            )
            for n in range(count)
        )
        through = Measure.indicators.through
        through.objects.bulk_create(
            through(measure=m, indicator=indicators[i % len(indicators)])
            for i, m in enumerate(created)
        )
        through = Measure.units.through
        through.objects.bulk_create(
            through(measure=m, unit=units[i % len(units)]) for i, m in enumerate(created)
        )
        if items:
            through = Measure.oit_items.through
            through.objects.bulk_create(
                through(measure=m, oititem=items[i % len(items)])
                for i, m in enumerate(created)
                if i % 3 == 0
            )
        return agency, criteria

    def _case(self, client: Client, url: str, label: str, query: dict, runs: int) -> None:
        client.get(url, query, secure=True)  # warm templates and caches
        times, cpu = [], []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, query, secure=True)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, query, secure=True)

        rows = response.content.count(b'data-measure="')
        self.stdout.write(
            f"  {label:24} p50 {statistics.median(times) * 1000:4.0f} ms   "
            f"p95 {p95(times) * 1000:4.0f} ms   (CPU p50 {statistics.median(cpu) * 1000:4.0f}, "
            f"p95 {p95(cpu) * 1000:4.0f} ms)   "
            f"HTML {len(response.content) / 1e3:5.0f} kB   "
            f"{rows} rows   {len(queries.captured_queries)} queries"
        )
