"""The measure list of a large plan: pages of PAGE_SIZE in the order of its groups, the
grouping, filters and page kept in the address through a row's ticks, moves and edits."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import AssessmentYear
from measures.models import Measure, MeasureStatus
from measures.selectors import PAGE_SIZE

pytestmark = pytest.mark.django_db

AGENCY = "thung-ruang-thong"


def list_url():
    return reverse("measures:measure_list", args=[AGENCY, 2567])


def add_measures(agency, count, *, start=0, tool="IIT", indicator=1, status="not_started"):
    """Many measures at once (the services write one at a time, with an audit record each)."""
    year = AssessmentYear.objects.get(year=2567)
    indicator = year.indicators.get(number=indicator)
    created = Measure.objects.bulk_create(
        Measure(agency=agency, year=year, order=start + n + 1, tool=tool, status=status,
                title=f"มาตรการที่ {start + n + 1}")
        for n in range(count)
    )
    Measure.indicators.through.objects.bulk_create(
        Measure.indicators.through(measure=m, indicator=indicator) for m in created
    )
    return created


def orders_on(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-label="ลำดับที่">(\d+)<', html)]


def test_a_short_plan_is_one_page_without_page_links(client, demo, login, make_measure):
    make_measure(title="หนึ่ง")
    make_measure(title="สอง")
    login("demo_officer")
    html = client.get(list_url()).content.decode()
    assert "มาตรการที่ 1–2 จาก 2 รายการ" in html
    assert "หน้าของรายการมาตรการ" not in html


def test_a_large_plan_is_paged_and_each_page_shows_its_measures(client, demo, login):
    add_measures(demo["agency"], 120)
    login("demo_officer")
    first = client.get(list_url()).content.decode()
    assert orders_on(first) == list(range(1, PAGE_SIZE + 1))
    assert f"มาตรการที่ 1–{PAGE_SIZE} จาก 120 รายการ" in first
    assert 'href="?page=2"' in first and 'href="?page=3"' in first
    last = client.get(list_url(), {"page": 3}).content.decode()
    assert orders_on(last) == list(range(2 * PAGE_SIZE + 1, 121))
    assert f"มาตรการที่ {2 * PAGE_SIZE + 1}–120 จาก 120 รายการ" in last
    # The counts above the list are the whole plan's, not the page's.
    assert 'data-status-count="not_started"><span class="count">120</span>' in last


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999999999999", "๒", "²"])
def test_a_page_number_out_of_range_or_unreadable_shows_the_nearest_page(
    client, demo, login, page
):
    add_measures(demo["agency"], PAGE_SIZE + 5)
    login("demo_officer")
    response = client.get(list_url(), {"page": page})
    assert response.status_code == 200
    assert len(orders_on(response.content.decode())) in (PAGE_SIZE, 5)


def test_filters_stay_in_the_page_links_and_pages_follow_the_groups(client, demo, login):
    agency = demo["agency"]
    # Created in an order that interleaves the tools: the grouping must not.
    add_measures(agency, 40, tool="OIT", indicator=9, status="done")
    add_measures(agency, 40, start=40, tool="IIT", indicator=1, status="done")
    add_measures(agency, 30, start=80, tool="EIT", indicator=6)
    login("demo_officer")
    html = client.get(list_url(), {"group": "tool", "status": "done"}).content.decode()
    assert "มาตรการที่ 1–50 จาก 80 รายการที่ตรงกับตัวกรอง" in html
    assert 'href="?group=tool&amp;status=done&amp;page=2"' in html
    # IIT (orders 41–80) comes before OIT (1–40) in the by-tool grouping, on every page.
    assert orders_on(html) == list(range(41, 81)) + list(range(1, 11))
    second = client.get(list_url(), {"group": "tool", "status": "done", "page": 2})
    assert orders_on(second.content.decode()) == list(range(11, 41))
    # By indicator (the default) the first indicator's group comes first.
    html = client.get(list_url()).content.decode()
    assert orders_on(html) == list(range(41, 81)) + list(range(81, 91))
    assert html.index("ตัวชี้วัดที่ 1 (") < html.index("ตัวชี้วัดที่ 6 (")


def test_a_rows_forms_and_links_carry_the_lists_filters(client, demo, login):
    add_measures(demo["agency"], 3, status="done")
    login("demo_officer")
    html = client.get(list_url(), {"status": "done", "group": "none", "page": "1"}).content.decode()
    measure = Measure.objects.get(order=2)
    assert f'action="/measures/{measure.pk}/status/?group=none&amp;status=done"' in html
    assert f'formaction="/measures/{measure.pk}/move/?group=none&amp;status=done"' in html
    assert f'href="/measures/{measure.pk}/?group=none&amp;status=done"' in html


def test_ticking_a_status_without_javascript_returns_to_the_measures_page(
    client, demo, login
):
    add_measures(demo["agency"], PAGE_SIZE + 10)
    measure = Measure.objects.get(order=PAGE_SIZE + 3)
    login("demo_officer")
    url = reverse("measures:measure_status", args=[measure.pk])
    response = client.post(f"{url}?group=none", {"status": "in_progress"})
    assert response.url == f"{list_url()}?group=none&page=2#m-{measure.pk}"
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.IN_PROGRESS
    page = client.get(response.url.split("#")[0]).content.decode()
    row = page.split(f'id="m-{measure.pk}"')[1].split("</tr>")[0]
    assert 'value="in_progress" class="btn btn-link p-0 status-box" aria-pressed="true"' in row


def test_moving_a_measure_across_a_page_boundary_follows_it(client, demo, login):
    add_measures(demo["agency"], PAGE_SIZE + 1)
    first_of_page_two = Measure.objects.get(order=PAGE_SIZE + 1)
    login("demo_officer")
    url = reverse("measures:measure_move", args=[first_of_page_two.pk])
    response = client.post(f"{url}?group=none&page=2", {"direction": "-1"})
    # Now at order PAGE_SIZE, the last row of page 1: that is where the officer lands.
    assert response.url == f"{list_url()}?group=none#m-{first_of_page_two.pk}"
    first_of_page_two.refresh_from_db()
    assert first_of_page_two.order == PAGE_SIZE


def test_saving_an_edit_returns_to_the_list_as_it_was(client, demo, login, make_measure):
    measure = make_measure(title="มาตรการเดิม", status="done")
    login("demo_officer")
    url = reverse("measures:measure_edit", args=[measure.pk]) + "?status=done&unit=abc"
    page = client.get(url).content.decode()
    assert f'href="{list_url()}?status=done#m-{measure.pk}"' in page  # breadcrumb, cancel
    response = client.post(url, {"title": "มาตรการใหม่", "status": "done", "tool": "IIT",
                                 "version": measure.version})
    assert response.url == f"{list_url()}?status=done#m-{measure.pk}"


def test_the_lists_query_count_is_the_same_for_10_and_200_measures(
    client, demo, login, django_assert_num_queries
):
    agency = demo["agency"]
    add_measures(agency, 10)
    login("demo_officer")
    client.get(list_url())  # warm the session
    views = ({}, {"page": 4}, {"group": "tool", "status": "not_started"})
    with_ten = []
    for query in views:
        with CaptureQueriesContext(connection) as ten:
            client.get(list_url(), query)
        with_ten.append(len(ten.captured_queries))
    add_measures(agency, 190, start=10, tool="OIT", indicator=9)
    for query, count in zip(views, with_ten, strict=True):
        with django_assert_num_queries(count):
            response = client.get(list_url(), query)
        assert len(orders_on(response.content.decode())) == PAGE_SIZE
