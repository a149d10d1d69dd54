"""Benchmark the real report templates on generated data; prints numbers, asserts nothing.

manage.py bench_reports                  # typical agency-year: median of 10 renders per report
manage.py bench_reports --stress 1000    # ... and a progress report of 1,000 measures

The data is written in a transaction that is rolled back, so any database (even the demo
one) can be used. Targets (issue 5, 2-core machine): typical <= 1.0 s median;
1,000 measures <= 15 s and <= 400 MB peak RSS.
"""

import statistics
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from assessments.models import AssessmentYear
from assessments.services import ResultInput, result_save
from ita_portal.agencies.models import Agency, AgencyKind, Unit
from ita_portal.pdf.render import render_pdf
from measures.models import Measure, MeasureStatus
from measures.readiness import readiness_save
from reports.documents import report_payload
from reports.management.commands.bench_pdf import page_count, peak_rss_mb

# Texts as long as the demo agency's measures (one to three short lines per cell).
STEPS = "1. ประชุมชี้แจงบุคลากร\n2. จัดทำแนวปฏิบัติ\n3. รายงานผลต่อนายก"


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time every report kind on a typical agency-year, and a 1,000-measure stress report."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=10)
        parser.add_argument("--measures", type=int, default=15)
        parser.add_argument("--stress", type=int, default=0, help="measures in a stress report")
        parser.add_argument("--year", type=int, default=2566)

    def handle(self, *args, runs, measures, stress, year, **options):
        try:
            with transaction.atomic():
                agency, criteria = self._agency_year(year, measures)
                self._typical(agency, criteria, runs)
                if stress:
                    self._add_measures(agency, criteria, stress - measures)
                    self._stress(agency, criteria, stress)
                raise Rollback
        except Rollback:
            pass

    def _agency_year(self, year: int, count: int):
        criteria = AssessmentYear.objects.get(year=year)
        agency = Agency.objects.create(
            code="bench-agency", name="องค์การบริหารส่วนตำบลทดสอบความเร็ว",
            kind=AgencyKind.SAO, district="เมือง", province="ทดสอบ",
        )
        for order, name in enumerate(["สำนักปลัด", "กองคลัง", "กองช่าง"], start=1):
            Unit.objects.create(agency=agency, name=name, order=order)
        self.user = get_user_model().objects.create(username="bench-user", is_superuser=True)
        items = list(criteria.oit_items.all())
        result_save(
            agency=agency, year=criteria, acting_user=self.user, expected_version=None,
            data=ResultInput(
                tools={"iit": Decimal("92.10"), "eit": Decimal("88.40"), "oit": Decimal("81.25"),
                       "eit_part1": Decimal("90.00"), "eit_part2": Decimal("86.80")}
                if criteria.eit_has_parts else
                {"iit": Decimal("92.10"), "eit": Decimal("88.40"), "oit": Decimal("81.25")},
                indicators={n: (Decimal(70 + n * 2), "") for n in range(1, 11)},
                oit_items={i.number: (Decimal(0 if i.number % 7 == 0 else 100),
                                      "ไม่พบข้อมูลของปีที่ประเมิน" if i.number % 7 == 0 else "")
                           for i in items},
            ),
        )
        for item in items:
            readiness_save(agency, item, units=agency.units.all()[:1],
                           url=f"https://example.go.th/ita/{item.code}", progress="done",
                           note="", acting_user=self.user)
        self._add_measures(agency, criteria, count)
        return agency, criteria

    def _add_measures(self, agency, criteria, count: int) -> None:
        start = Measure.objects.filter(agency=agency, year=criteria).count()
        indicators = list(criteria.indicators.all())
        statuses = MeasureStatus.values
        created = Measure.objects.bulk_create(
            Measure(
                agency=agency, year=criteria, order=start + n + 1, tool="IIT",
                title=f"ส่งเสริมความโปร่งใสในการปฏิบัติงาน ข้อ {start + n + 1}",
                steps=STEPS, period_text="ตุลาคม – กันยายน",
                monitoring="รายงานรอบ 6 เดือน และสิ้นปีงบประมาณ",
                status=statuses[n % 4], summary="ดำเนินการครบทุกขั้นตอน",
                outcome="บุคลากรรับทราบแนวปฏิบัติ",
            )
            for n in range(count)
        )
        units = list(agency.units.all())
        Measure.indicators.through.objects.bulk_create(
            Measure.indicators.through(measure=m, indicator=indicators[i % len(indicators)])
            for i, m in enumerate(created)
        )
        Measure.units.through.objects.bulk_create(
            Measure.units.through(measure=m, unit=units[i % len(units)])
            for i, m in enumerate(created)
        )

    def _render(self, agency, criteria, kind, layout="by_indicator") -> tuple[float, int]:
        started = time.perf_counter()
        document = report_payload(agency, criteria, kind, layout=layout)
        self.built = time.perf_counter() - started
        pdf = render_pdf(document["template"], document, title=document["title"],
                         author=agency.name, landscape=document["landscape"], thai_digits=True)
        self.pages = page_count(pdf)
        return time.perf_counter() - started, len(pdf)

    def _typical(self, agency, criteria, runs: int) -> None:
        self.stdout.write(f"typical agency-year {criteria.year}: {runs} renders each")
        cases = [("analysis", "by_indicator"), ("plan", "by_indicator")] + [
            ("progress", layout) for layout in ("by_indicator", "by_tool", "numbered", "readiness")
        ]
        self._render(agency, criteria, "plan")  # warm fonts and templates once
        for kind, layout in cases:
            times, builds = [], []
            for _ in range(runs):
                times.append(self._render(agency, criteria, kind, layout)[0])
                builds.append(self.built)
            self.stdout.write(
                f"  {kind:9} {layout:13} median {statistics.median(times):.3f} s"
                f"   max {max(times):.3f} s   (data {statistics.median(builds):.3f} s)"
            )
        self.stdout.write(f"  peak RSS so far {peak_rss_mb():.0f} MB")

    def _stress(self, agency, criteria, count: int) -> None:
        cases = [("plan", "by_indicator")] + [
            ("progress", layout) for layout in ("by_indicator", "by_tool", "numbered")
        ]
        for kind, layout in cases:
            seconds, size = self._render(agency, criteria, kind, layout)
            self.stdout.write(
                f"stress: {kind}/{layout} with {count} measures: {seconds:.1f} s, "
                f"{self.pages} pages, {size / 1e6:.1f} MB PDF, peak RSS {peak_rss_mb():.0f} MB"
            )
