"""Benchmark issuing many documents rendered by background workers; prints numbers only.

    DATABASE_URL=postgres://…/bench ITA_DEMO_MODE=1 .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://…/bench ITA_DEMO_MODE=1 .venv/bin/python manage.py load_criteria
    DATABASE_URL=postgres://…/bench ITA_DEMO_MODE=1 \\
        .venv/bin/python manage.py bench_issuing --count 100 --workers 2

Issues ``--count`` versions of a measures plan (a measure is edited between issues, as an
officer correcting a report would), each enqueued on the database queue, then starts
``--workers`` `manage.py db_worker` processes and times until every file is stored. The
data it creates stays in the database given: use a throwaway one.
"""

import os
import statistics
import subprocess
import sys
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from ita_portal.documents.models import IssuedDocument, RenderStatus
from ita_portal.documents.services import document_issue
from measures.models import Measure
from reports.documents import report_payload


class Command(BaseCommand):
    help = "Issue N documents and time W database workers rendering them."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--measures", type=int, default=15)
        parser.add_argument("--timeout", type=int, default=1800, help="seconds")

    def handle(self, *args, count, workers, measures, timeout, **options):
        from reports.management.commands.bench_reports import Command as ReportsBench

        if connection.vendor == "sqlite" and workers > 1:
            self.stderr.write("SQLite serialises writers: use PostgreSQL for several workers")
        bench = ReportsBench()
        agency = Agency.objects.filter(code="bench-agency").first()
        if agency is None:  # reused from an earlier run (or bench_downloads)
            with transaction.atomic():
                agency, _ = bench._agency_year(2567, measures)
        else:
            bench.user = get_user_model().objects.get(username="bench-user")
        year = AssessmentYear.objects.get(year=2567)
        first = Measure.objects.filter(agency=agency, year=year).order_by("order").first()
        started = time.perf_counter()
        issue_times = []
        ids = []
        for n in range(count):
            Measure.objects.filter(pk=first.pk).update(title=f"{first.title} (ฉบับแก้ไขที่ {n})")
            t0 = time.perf_counter()
            with transaction.atomic():
                document = document_issue(
                    agency=agency, year=year, kind="plan", variant="",
                    payload=report_payload(agency, year, "plan"), acting_user=bench.user,
                )
            issue_times.append(time.perf_counter() - t0)
            ids.append(document.pk)
        issued = time.perf_counter() - started
        self.stdout.write(
            f"issued {count} documents in {issued:.2f} s "
            f"(median {statistics.median(issue_times) * 1000:.0f} ms each, payload + row + queue)"
        )
        env = {**os.environ}
        processes = [
            subprocess.Popen(  # noqa: S603 - our own worker
                [sys.executable, "manage.py", "db_worker", "--interval", "0.2",
                 "--no-startup-delay"],
                cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(workers)
        ]
        t0 = time.perf_counter()
        try:
            while True:
                pending = IssuedDocument.objects.filter(pk__in=ids).exclude(
                    status__in=[RenderStatus.READY, RenderStatus.FAILED]
                ).count()
                if not pending:
                    break
                if time.perf_counter() - t0 > timeout:
                    raise CommandError(f"{pending} documents still pending after {timeout} s")
                time.sleep(0.2)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=30)
        rendered = time.perf_counter() - t0
        failed = IssuedDocument.objects.filter(pk__in=ids, status=RenderStatus.FAILED).count()
        pages = IssuedDocument.objects.filter(pk__in=ids).values_list("page_count", flat=True)
        self.stdout.write(
            f"{workers} workers rendered {count - failed} documents ({failed} failed, "
            f"{statistics.median(p or 0 for p in pages):.0f} pages each) in {rendered:.2f} s: "
            f"{rendered / count:.2f} s per document, {count / rendered:.2f} documents/s"
        )
