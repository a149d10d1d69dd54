"""The public side of the portal (no login): the front page and its search, an agency's
page, its OIT page, the national overview and the open data. What is public is decided
in public/selectors.py; these views only read through it."""

import csv
import json
from collections.abc import Iterable, Iterator

from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from ita_portal.agencies.models import Agency, AgencyKind
from ita_portal.thai import parse_id
from measures.models import MeasureStatus
from public import selectors
from public.charts import bar_chart_svg
from public.selectors import COLUMNS, AgencySearch, Overview

AGENCIES_PER_PAGE = 30
#: Open-data columns that hold numbers (written as JSON numbers, exactly as in the CSV).
NUMERIC_COLUMNS = {
    "year", "iit", "eit", "eit_part1", "eit_part2", "oit", "total", "indicator_number",
    "score", "order",
}
OPEN_DATA_SCHEMA = "ita-portal-open-data/1"


def home(request: HttpRequest) -> HttpResponse:
    """The front page: find an agency by name, province, district or kind; the newest
    published documents."""
    search = AgencySearch.from_params(request.GET)
    page = Paginator(selectors.agency_search(search), AGENCIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    latest = selectors.latest_publications()
    return render(
        request,
        "public/home.html",
        {
            "page": page,
            "search": search,
            "provinces": selectors.provinces(),
            "kinds": AgencyKind.choices,
            "latest": [(p, selectors.public_document_url(p)) for p in latest],
        },
    )


def agency_page(request: HttpRequest, code: str) -> HttpResponse:
    """An agency, its public years, and one of them in full (the newest unless ?year=)."""
    agency = get_object_or_404(Agency, code=code)
    years = selectors.public_years(agency)
    asked = request.GET.get("year")
    year = parse_id(asked) if asked else (years[0] if years else None)
    if asked and year not in years:
        raise Http404("ปีนี้ยังไม่ได้เผยแพร่")
    data = selectors.agency_year(agency, year, years) if year else None
    return render(
        request,
        "public/agency.html",
        {
            "agency": agency,
            "years": years,
            "year": year,
            "data": data,
            "chart": mark_safe(data.chart_svg) if data else "",  # noqa: S308 - escaped by charts
        },
    )


def oit_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Every OIT item of the year with the links the agency recorded: a stable page the
    agency can link from its website, shown only while it has it published."""
    agency = get_object_or_404(Agency, code=code)
    board = selectors.public_oit_board(agency, year)
    if board is None:
        raise Http404("หน่วยงานยังไม่ได้เผยแพร่หน้าข้อมูล OIT ของปีนี้")
    return render(request, "public/oit.html", {"agency": agency, "year": year, "board": board})


def _overview_params(
    request: HttpRequest, year: int | None = None
) -> tuple[int, str, str, list[int]]:
    years = selectors.overview_years()
    if not years:
        raise Http404("ยังไม่มีปีการประเมิน")
    if year is None:
        year = parse_id(request.GET.get("year", "")) or years[0]
    if year not in years:
        raise Http404("ไม่มีปีการประเมินนี้")
    search = AgencySearch.from_params(request.GET)
    return year, search.province, search.kind, years


def _participation_chart(title: str, data: Overview) -> str:
    row = data.national
    bars = [("บันทึกคะแนน", row.entered), ("กำหนดมาตรการ", row.measures)] + [
        (f"เผยแพร่{label}", row.published.get(kind, 0)) for kind, label in data.kinds
    ]
    return bar_chart_svg(title, bars, total=row.agencies or None)


def overview(request: HttpRequest) -> HttpResponse:
    year, province, kind, years = _overview_params(request)
    data = selectors.overview(year, province=province, kind=kind)
    where = province or dict(AgencyKind.choices).get(kind) or "ทั่วประเทศ"
    statuses = [(label, n) for _, label, n in data.measure_statuses]
    charts = {
        "participation": _participation_chart(f"การดำเนินงาน ITA ปี {year} ({where})", data),
        "scores": bar_chart_svg(f"การกระจายของคะแนนรวม ปี {year}", data.score_bins),
        "grades": bar_chart_svg(f"จำนวนหน่วยงานตามระดับผลการประเมิน ปี {year}", data.grades),
        "measures": bar_chart_svg(
            f"มาตรการตามสถานะ ปี {year}", statuses, total=sum(n for _, n in statuses) or None
        ),
    }
    return render(
        request,
        "public/overview.html",
        {
            "data": data,
            "years": years,
            "provinces": [row.key for row in data.by_province] if not province
            else selectors.provinces(),
            "kinds": AgencyKind.choices,
            "where": where,
            "charts": {name: mark_safe(svg) for name, svg in charts.items()},  # noqa: S308
            "query": request.GET.urlencode(),
        },
    )


def _overview_table(data: Overview, table: str) -> list[list]:
    if table == "provinces":
        return selectors.csv_table(data.by_province + [data.national], data.kinds)
    if table == "kinds":
        return selectors.csv_table(data.by_kind + [data.national], data.kinds)
    if table == "scores":
        return [["ช่วงคะแนนรวม", "จำนวนหน่วยงาน"], *map(list, data.score_bins)]
    if table == "grades":
        return [["ระดับ", "จำนวนหน่วยงาน"], *map(list, data.grades)]
    return [["สถานะ", "รหัสสถานะ", "จำนวนมาตรการ"]] + [
        [label, value, n] for value, label, n in data.measure_statuses
    ]


@require_GET
def overview_csv(request: HttpRequest, year: str, table: str) -> HttpResponse:
    year, province, kind, _ = _overview_params(request, int(year))
    rows = _overview_table(selectors.overview(year, province=province, kind=kind), table)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ita-overview-{year}-{table}.csv"'
    response.write("\ufeff")
    csv.writer(response).writerows(rows)
    return response


def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/open_data.html",
        {
            "years": selectors.open_data_years(),
            "datasets": selectors.DATASETS,
            "columns": COLUMNS,
            "statuses": MeasureStatus.choices,
        },
    )


class _Echo:
    """csv.writer's file: hands each formatted line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


#: Rows are sent in pieces of about this many characters: one piece per row would cost a
#: write (and the middleware's per-chunk work) per row; memory stays flat either way.
PIECE = 64 * 1024


def _pieces(parts: Iterable[str]) -> Iterator[str]:
    buffer, size = [], 0
    for part in parts:
        buffer.append(part)
        size += len(part)
        if size >= PIECE:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def csv_lines(header: Iterable[str], rows: Iterable[tuple]) -> Iterator[str]:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow(["" if value is None else value for value in row])

    return _pieces(lines())


def _json_value(column: str, value) -> str:
    if value is None:
        return "null"
    if column in NUMERIC_COLUMNS:
        return str(value)  # exact: "84.30" stays 84.30
    return json.dumps(value, ensure_ascii=False)


def json_chunks(meta: dict, columns: tuple[str, ...], rows: Iterable[tuple]) -> Iterator[str]:
    return _pieces(_json_parts(meta, columns, rows))


def _json_parts(meta: dict, columns: tuple[str, ...], rows: Iterable[tuple]) -> Iterator[str]:
    head = json.dumps({**meta, "columns": list(columns)}, ensure_ascii=False)
    yield head[:-1] + ', "rows": ['
    keys = [json.dumps(column) for column in columns]
    separator = "\n"
    for row in rows:
        fields = ", ".join(
            f"{key}: {_json_value(column, value)}"
            for key, column, value in zip(keys, columns, row, strict=True)
        )
        yield f"{separator}{{{fields}}}"
        separator = ",\n"
    yield "\n]}\n"


@require_GET
def open_data_file(
    request: HttpRequest, year: str, dataset: str, fmt: str, code: str | None = None
) -> StreamingHttpResponse:
    """A dataset of a year's public agency-years (or of one public agency-year), streamed
    from the database in chunks."""
    year = int(year)
    if year not in selectors.overview_years():
        raise Http404("ไม่มีปีการประเมินนี้")
    agency = None
    if code is not None:
        agency = get_object_or_404(Agency, code=code)
        if year not in selectors.public_years(agency):
            raise Http404("ปีนี้ยังไม่ได้เผยแพร่")
    rows = selectors.open_data_rows(dataset, year, agency)
    name = f"ita-{year}-{code}-{dataset}" if code else f"ita-{year}-{dataset}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_lines(COLUMNS[dataset], rows), content_type="text/csv; charset=utf-8"
        )
    else:
        meta = {
            "schema": OPEN_DATA_SCHEMA,
            "dataset": dataset,
            "year": year,
            "agency": code,
            "documentation": request.build_absolute_uri(reverse("public:open_data")),
        }
        response = StreamingHttpResponse(
            json_chunks(meta, COLUMNS[dataset], rows), content_type="application/json"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /dashboard/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('public:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
