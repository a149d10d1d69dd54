"""What the public site may read, and only that (publishing.selectors has the agency
side and the document page's reads).

An agency-year is public once the agency has at least one Publication of that year with
status "published" (a draft, a report only issued, or a version unpublished since never
counts). From then on, for that agency-year, these are public:

- its published documents (every published version, the superseded ones marked);
- its scores: IIT, EIT (or its two parts), OIT, the weighted total, grade, rating, and
  the ten indicator scores, with the indicator chart (last year's bars only when last
  year is public too);
- its measures: order, tool, indicators, title, period and current status.

Always private: evidence files and links, the texts of a measure's steps, outcome,
problems and suggestions, the analysis notes and suggestions, OIT item scores and
assessors' comments, the people and units responsible, memos that were not published,
and everything of a year that is not public. (What a published PDF prints is public
through that PDF.) The OIT page of an agency-year is public only while its OITPage is.

Counts that reveal no content (how many agencies entered scores, set measures, published
a kind of document) cover every agency; score distributions, grades and measure
statuses count public agency-years only.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce, Least, Round
from django.urls import reverse

from assessments.charts import analysis_chart_data, chart_svg_from_data
from assessments.models import (
    AssessmentResult,
    AssessmentYear,
    GradeBand,
    IndicatorScore,
    RatingBand,
    Tool,
)
from assessments.scoring import grade_for, rating_for, round_score
from assessments.selectors import ResultAnalysis, result_analysis
from ita_portal.agencies.models import Agency, AgencyKind
from measures.models import Measure, MeasureStatus
from measures.readiness import Board, readiness_board
from publishing.models import OITPage, Publication, PublicationStatus
from reports.documents import ReportKind

#: How long a search text may be; longer input is cut (never refused).
SEARCH_MAX_LENGTH = 100
LATEST_PUBLICATIONS = 10

KIND_LABELS: dict[str, str] = {
    **dict(ReportKind.choices),
    "memo": "บันทึกข้อความเสนอผู้บริหาร",
}
#: The document kinds the overview counts, in the order of the ITA work.
OVERVIEW_KINDS = (ReportKind.ANALYSIS, ReportKind.PLAN, ReportKind.PROGRESS)
KIND_SHORT = {
    ReportKind.ANALYSIS: "รายงานการวิเคราะห์ผล",
    ReportKind.PLAN: "มาตรการ",
    ReportKind.PROGRESS: "รายงานผลการดำเนินการ",
    "memo": "บันทึกข้อความ",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def published() -> QuerySet[Publication]:
    return Publication.objects.filter(status=PublicationStatus.PUBLISHED)


def public_year_exists(agency_ref: OuterRef, year: int) -> Exists:
    """True where the agency (an outer reference) has a published version of ``year``."""
    return Exists(published().filter(agency=agency_ref, year=year))


def public_document_url(publication: Publication) -> str:
    """The public page of a published version (publishing's document page)."""
    return reverse("published:document", args=[publication.pk])


# --- search and the front page ------------------------------------------------------


@dataclass(frozen=True)
class AgencySearch:
    query: str = ""
    province: str = ""
    district: str = ""
    kind: str = ""

    @classmethod
    def from_params(cls, params) -> "AgencySearch":
        """Lenient: texts trimmed and cut to SEARCH_MAX_LENGTH, an unknown kind ignored."""

        def text(name: str) -> str:
            value = params.get(name, "")
            return value.strip()[:SEARCH_MAX_LENGTH].strip() if isinstance(value, str) else ""

        kind = text("kind")
        return cls(
            query=text("q"),
            province=text("province"),
            district=text("district"),
            kind=kind if kind in AgencyKind.values else "",
        )

    @property
    def is_empty(self) -> bool:
        return not (self.query or self.province or self.district or self.kind)


def agency_search(search: AgencySearch) -> QuerySet[Agency]:
    """The public directory: names and addresses of agencies are public facts. The text
    is matched as a plain substring (LIKE wildcards are escaped by the ORM)."""
    agencies = Agency.objects.all()
    if search.query:
        agencies = agencies.filter(
            Q(name__icontains=search.query)
            | Q(district__icontains=search.query)
            | Q(province__icontains=search.query)
            | Q(code=search.query.lower())
        )
    if search.province:
        agencies = agencies.filter(province=search.province)
    if search.district:
        agencies = agencies.filter(district__icontains=search.district)
    if search.kind:
        agencies = agencies.filter(kind=search.kind)
    return agencies.only("code", "name", "kind", "district", "province").order_by(
        "province", "name"
    )


def provinces() -> list[str]:
    return list(Agency.objects.order_by("province").values_list("province", flat=True).distinct())


def latest_publications(limit: int = LATEST_PUBLICATIONS) -> list[Publication]:
    return list(
        published()
        .select_related("agency")
        .only("pk", "title", "year", "kind", "version", "published_at", "agency__code",
              "agency__name")
        .order_by("-published_at", "-id")[:limit]
    )


# --- the agency page -------------------------------------------------------------------


def public_years(agency: Agency) -> list[int]:
    """The agency's public years, newest first."""
    return list(
        published().filter(agency=agency).order_by("-year").values_list("year", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class PublicDocument:
    publication: Publication
    url: str
    is_current: bool

    @property
    def kind_label(self) -> str:
        return kind_label(self.publication.kind)


@dataclass
class PublicMeasure:
    order: int
    tool: str
    indicators: list[int]
    title: str
    period: str
    status: str
    status_label: str


@dataclass
class AgencyYear:
    agency: Agency
    year: int
    documents: list[PublicDocument]
    analysis: ResultAnalysis | None
    chart_svg: str
    measures: list[PublicMeasure]
    oit_page_public: bool
    status_counts: list[tuple[str, str, int]] = field(default_factory=list)


def _documents(agency: Agency, year: int) -> list[PublicDocument]:
    rows = list(
        published().filter(agency=agency, year=year).select_related("agency")
        .order_by("kind", "variant", "-version")
    )
    latest: dict[tuple[str, str], int] = {}
    for row in rows:
        latest.setdefault((row.kind, row.variant), row.version)
    order = {kind: index for index, kind in enumerate(KIND_LABELS)}
    rows.sort(key=lambda r: (order.get(r.kind, len(order)), r.variant, -r.version))
    return [
        PublicDocument(
            row, public_document_url(row), latest[(row.kind, row.variant)] == row.version
        )
        for row in rows
    ]


def public_chart(analysis: ResultAnalysis, previous_is_public: bool) -> str:
    """The officer pages' indicator chart; last year's bars only when last year is public."""
    if not analysis.indicators:
        return ""
    data = analysis_chart_data(analysis)
    if not previous_is_public:
        data["previous_label"] = None
        for bar in data["bars"]:
            bar["previous"] = None
    return chart_svg_from_data(data)


def public_measures(agency: Agency, year: int) -> list[PublicMeasure]:
    measures = (
        Measure.objects.filter(agency=agency, year__year=year)
        .only("order", "tool", "title", "period_text", "status")
        .prefetch_related(Prefetch("indicators", to_attr="public_indicators"))
        .order_by("order")
    )
    return [
        PublicMeasure(
            order=m.order,
            tool=m.tool,
            indicators=sorted(i.number for i in m.public_indicators),
            title=m.title,
            period=m.period_text,
            status=m.status,
            status_label=MeasureStatus(m.status).label,
        )
        for m in measures
    ]


def agency_year(agency: Agency, year: int, years: list[int]) -> AgencyYear:
    """One public year of an agency (the caller checked ``year in years``), in a fixed
    number of queries whatever its documents and measures."""
    result = (
        AssessmentResult.objects.filter(agency=agency, year__year=year).select_related("year")
        .first()
    )
    analysis = result_analysis(result) if result else None
    measures = public_measures(agency, year)
    counts = Counter(m.status for m in measures)
    return AgencyYear(
        agency=agency,
        year=year,
        documents=_documents(agency, year),
        analysis=analysis,
        chart_svg=public_chart(analysis, year - 1 in years) if analysis else "",
        measures=measures,
        oit_page_public=OITPage.objects.filter(agency=agency, year=year, is_public=True).exists(),
        status_counts=[(s.value, s.label, counts[s.value]) for s in MeasureStatus if counts[s]],
    )


def public_oit_board(agency: Agency, year: int) -> Board | None:
    """The readiness board behind an agency-year's public OIT page, or None while that
    page is not published (or the year has no criteria)."""
    if not OITPage.objects.filter(agency=agency, year=year, is_public=True).exists():
        return None
    criteria = AssessmentYear.objects.filter(year=year).first()
    return readiness_board(agency, criteria) if criteria else None


# --- scores, in bulk -----------------------------------------------------------------


@dataclass(frozen=True)
class YearRules:
    """A year's weights, grade and rating bands: what turns tool scores into a result."""

    year: int
    weights: dict[str, Decimal]
    grades: list[GradeBand]
    ratings: list[RatingBand]
    eit_has_parts: bool

    @classmethod
    def load(cls, criteria: AssessmentYear) -> "YearRules":
        return cls(
            year=criteria.year,
            weights=dict(Tool.objects.filter(year=criteria).values_list("code", "weight")),
            grades=list(GradeBand.objects.filter(year=criteria)),
            ratings=list(RatingBand.objects.filter(year=criteria)),
            eit_has_parts=criteria.eit_has_parts,
        )

    def outcome(
        self, iit, eit, eit_part1, eit_part2, oit
    ) -> tuple[Decimal | None, Decimal | None, str | None, str | None]:
        """(EIT used, total, grade, rating), as the officer pages compute them."""
        if eit is None and self.eit_has_parts and None not in (eit_part1, eit_part2):
            eit = (eit_part1 + eit_part2) / 2
        scores = {"IIT": iit, "EIT": eit, "OIT": oit}
        if not self.weights or any(scores.get(code) is None for code in self.weights):
            return eit, None, None, None
        total = round_score(sum(scores[code] * self.weights[code] / 100 for code in self.weights))
        rating = rating_for(total, scores, self.ratings) if self.ratings else None
        return eit, total, grade_for(total, self.grades), rating


SCORE_FIELDS = ("iit", "eit", "eit_part1", "eit_part2", "oit")


# --- the overview ----------------------------------------------------------------------


SCORE_BINS = [(Decimal(low), Decimal(low + 10)) for low in range(0, 100, 10)]


@dataclass
class ParticipationRow:
    key: str
    label: str
    agencies: int = 0
    entered: int = 0
    measures: int = 0
    published: dict[str, int] = field(default_factory=dict)

    @property
    def published_list(self) -> list[int]:
        """Published counts in the order of OVERVIEW_KINDS (the tables' columns)."""
        return [self.published.get(kind.value, 0) for kind in OVERVIEW_KINDS]

    def add(self, other: "ParticipationRow") -> None:
        self.agencies += other.agencies
        self.entered += other.entered
        self.measures += other.measures
        for kind, n in other.published.items():
            self.published[kind] = self.published.get(kind, 0) + n


@dataclass
class Overview:
    year: int
    province: str
    kind: str
    national: ParticipationRow
    by_province: list[ParticipationRow]
    by_kind: list[ParticipationRow]
    score_bins: list[tuple[str, int]]
    grades: list[tuple[str, int]]
    ratings: list[tuple[str, int]]
    measure_statuses: list[tuple[str, str, int]]
    public_results: int
    mean_total: Decimal | None

    @property
    def kinds(self) -> list[tuple[str, str]]:
        return [(k.value, KIND_SHORT[k]) for k in OVERVIEW_KINDS]


def _participation(criteria: AssessmentYear, province: str, kind: str) -> list[dict]:
    """Per (province, kind): agencies, and how many entered scores, set measures and
    published each kind this year. Four grouped queries (a hash join each), no query per
    agency; each of results, measures and publications counts an agency once."""
    scope = Q()
    if province:
        scope &= Q(agency__province=province)
    if kind:
        scope &= Q(agency__kind=kind)
    group = ("agency__province", "agency__kind")
    cells: dict[tuple[str, str], dict] = {}

    def cell(row: dict) -> dict:
        key = (row["agency__province"], row["agency__kind"])
        return cells.setdefault(key, {
            "province": key[0], "kind": key[1], "agencies": 0, "entered": 0, "measures": 0,
            **{f"published_{k.value}": 0 for k in OVERVIEW_KINDS},
        })

    agencies = Agency.objects.filter(Q(province=province) if province else Q())
    if kind:
        agencies = agencies.filter(kind=kind)
    for row in agencies.values("province", "kind").annotate(n=Count("id")).order_by():
        cell({"agency__province": row["province"], "agency__kind": row["kind"]})[
            "agencies"] = row["n"]
    year = criteria.year
    # By the year's id, not year__year: a join there misleads PostgreSQL's row estimates
    # into nested loops (measured 170 ms → 40 ms at 8,300 agencies).
    scored = AssessmentResult.objects.filter(scope, year=criteria).filter(
        Q(iit__isnull=False) | Q(eit__isnull=False) | Q(eit_part1__isnull=False)
        | Q(oit__isnull=False)
    )
    for row in scored.values(*group).annotate(n=Count("id")).order_by():
        cell(row)["entered"] = row["n"]
    measured = agencies.filter(
        Exists(Measure.objects.filter(agency=OuterRef("pk"), year=criteria))
    )
    for row in measured.values("province", "kind").annotate(n=Count("id")).order_by():
        cell({"agency__province": row["province"], "agency__kind": row["kind"]})[
            "measures"] = row["n"]
    kinds = [k.value for k in OVERVIEW_KINDS]
    done = published().filter(scope, year=year, kind__in=kinds)
    for row in done.values(*group, "kind").annotate(n=Count("agency", distinct=True)).order_by():
        cell(row)[f"published_{row['kind']}"] = row["n"]
    return sorted(cells.values(), key=lambda row: (row["province"], row["kind"]))


def _grouped(rows: list[dict], key: str, label) -> list[ParticipationRow]:
    grouped: dict[str, ParticipationRow] = {}
    for row in rows:
        value = row[key]
        target = grouped.setdefault(value, ParticipationRow(value, label(value)))
        target.add(
            ParticipationRow(
                value, "", row["agencies"], row["entered"], row["measures"],
                {k.value: row[f"published_{k.value}"] for k in OVERVIEW_KINDS},
            )
        )
    return list(grouped.values())


OUTSIDE_BANDS = "ไม่อยู่ในช่วงระดับ"


def _score_counts(results: QuerySet[AssessmentResult], rules: YearRules) -> dict:
    """Score bins, grades, ratings, count and mean of the results' totals in one aggregate
    query, with the rules of YearRules.outcome written in SQL: EIT from its two parts when
    the year has them and it is blank, the weighted total rounded to two decimals (half
    up for these positive numbers), grades by band, the first rating whose minimums the
    rounded scores meet."""
    decimal = DecimalField(max_digits=9, decimal_places=4)
    eit = Coalesce("eit", (F("eit_part1") + F("eit_part2")) / 2) if rules.eit_has_parts \
        else F("eit")
    tools = {"IIT": F("iit"), "EIT": eit, "OIT": F("oit")}
    if not rules.weights:
        total = Value(None, output_field=decimal)
    else:
        total = Round(
            ExpressionWrapper(
                sum(
                    (tools[code] * Value(weight / 100, output_field=decimal)
                     for code, weight in rules.weights.items()),
                    Value(Decimal(0), output_field=decimal),
                ),
                output_field=decimal,
            ),
            2,
        )
    rounded = [Round(ExpressionWrapper(expr, output_field=decimal), 2) for expr in tools.values()]
    inner_sql, inner_params = (
        results.annotate(total=total, lowest_tool=Least(*rounded))
        .values("total", "lowest_tool").order_by().query.sql_with_params()
    )
    # Each result's total is computed once, in the inner query; the counts compare it.
    columns, params = ["COUNT(total)", "AVG(total)"], []

    def count_where(condition: str, *values) -> None:
        columns.append(f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)")
        params.extend(values)

    for i, (low, high) in enumerate(SCORE_BINS):
        if i < len(SCORE_BINS) - 1:
            count_where("total >= %s AND total < %s", low, high)
        else:
            count_where("total >= %s", low)
    for band in rules.grades:
        count_where("total >= %s AND total <= %s", band.min_score, band.max_score)
    # The first rating (by order) whose minimums the rounded scores meet, as rating_for.
    earlier: list[tuple[str, list]] = []
    for band in sorted(rules.ratings, key=lambda r: r.order):
        meets, values = "total >= %s", [band.min_total]
        if band.min_each_tool is not None:
            meets, values = f"{meets} AND lowest_tool >= %s", [*values, band.min_each_tool]
        excluded = "".join(f" AND NOT ({other})" for other, _ in earlier)
        count_where(f"({meets}){excluded}", *values, *(v for _, vs in earlier for v in vs))
        earlier.append((meets, values))
    # OFFSET 0 keeps PostgreSQL from pulling the subquery up, which would copy the total's
    # expression into every count (measured 0.3 s → 0.6 s at 8,300 agencies).
    fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
    sql = f"SELECT {', '.join(columns)} FROM ({inner_sql}{fence}) scored"  # noqa: S608
    if connection.vendor == "sqlite":
        # SQLite computes decimals as REAL and would compare them with a Decimal's text.
        params = [float(value) for value in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *inner_params])
        row = cursor.fetchone()
    n, mean, *counts = row
    bins, counts = counts[: len(SCORE_BINS)], counts[len(SCORE_BINS):]
    grades, ratings = counts[: len(rules.grades)], counts[len(rules.grades):]
    return {
        "n": n,
        "mean": None if mean is None else Decimal(str(mean)),
        **{f"bin_{i}": c or 0 for i, c in enumerate(bins)},
        **{f"grade_{i}": c or 0 for i, c in enumerate(grades)},
        **{f"rating_{i}": c or 0 for i, c in enumerate(ratings)},
    }


def overview(year: int, *, province: str = "", kind: str = "") -> Overview:
    """National (or one province's, one kind's) picture of a year in ten queries,
    whatever the number of agencies."""
    criteria = AssessmentYear.objects.get(year=year)
    rows = _participation(criteria, province, kind)
    national = ParticipationRow("", "ทั้งหมด")
    for row in _grouped(rows, "province", str):
        national.add(row)
    kind_labels = dict(AgencyKind.choices)

    rules = YearRules(
        year=year,
        weights={t.code: t.weight for t in criteria.tools.all()},
        grades=list(criteria.grade_bands.all()),
        ratings=list(criteria.rating_bands.all()),
        eit_has_parts=criteria.eit_has_parts,
    )
    results = AssessmentResult.objects.filter(year=criteria).filter(
        public_year_exists(OuterRef("agency_id"), year)
    )
    measures = Measure.objects.filter(year=criteria).filter(
        public_year_exists(OuterRef("agency_id"), year)
    )
    if province:
        results = results.filter(agency__province=province)
        measures = measures.filter(agency__province=province)
    if kind:
        results = results.filter(agency__kind=kind)
        measures = measures.filter(agency__kind=kind)

    score_counts = _score_counts(results, rules)
    n = score_counts["n"]
    in_bands = sum(score_counts[f"grade_{i}"] for i in range(len(rules.grades)))
    statuses = dict(measures.values_list("status").annotate(n=Count("id")).order_by())
    mean = score_counts["mean"]
    return Overview(
        year=year,
        province=province,
        kind=kind,
        national=national,
        by_province=_grouped(rows, "province", str),
        by_kind=_grouped(rows, "kind", lambda k: kind_labels.get(k, k)),
        score_bins=[
            (f"{low:.0f}–{high:.0f}" if high < 100 else f"{low:.0f}–100",
             score_counts[f"bin_{i}"])
            for i, (low, high) in enumerate(SCORE_BINS)
        ],
        grades=[
            (band.grade, score_counts[f"grade_{i}"]) for i, band in enumerate(rules.grades)
        ] + ([(OUTSIDE_BANDS, n - in_bands)] if n > in_bands else []),
        ratings=[
            (band.label, score_counts[f"rating_{i}"])
            for i, band in enumerate(sorted(rules.ratings, key=lambda r: r.order))
        ],
        measure_statuses=[(s.value, s.label, statuses.get(s.value, 0)) for s in MeasureStatus],
        public_results=n,
        mean_total=None if mean is None else round_score(mean),
    )


def overview_years() -> list[int]:
    return list(AssessmentYear.objects.order_by("-year").values_list("year", flat=True))


# --- open data -----------------------------------------------------------------------

DATASETS = ("scores", "indicators", "measures")

#: Column names of each dataset, in order (the schema of docs/open-data.md).
COLUMNS: dict[str, tuple[str, ...]] = {
    "scores": (
        "year", "agency_code", "agency_name", "agency_kind", "district", "province",
        "iit", "eit", "eit_part1", "eit_part2", "oit", "total", "grade", "rating",
    ),
    "indicators": (
        "year", "agency_code", "agency_name", "indicator_number", "indicator_name", "tool",
        "score",
    ),
    "measures": (
        "year", "agency_code", "agency_name", "order", "tool", "indicators", "title", "period",
        "status", "status_label",
    ),
}
CHUNK_SIZE = 2000


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else f"{round_score(value):f}"


def open_data_rows(dataset: str, year: int, agency: Agency | None = None) -> Iterator[tuple]:
    """Rows of ``COLUMNS[dataset]`` for the public agency-years of ``year`` (one agency's
    when given), read from the database in chunks so memory stays flat."""
    criteria = AssessmentYear.objects.filter(year=year).first()
    if criteria is None:
        return
    public = public_year_exists(OuterRef("agency_id"), year)
    if dataset == "scores":
        rules = YearRules.load(criteria)
        rows = AssessmentResult.objects.filter(year=criteria).filter(public)
        if agency:
            rows = rows.filter(agency=agency)
        for row in rows.values_list(
            "agency__code", "agency__name", "agency__kind", "agency__district",
            "agency__province", *SCORE_FIELDS,
        ).order_by("agency__code").iterator(chunk_size=CHUNK_SIZE):
            iit, eit, part1, part2, oit = row[5:]
            used_eit, total, grade, rating = rules.outcome(iit, eit, part1, part2, oit)
            yield (
                year, *row[:5], _decimal(iit), _decimal(used_eit), _decimal(part1),
                _decimal(part2), _decimal(oit), _decimal(total), grade, rating,
            )
    elif dataset == "indicators":
        rows = IndicatorScore.objects.filter(result__year=criteria).filter(
            public_year_exists(OuterRef("result__agency_id"), year)
        )
        if agency:
            rows = rows.filter(result__agency=agency)
        for code, name, number, indicator, tool, score in rows.values_list(
            "result__agency__code", "result__agency__name", "indicator__number",
            "indicator__name", "indicator__tool__code", "score",
        ).order_by("result__agency__code", "indicator__number").iterator(chunk_size=CHUNK_SIZE):
            yield (year, code, name, number, indicator, tool, _decimal(score))
    elif dataset == "measures":
        rows = Measure.objects.filter(year=criteria).filter(public)
        if agency:
            rows = rows.filter(agency=agency)
        rows = (
            rows.select_related("agency")
            .only("order", "tool", "title", "period_text", "status", "agency__code",
                  "agency__name")
            .prefetch_related(Prefetch("indicators", to_attr="public_indicators"))
            .order_by("agency__code", "order")
        )
        for m in rows.iterator(chunk_size=CHUNK_SIZE):
            yield (
                year, m.agency.code, m.agency.name, m.order, m.tool,
                ";".join(str(n) for n in sorted(i.number for i in m.public_indicators)),
                m.title, m.period_text, m.status, MeasureStatus(m.status).label,
            )
    else:
        raise ValueError(f"unknown dataset {dataset!r}")


def open_data_years() -> list[tuple[int, int]]:
    """(year, public agencies) for every year that has one, newest first."""
    rows = (
        published().values("year").annotate(n=Count("agency", distinct=True)).order_by("-year")
    )
    return [(row["year"], row["n"]) for row in rows]


def agencies_with_public_years() -> QuerySet[Agency]:
    return Agency.objects.filter(Exists(published().filter(agency=OuterRef("pk")))).order_by(
        "code"
    )


def public_oit_pages() -> QuerySet[OITPage]:
    return OITPage.objects.filter(is_public=True).select_related("agency").order_by(
        "agency__code", "year"
    )


def csv_table(rows: list[ParticipationRow], kinds: list[tuple[str, str]]) -> list[list]:
    """A participation table as rows for a CSV file (header first)."""
    header = ["กลุ่ม", "จำนวนหน่วยงาน", "บันทึกคะแนน", "กำหนดมาตรการ"] + [
        f"เผยแพร่{label}" for _, label in kinds
    ]
    return [header] + [
        [row.label, row.agencies, row.entered, row.measures]
        + [row.published.get(k, 0) for k, _ in kinds]
        for row in rows
    ]

