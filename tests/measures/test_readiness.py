"""The OIT readiness board and the IIT/EIT indicator plans (issue 4)."""

import http.client
import re
import socket
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from assessments.models import AssessmentYear, Indicator, OITItem
from ita_portal.agencies.models import Unit
from measures.models import IndicatorPlan, OITItemReadiness, Progress
from measures.readiness import (
    URL_MESSAGE,
    indicator_plan_save,
    readiness_board,
    readiness_save,
)

pytestmark = pytest.mark.django_db

AGENCY = "thung-ruang-thong"
UNITS_MESSAGE = "ส่วนราชการที่เลือกต้องเป็นของหน่วยงานนี้"
XSS_URL = 'https://example.go.th/oit?q="><script>alert(1)</script>'


def user(username: str):
    return get_user_model().objects.get(username=username)


def year(number: int) -> AssessmentYear:
    return AssessmentYear.objects.get(year=number)


def item(year_number: int, number: int) -> OITItem:
    return OITItem.objects.get(year__year=year_number, number=number)


def unit(agency, name: str) -> Unit:
    return agency.units.get(name=name)


def board_url(year_number: int = 2566, code: str = AGENCY) -> str:
    return reverse("measures:readiness_board", args=[code, year_number])


def item_url(number: int, year_number: int = 2566, code: str = AGENCY) -> str:
    return reverse("measures:readiness_item_edit", args=[code, year_number, number])


def indicator_url(number: int, year_number: int = 2566, code: str = AGENCY) -> str:
    return reverse("measures:indicator_plan_edit", args=[code, year_number, number])


def save_item(agency, year_number, number, *, url="", progress=Progress.DONE, units=(), note=""):
    return readiness_save(
        agency,
        item(year_number, number),
        units=list(units),
        url=url,
        progress=progress,
        note=note,
        acting_user=user("demo_officer"),
    )


def input_tag(html: str, element_id: str) -> str:
    """The <input> with this id."""
    match = re.search(rf'<input [^>]*id="{element_id}"[^>]*>', html)
    assert match, element_id
    return match.group(0)


def row_html(html: str, row_id: str) -> str:
    """The <tr> of one board row, from its id to its closing tag."""
    start = html.index(f'id="{row_id}"')
    return html[start : html.index("</tr>", start)]


# --- the board ---------------------------------------------------------------------


def test_board_2566_lists_all_43_items_by_sub_indicator_and_8_iit_eit_indicators(demo):
    board = readiness_board(demo["agency"], year(2566))
    assert board.total == 43
    assert [row.item.number for row in board.rows] == list(range(1, 44))
    assert [g.sub_indicator.code for g in board.groups] == [
        "9.1",
        "9.2",
        "9.3",
        "9.4",
        "9.5",
        "10.1",
        "10.2",
    ]
    assert all(
        row.item.sub_indicator_id == group.sub_indicator.pk
        for group in board.groups
        for row in group.rows
    )
    assert [len(g.rows) for g in board.groups] == [10, 8, 4, 4, 4, 8, 5]
    assert [r.indicator.number for r in board.indicators] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert {r.indicator.tool.code for r in board.indicators} == {"IIT", "EIT"}
    assert (board.done, board.not_started, board.missing_url) == (0, 43, 0)


def test_board_page_shows_every_row_and_the_counts(demo, login):
    html = login("demo_officer").get(board_url()).content.decode()
    assert html.count('data-testid="item-row"') == 43
    assert html.count('data-testid="sub-indicator"') == 7
    assert html.count('data-testid="indicator-row"') == 8
    assert "พร้อมแล้ว 0 จาก 43 ข้อ" in html
    assert 'id="item-1"' in html and 'id="item-43"' in html
    assert html.index("ตัวชี้วัดย่อยที่ 9.1") < html.index("ตัวชี้วัดย่อยที่ 10.1")
    # The officer may edit: every row links to its form.
    assert item_url(43) in html
    assert indicator_url(8) in html


