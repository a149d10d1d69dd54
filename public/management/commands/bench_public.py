"""Benchmark the public pages on synthetic data; prints numbers, asserts nothing.

    createdb -h 127.0.0.1 -U postgres h_public_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_public_bench ITA_DEMO_MODE=1
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_criteria
    .venv/bin/python manage.py bench_public            # generates once, then measures

It generates (bulk_create) AGENCIES agencies × the five loaded years: results with their
ten indicator scores, four measures per agency-year from the third year, and for about
70% of agency-years an issued analysis and plan that are published. Then it times, through
the whole Django stack (django.test.Client, middleware included), RUNS requests each of
the overview (national and one province), the search (a Thai substring, a province, a
kind) and agency pages, printing p50/p95, and streams the bulk open-data CSVs of the
newest year under tracemalloc, printing the peak.

Guards: it refuses a database whose name lacks "bench", so the demo or production data
are never touched by accident; synthetic agencies have codes starting with "bench-", and
--flush deletes only those (with everything generated for them) before generating anew.
"""

import random
import statistics
import time
import tracemalloc
from decimal import Decimal

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import AssessmentResult, AssessmentYear, IndicatorScore
from ita_portal.agencies.models import Agency, AgencyKind
from ita_portal.documents.models import IssuedDocument
from measures.models import Measure, MeasureStatus
from publishing.models import Publication

PREFIX = "bench-"
BATCH = 5000
SYLLABLES = [
    "ทุ่ง", "รวง", "ทอง", "บ้าน", "นา", "หนอง", "โป่ง", "ดอน", "ป่า", "แม่", "น้ำ", "ใส",
    "เหนือ", "ใต้", "สัน", "ทราย", "กลาง", "ไร่", "วัง", "ศรี", "เมือง", "หลวง", "คำ", "แก้ว",
]
KINDS = [
    (AgencyKind.SAO, 0.65),
    (AgencyKind.SUBDISTRICT_MUNICIPALITY, 0.29),
    (AgencyKind.TOWN_MUNICIPALITY, 0.04),
    (AgencyKind.CITY_MUNICIPALITY, 0.01),
    (AgencyKind.PAO, 0.01),
]
KIND_PREFIX = {
    AgencyKind.SAO: "องค์การบริหารส่วนตำบล",
    AgencyKind.SUBDISTRICT_MUNICIPALITY: "เทศบาลตำบล",
    AgencyKind.TOWN_MUNICIPALITY: "เทศบาลเมือง",
    AgencyKind.CITY_MUNICIPALITY: "เทศบาลนคร",
    AgencyKind.PAO: "องค์การบริหารส่วนจังหวัด",
}
PROVINCES = 77


def score(rng: random.Random, low: int = 40) -> Decimal:
    return Decimal(rng.randint(low * 100, 10000)) / 100


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return statistics.median(samples), cuts[18]


