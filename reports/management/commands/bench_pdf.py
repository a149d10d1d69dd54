"""Benchmark ita_portal.pdf.render.render_pdf on the sample template; prints numbers only.

manage.py bench_pdf                    # 10 renders of a 15-row table
manage.py bench_pdf --large            # ... and of a 1,000-row table
manage.py bench_pdf --uncached         # also without the cached fonts / pdf.css
manage.py bench_pdf --runs 5 --rows 200
"""

import logging
import re
import resource
import statistics
import time
import zlib

from django.core.management.base import BaseCommand

TEMPLATE = "reports/sample_pdf.html"


def sample_rows(count: int) -> list[dict]:
    return [
        {
            "no": i,
            "name": f"ตัวชี้วัดที่ {i} การเปิดเผยข้อมูลสาธารณะและการมีส่วนร่วมของประชาชน",
            "score": f"{(i * 7) % 100}.50",
            "done": i % 3 != 0,
        }
        for i in range(1, count + 1)
    ]


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux: the peak of the whole process so far.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def page_count(data: bytes) -> int | str:
    """/Count of the page tree (WeasyPrint puts it in a compressed object stream)."""
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            inflated = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        if found := re.search(rb"/Type /Pages/Kids \[[^\]]*\]/Count (\d+)", inflated):
            return int(found.group(1))
    return "?"


def p90(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


class Command(BaseCommand):
    help = "Time render_pdf on the sample template (median / p90 seconds, peak RSS)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=10, help="renders per case (10)")
        parser.add_argument(
            "--rows",
            type=int,
            action="append",
            help="table rows; repeat for several cases (default 15)",
        )
        parser.add_argument("--large", action="store_true", help="add a 1,000-row case")
        parser.add_argument(
            "--uncached",
            action="store_true",
            help="also time renders that rebuild FontConfiguration and pdf.css each time",
        )
        parser.add_argument("--thai-digits", action="store_true")

    def handle(self, *args, **options):
        # WeasyPrint logs every layout step at INFO; the project's root logger prints INFO.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        from ita_portal.pdf import render as pdf  # imported here, after the logger is quietened

        rows_cases = options["rows"] or [15]
        if options["large"]:
            rows_cases.append(1000)
        modes = [True, False] if options["uncached"] else [True]
        runs = options["runs"]
        self.stdout.write(
            f"{'rows':>6} {'mode':>9} {'runs':>4} {'pages':>5} "
            f"{'first s':>8} {'median s':>9} {'p90 s':>7} {'peak RSS MB':>12}"
        )

        def once(context, cached):
            start = time.perf_counter()
            data = pdf.render_pdf(
                TEMPLATE,
                context,
                title="bench",
                author="bench",
                thai_digits=options["thai_digits"],
                cached=cached,
            )
            return time.perf_counter() - start, data

        for rows in rows_cases:
            context = {"rows": sample_rows(rows)}
            pdf.clear_caches()
            # The first render of each mode is reported apart (cached: builds the cache).
            first = {}
            for cached in modes:
                first[cached], data = once(context, cached)
            pages = page_count(data)
            # Modes alternate run by run, so that drift in machine load hits both alike.
            times = {cached: [] for cached in modes}
            for _ in range(runs):
                for cached in modes:
                    times[cached].append(once(context, cached)[0])
            for cached in modes:
                self.stdout.write(
                    f"{rows:>6} {'cached' if cached else 'uncached':>9} {runs:>4} "
                    f"{pages:>5} {first[cached]:>8.3f} {statistics.median(times[cached]):>9.3f} "
                    f"{p90(times[cached]):>7.3f} {peak_rss_mb():>12.1f}"
                )
        self.stdout.write(
            "peak RSS is the process peak so far (it only grows); with --uncached the modes "
            "alternate, so RSS is not split between them."
        )