def test_requirement_text_is_shown_when_the_criteria_have_it(demo, login):
    client = login("demo_officer")
    requirement = item(2566, 31).requirement
    assert requirement
    html = client.get(board_url(2566)).content.decode()
    # O31–O33 and O39–O43: the items the fact sheet gives a requirement text for.
    assert html.count('data-testid="requirement"') == 8
    assert escape(requirement.splitlines()[0]) in row_html(html, "item-31")
    assert "องค์ประกอบด้านข้อมูล" in row_html(html, "item-31")
    assert "องค์ประกอบด้านข้อมูล" not in row_html(html, "item-1")
    # 2568's criteria carry no requirement text.
    assert "องค์ประกอบด้านข้อมูล" not in client.get(board_url(2568)).content.decode()


def test_board_2568_has_its_own_26_items(demo):
    board = readiness_board(demo["agency"], year(2568))
    assert board.total == 26
    assert len(board.indicators) == 8


# --- saving an item ----------------------------------------------------------------


def test_saving_an_item_shows_it_on_the_board(demo, login):
    agency = demo["agency"]
    client = login("demo_officer")
    palad, finance = unit(agency, "สำนักปลัด"), unit(agency, "กองคลัง")
    response = client.post(
        item_url(11),
        {
            "units": [palad.pk, finance.pk],
            "url": "https://thungruangthong.go.th/plan-2566",
            "progress": "done",
            "note": "เผยแพร่แผนดำเนินงานประจำปีแล้ว",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == board_url() + "#item-11"

    saved = OITItemReadiness.objects.get(agency=agency, item=item(2566, 11))
    assert saved.progress == Progress.DONE
    assert saved.url == "https://thungruangthong.go.th/plan-2566"
    assert set(saved.units.all()) == {palad, finance}

    html = client.get(response["Location"]).content.decode()
    assert "บันทึกความพร้อมข้อ O11 แล้ว" in html
    assert "พร้อมแล้ว 1 จาก 43 ข้อ" in html
    row = row_html(html, "item-11")
    assert 'class="table-success"' in row
    assert '<a href="https://thungruangthong.go.th/plan-2566" rel="noopener nofollow"' in row
    assert "สำนักปลัด, กองคลัง" in row
    assert "เผยแพร่แผนดำเนินงานประจำปีแล้ว" in row
    assert "ยังไม่มีลิงก์" not in row
    assert 'class="table-secondary"' in row_html(html, "item-12")


def test_saving_again_updates_the_same_row(demo):
    agency = demo["agency"]
    save_item(agency, 2566, 5, url="https://a.example/1", units=[unit(agency, "กองช่าง")])
    save_item(
        agency, 2566, 5, url="", progress=Progress.NOT_STARTED, units=[unit(agency, "กองคลัง")]
    )
    saved = OITItemReadiness.objects.get(agency=agency, item=item(2566, 5))
    assert OITItemReadiness.objects.filter(agency=agency).count() == 1
    assert (saved.url, saved.progress) == ("", Progress.NOT_STARTED)
    assert [u.name for u in saved.units.all()] == ["กองคลัง"]


def test_edit_form_shows_what_was_saved(demo, login):
    agency = demo["agency"]
    save_item(
        agency,
        2566,
        7,
        url="https://news.example/",
        units=[unit(agency, "กองช่าง")],
        note="ข่าวรายเดือน",
    )
    html = login("demo_officer").get(item_url(7)).content.decode()
    assert 'value="https://news.example/"' in html
    assert "ข่าวรายเดือน" in html
    boxes = re.findall(r'<input [^>]*name="units"[^>]*>', html)
    checked = [tag for tag in boxes if "checked" in tag]
    assert checked == [input_tag(html, "id_units_2")]
    assert f'value="{unit(agency, "กองช่าง").pk}"' in checked[0]
    assert "checked" in input_tag(html, "id_progress_1")
    assert "checked" not in input_tag(html, "id_progress_0")


def test_done_without_url_is_flagged(demo, login):
    agency = demo["agency"]
    save_item(agency, 2566, 3, url="")
    save_item(agency, 2566, 4, url="https://example.go.th/strategy")
    save_item(agency, 2566, 6, url="", progress=Progress.NOT_STARTED)
    board = readiness_board(agency, year(2566))
    assert (board.done, board.not_started, board.missing_url) == (2, 41, 1)
    assert [row.item.number for row in board.rows if row.missing_url] == [3]

    html = login("demo_officer").get(board_url()).content.decode()
    assert "ยังไม่มีลิงก์" in row_html(html, "item-3")
    assert "ยังไม่มีลิงก์" not in row_html(html, "item-4")
    # Not started without a link is merely not started, not flagged.
    assert "ยังไม่มีลิงก์" not in row_html(html, "item-6")
    assert html.count('data-testid="missing-url"') == 1


# --- URLs are stored, never fetched ------------------------------------------------


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection or resolve a name fails the test."""
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError("the server must never fetch a stored URL")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(http.client.HTTPConnection, "connect", refuse)
    return calls


def test_the_server_never_fetches_the_url(demo, login, no_network):
    client = login("demo_officer")
    url = "https://thungruangthong.go.th/oit/o1"
    response = client.post(item_url(1), {"url": url, "progress": "done", "note": ""})
    assert response.status_code == 302
    html = client.get(board_url()).content.decode()
    assert f'href="{url}"' in html
    assert client.get(item_url(1)).status_code == 200
    assert no_network == []


# --- refusals ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    ["javascript:alert(1)", "ftp://x", "ftp://example.com/file", "www.example.com", "http://"],
)
def test_a_bad_url_is_refused_and_nothing_is_saved(demo, login, bad):
    agency = demo["agency"]
    with pytest.raises(ValidationError) as invalid:
        save_item(agency, 2566, 2, url=bad)
    assert invalid.value.message_dict == {"url": [URL_MESSAGE]}

    response = login("demo_officer").post(
        item_url(2), {"url": bad, "progress": "done", "note": "ข้อความที่พิมพ์ไว้"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "ที่อยู่เว็บไซต์ต้องขึ้นต้นด้วย http:// หรือ https://" in html
    # What the officer typed is kept for correction (escaped).
    assert "ข้อความที่พิมพ์ไว้" in html
    assert "checked" in input_tag(html, "id_progress_1")
    assert f'value="{escape(bad)}"' in input_tag(html, "id_url")
    assert not OITItemReadiness.objects.exists()


def test_a_too_long_url_is_refused(demo):
    with pytest.raises(ValidationError) as invalid:
        save_item(demo["agency"], 2566, 2, url="https://example.com/" + "a" * 500)
    assert "url" in invalid.value.message_dict
    assert not OITItemReadiness.objects.exists()


def test_a_unit_of_another_agency_is_refused(demo, login):
    agency, other = demo["agency"], demo["other_agency"]
    foreign = other.units.first()
    with pytest.raises(ValidationError) as invalid:
        save_item(agency, 2566, 2, url="https://example.com/", units=[foreign])
    assert invalid.value.message_dict == {"units": [UNITS_MESSAGE]}
    with pytest.raises(ValidationError):
        indicator_plan_save(
            agency,
            Indicator.objects.get(year__year=2566, number=1),
            approach="",
            units=[foreign],
            period_text="",
            progress=Progress.NOT_STARTED,
            acting_user=user("demo_officer"),
        )

    response = login("demo_officer").post(
        item_url(2), {"units": [foreign.pk], "url": "https://example.com/", "progress": "done"}
    )
    assert response.status_code == 200
    assert UNITS_MESSAGE in response.content.decode()
    assert not OITItemReadiness.objects.exists()
    assert not IndicatorPlan.objects.exists()


def test_an_unknown_progress_is_refused(demo):
    with pytest.raises(ValidationError) as invalid:
        save_item(demo["agency"], 2566, 2, progress="finished")
    assert "progress" in invalid.value.message_dict


@pytest.mark.parametrize(
    "url",
    [
        ("measures:readiness_item_edit", [AGENCY, 2566, 44]),
        ("measures:readiness_item_edit", [AGENCY, 2568, 27]),
        ("measures:readiness_item_edit", [AGENCY, 2599, 1]),
        ("measures:readiness_item_edit", ["no-such-agency", 2566, 1]),
        ("measures:readiness_board", [AGENCY, 2599]),
        ("measures:readiness_board", ["no-such-agency", 2566]),
        ("measures:indicator_plan_edit", [AGENCY, 2566, 9]),
        ("measures:indicator_plan_edit", [AGENCY, 2566, 10]),
        ("measures:indicator_plan_edit", [AGENCY, 2566, 11]),
    ],
)
def test_unknown_things_are_404(demo, login, url):
    name, args = url
    client = login("demo_officer")
    assert client.get(reverse(name, args=args)).status_code == 404
    if name != "measures:readiness_board":  # the board answers GET only (405 to a POST)
        assert client.post(reverse(name, args=args), {"progress": "done"}).status_code == 404


def test_palad_reads_the_board_but_cannot_edit(demo, login):
    client = login("demo_palad")
    response = client.get(board_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="item-row"' in html
    assert item_url(1) not in html and indicator_url(1) not in html

    assert client.get(item_url(1)).status_code == 403
    post = {"url": "https://x.example/", "progress": "done"}
    assert client.post(item_url(1), post).status_code == 403
    assert client.post(indicator_url(1), {"approach": "x", "progress": "done"}).status_code == 403
    assert not OITItemReadiness.objects.exists()
    assert not IndicatorPlan.objects.exists()

    with pytest.raises(PermissionDenied):
        readiness_save(
            demo["agency"],
            item(2566, 1),
            units=[],
            url="",
            progress="done",
            note="",
            acting_user=user("demo_palad"),
        )


def test_an_officer_of_another_agency_gets_403(demo, login):
    client = login("demo_officer_b")
    assert client.get(board_url()).status_code == 403
    assert client.get(item_url(1)).status_code == 403
    assert client.post(item_url(1), {"progress": "done"}).status_code == 403
    with pytest.raises(PermissionDenied):
        readiness_save(
            demo["agency"],
            item(2566, 1),
            units=[],
            url="",
            progress="done",
            note="",
            acting_user=user("demo_officer_b"),
        )


def test_anonymous_visitors_are_sent_to_log_in(demo, client):
    for url in (board_url(), item_url(1), indicator_url(1)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


# --- indicator plans ---------------------------------------------------------------


def test_saving_an_indicator_plan_shows_it_on_the_board(demo, login):
    agency = demo["agency"]
    client = login("demo_officer")
    response = client.post(
        indicator_url(6),
        {
            "approach": "1. กำหนดขั้นตอนและระยะเวลาการให้บริการให้ชัดเจน\n2. อบรมเจ้าหน้าที่",
            "units": [unit(agency, "สำนักปลัด").pk],
            "period_text": "ต.ค. 2565 ถึง ก.ย. 2566",
            "progress": "done",
            "note": "อบรมเจ้าหน้าที่แล้ว 2 รุ่น",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == board_url() + "#indicator-6"
    plan = IndicatorPlan.objects.get(agency=agency, indicator__year__year=2566, indicator__number=6)
    assert plan.progress == Progress.DONE

    html = client.get(board_url()).content.decode()
    row = row_html(html, "indicator-6")
    assert "กำหนดขั้นตอนและระยะเวลาการให้บริการให้ชัดเจน<br>2. อบรมเจ้าหน้าที่" in row
    assert "สำนักปลัด" in row and "ต.ค. 2565 ถึง ก.ย. 2566" in row
    assert "อบรมเจ้าหน้าที่แล้ว 2 รุ่น" in row
    assert 'class="table-success"' in row
    # The edit form shows it again.
    assert "อบรมเจ้าหน้าที่แล้ว 2 รุ่น</textarea>" in client.get(indicator_url(6)).content.decode()
    assert readiness_board(agency, year(2566)).indicators_done == 1


def test_an_oit_indicator_gets_no_plan(demo):
    with pytest.raises(ValidationError):
        indicator_plan_save(
            demo["agency"],
            Indicator.objects.get(year__year=2566, number=9),
            approach="x",
            units=[],
            period_text="",
            progress=Progress.DONE,
            acting_user=user("demo_officer"),
        )
    assert not IndicatorPlan.objects.exists()


def test_a_too_long_period_is_refused_with_the_typed_values_kept(demo, login):
    response = login("demo_officer").post(
        indicator_url(1), {"approach": "แนวทางที่พิมพ์ไว้", "period_text": "ก" * 201, "progress": "done"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "ระยะเวลาต้องยาวไม่เกิน 200 ตัวอักษร" in html
    assert "แนวทางที่พิมพ์ไว้" in html
    assert not IndicatorPlan.objects.exists()


# --- performance and escaping ------------------------------------------------------


def _fill(agency, year_number):
    save_item(
        agency,
        year_number,
        1,
        url="https://example.go.th/1",
        units=[unit(agency, "สำนักปลัด"), unit(agency, "กองคลัง")],
    )
    save_item(agency, year_number, 2, url="", units=[unit(agency, "กองช่าง")])
    indicator_plan_save(
        agency,
        Indicator.objects.get(year__year=year_number, number=1),
        approach="แนวทาง",
        units=[unit(agency, "สำนักปลัด")],
        period_text="ทั้งปี",
        progress=Progress.DONE,
        acting_user=user("demo_officer"),
    )


@pytest.mark.parametrize("year_number", [2566, 2568])
def test_the_board_takes_a_fixed_number_of_queries(demo, django_assert_num_queries, year_number):
    agency = demo["agency"]
    _fill(agency, year_number)
    criteria = year(year_number)
    # items, readiness rows, their units, indicators, plans, their units
    with django_assert_num_queries(6):
        board = readiness_board(agency, criteria)
        # Everything the page reads, row by row.
        seen = [(r.units, r.url, r.note, r.item.sub_indicator.indicator.number) for r in board.rows]
        seen += [(r.units, r.plan, r.indicator.tool.code) for r in board.indicators]
        counts = (board.done, board.not_started, board.missing_url)
    assert len(seen) == board.total + 8
    assert counts[:3] == (2, board.total - 2, 1)


def test_the_board_page_takes_the_same_queries_for_43_and_26_items(demo, login):
    agency = demo["agency"]
    client = login("demo_officer")
    counts = {}
    for year_number in (2566, 2568):
        _fill(agency, year_number)
        client.get(board_url(year_number))  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(board_url(year_number)).status_code == 200
        counts[year_number] = len(queries)
    # session, user, agency, roles, year, the board's six, the public OIT page's state,
    # memberships for the menu (the session was renewed for the idle timeout by the warm-up
    # request, not this one)
    assert counts == {2566: 13, 2568: 13}


def test_a_url_with_markup_is_escaped_on_the_board(demo, login):
    agency = demo["agency"]
    save_item(agency, 2566, 9, url=XSS_URL, note="<b>ตัวหนา</b>")
    html = login("demo_officer").get(board_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert '"><script>' not in html
    row = row_html(html, "item-9")
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in row
    assert "&lt;b&gt;ตัวหนา&lt;/b&gt;" in row
    assert 'rel="noopener nofollow"' in row


def test_a_non_http_url_already_stored_is_not_made_a_link(demo, login):
    """Rows written around the service (admin, shell) still never become javascript: links."""
    agency = demo["agency"]
    OITItemReadiness.objects.create(
        agency=agency, item=item(2566, 8), url="javascript:alert(1)", progress=Progress.DONE
    )
    html = login("demo_officer").get(board_url()).content.decode()
    row = row_html(html, "item-8")
    assert 'href="javascript:' not in row
    assert "javascript:alert(1)" in row