class Command(BaseCommand):
    help = "Generate synthetic agencies (in a *bench* database) and time the public pages."

    def add_arguments(self, parser):
        parser.add_argument("--agencies", type=int, default=8300)
        parser.add_argument("--runs", type=int, default=40, help="requests per measurement")
        parser.add_argument("--flush", action="store_true",
                            help="delete the synthetic data first, then generate it again")
        parser.add_argument("--seed", type=int, default=14)

    def handle(self, *args, **options):
        name = str(connection.settings_dict["NAME"])
        if "bench" not in name:
            raise CommandError(
                f"ฐานข้อมูล {name!r} ไม่ใช่ฐานข้อมูลทดสอบ: ใช้ฐานข้อมูลที่ชื่อมีคำว่า bench "
                "เช่น DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_public_bench"
            )
        if settings.DEBUG:
            self.stderr.write("DEBUG is on: every query is kept in memory; times are inflated")
        if not AssessmentYear.objects.exists():
            call_command("load_criteria", verbosity=0)
        rng = random.Random(options["seed"])  # noqa: S311 - synthetic data, reproducible
        if options["flush"]:
            self._flush()
        existing = Agency.objects.filter(code__startswith=PREFIX).count()
        if existing and existing != options["agencies"]:
            raise CommandError(
                f"มีหน่วยงานสังเคราะห์ {existing} แห่งอยู่แล้ว ใช้ --flush เพื่อสร้างใหม่"
            )
        if not existing:
            started = time.perf_counter()
            self._generate(rng, options["agencies"])
            self.stdout.write(f"generated in {time.perf_counter() - started:.1f} s")
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # Statistics and visibility maps after the bulk inserts, as autovacuum
                    # leaves them on a live database (index-only scans need the latter).
                    cursor.execute("VACUUM ANALYZE")
        self._report_sizes()
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        self._measure(rng, options["runs"])

    # --- data ---------------------------------------------------------------------------

    def _flush(self) -> None:
        agencies = Agency.objects.filter(code__startswith=PREFIX)
        with transaction.atomic():
            Publication.objects.filter(agency__in=agencies).delete()
            # IssuedDocument's queryset refuses delete() (issued documents are frozen);
            # synthetic ones go with a raw delete of this throwaway database's rows.
            IssuedDocument.objects.filter(agency__in=agencies)._raw_delete(connection.alias)
            Measure.objects.filter(agency__in=agencies).delete()
            AssessmentResult.objects.filter(agency__in=agencies).delete()
            agencies.delete()
        self.stdout.write("synthetic data deleted")

    def _generate(self, rng: random.Random, count: int) -> None:
        years = list(AssessmentYear.objects.order_by("year").prefetch_related("indicators"))
        kinds = [k for k, _ in KINDS]
        weights = [w for _, w in KINDS]
        agencies = []
        for n in range(1, count + 1):
            kind = rng.choices(kinds, weights)[0]
            place = "".join(rng.sample(SYLLABLES, rng.randint(2, 3)))
            province = f"จังหวัดทดสอบ{n % PROVINCES + 1:02d}"
            agencies.append(Agency(
                code=f"{PREFIX}{n:05d}", name=f"{KIND_PREFIX[kind]}{place} {n}", kind=kind,
                district=f"อำเภอทดสอบ{n % 900 + 1:03d}", province=province,
            ))
        agencies = Agency.objects.bulk_create(agencies, batch_size=BATCH)
        self.stdout.write(f"{len(agencies)} agencies")

        results, scores, measures, documents = [], [], [], []
        public: list[tuple[Agency, AssessmentYear]] = []
        for agency in agencies:
            for index, year in enumerate(years):
                results.append(AssessmentResult(
                    agency=agency, year=year, iit=score(rng, 60), eit=score(rng, 60),
                    oit=score(rng, 20),
                ))
                if index >= 2:
                    for order in range(1, 5):
                        measures.append(Measure(
                            agency=agency, year=year, order=order,
                            title=f"มาตรการส่งเสริมคุณธรรม {order} ของ{agency.name}",
                            tool=rng.choice(["IIT", "EIT", "OIT"]),
                            period_text=f"ตุลาคม {year.year - 1} – กันยายน {year.year}",
                            status=rng.choice(MeasureStatus.values),
                        ))
                if rng.random() < 0.7:
                    public.append((agency, year))
        results = AssessmentResult.objects.bulk_create(results, batch_size=BATCH)
        for result in results:
            for indicator in result.year.indicators.all():
                scores.append(IndicatorScore(result=result, indicator=indicator,
                                             score=score(rng, 50)))
        IndicatorScore.objects.bulk_create(scores, batch_size=BATCH)
        Measure.objects.bulk_create(measures, batch_size=BATCH)
        self.stdout.write(f"{len(results)} results, {len(scores)} indicator scores, "
                          f"{len(measures)} measures")

        now = timezone.now()
        for agency, year in public:
            for number, kind in enumerate(("analysis", "plan"), start=1):
                documents.append(IssuedDocument(
                    agency=agency, year=year.year, kind=kind, variant="",
                    title=f"{kind} {year.year}", filename=f"{kind}.pdf", schema_version=1,
                    payload={"kind": kind}, payload_sha256=kind.rjust(64, "0"), series="report",
                    number=number, issued_at=now, status="ready",
                ))
        documents = IssuedDocument.objects.bulk_create(documents, batch_size=BATCH)
        Publication.objects.bulk_create(
            [
                Publication(
                    document=document, agency_id=document.agency_id, year=document.year,
                    kind=document.kind, variant="", title=document.title, version=1,
                    published_at=now - timezone.timedelta(minutes=index),
                    sha256=f"{index:064x}",
                )
                for index, document in enumerate(documents)
            ],
            batch_size=BATCH,
        )
        self.stdout.write(f"{len(public)} public agency-years, {len(documents)} publications")

    def _report_sizes(self) -> None:
        self.stdout.write(
            f"database: {Agency.objects.count()} agencies, "
            f"{AssessmentResult.objects.count()} results, "
            f"{IndicatorScore.objects.count()} indicator scores, "
            f"{Measure.objects.count()} measures, {Publication.objects.count()} publications"
        )

    # --- measurements -----------------------------------------------------------------

    def _time(self, client: Client, label: str, urls: list[str], target_ms: int) -> None:
        client.get(urls[0])  # warm up (templates, connection)
        samples = []
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
        p50, p95 = percentiles(samples)
        verdict = "ok" if p95 <= target_ms else "OVER TARGET"
        self.stdout.write(
            f"{label:<28} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   (target ≤ {target_ms} ms, "
            f"{len(samples)} requests) {verdict}"
        )

    def _measure(self, rng: random.Random, runs: int) -> None:
        client = Client()
        year = Publication.objects.order_by("-year").values_list("year", flat=True).first()
        overview = reverse("public:overview")
        self._time(client, "overview (national)", [f"{overview}?year={year}"] * runs, 300)
        provinces = [f"จังหวัดทดสอบ{rng.randint(1, PROVINCES):02d}" for _ in range(runs)]
        self._time(client, "overview (one province)",
                   [f"{overview}?year={year}&province={p}" for p in provinces], 300)

        home = reverse("home")
        words = ["ทุ่งรวง", "หนองนา", "ศรี", "บ้านโป่ง", "แม่น้ำ", "xyz"]
        self._time(client, "search (Thai substring)",
                   [f"{home}?q={rng.choice(words)}" for _ in range(runs)], 100)
        self._time(client, "search (province + kind)",
                   [f"{home}?province={p}&kind=sao" for p in provinces], 100)

        codes = list(
            Publication.objects.filter(agency__code__startswith=PREFIX)
            .values_list("agency__code", flat=True).distinct()[:2000]
        )
        pages = [reverse("agencies:agency_public", args=[c]) for c in rng.sample(codes, runs)]
        self._time(client, "agency page (newest year)", pages, 100)

        for dataset in ("scores", "indicators", "measures"):
            url = reverse("public:open_data_file", args=[year, dataset, "csv"])
            started = time.perf_counter()
            size, lines = self._consume(client, url)
            elapsed = time.perf_counter() - started
            # Again under tracemalloc (which slows Python down) for the peak alone.
            tracemalloc.start()
            self._consume(client, url)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            self.stdout.write(
                f"open data {dataset + '.csv':<17} {lines - 1:>7} rows  {size / 1e6:6.1f} MB  "
                f"{elapsed:5.2f} s   peak Python memory while streaming {peak / 1e6:5.1f} MB"
            )

    @staticmethod
    def _consume(client: Client, url: str) -> tuple[int, int]:
        response = client.get(url)
        size = lines = 0
        for chunk in response.streaming_content:
            size += len(chunk)
            lines += chunk.count(b"\n")
        return size, lines
