"""The agency's public page: only published years and versions, scores, chart, measures."""

from django.urls import reverse

from assessments.models import AssessmentYear
from measures.models import Measure, MeasureEvidence, MeasureStatus
from public.selectors import public_document_url
from publishing.models import OITPage, PublicationStatus

PAGE = reverse("agencies:agency_public", args=["thung-ruang-thong"])


def test_without_a_publication_nothing_of_the_agency_years_is_shown(client, agency):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "ยังไม่ได้เผยแพร่รายงานผลการประเมินหรือมาตรการ" in response.text
    # The demo agency has results and measures in the database: none of it shows.
    assert 'data-testid="total"' not in response.text
    assert 'data-testid="measures"' not in response.text
    assert client.get(PAGE, {"year": "2567"}).status_code == 404
    assert client.get(PAGE, {"year": "2566"}).status_code == 404


def test_a_published_analysis_shows_its_document_scores_grade_and_chart(client, publish):
    publication = publish("analysis", 2566)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert response.context["year"] == 2566
    assert publication.title in response.text
    assert public_document_url(publication) in response.text
    total = response.context["data"].analysis.total
    assert f'data-testid="total">{total}<' in response.text
    assert 'data-testid="grade">' in response.text
    assert "<svg" in response.text and 'class="bar-current"' in response.text
    # 2565 is not public: last year's bars and scores stay out of the chart.
    assert 'class="bar-previous"' not in response.text
    assert "ปี 2565" not in response.text


def test_last_years_bars_show_once_last_year_is_public_too(client, publish):
    publish("analysis", 2566)
    publish("analysis", 2565)
    response = client.get(PAGE, {"year": "2566"})
    assert 'class="bar-previous"' in response.text
    assert response.context["years"] == [2566, 2565]


def test_measures_show_with_their_status_and_evidence_stays_private(client, publish, agency):
    publish("plan", 2567)
    measure = Measure.objects.filter(agency=agency, year__year=2567).order_by("order").first()
    Measure.objects.filter(pk=measure.pk).update(status=MeasureStatus.DONE, outcome="ผลลัพธ์ลับ")
    MeasureEvidence.objects.create(measure=measure, title="หลักฐานภายใน",
                                   url="https://example.invalid/secret")
    response = client.get(PAGE)
    table = response.text[response.text.index('data-testid="measures"'):]
    assert measure.title.splitlines()[0] in table
    assert MeasureStatus.DONE.label in table
    assert "หลักฐานภายใน" not in response.text
    assert "example.invalid/secret" not in response.text
    assert "ผลลัพธ์ลับ" not in response.text
    assert len(response.context["data"].measures) == Measure.objects.filter(
        agency=agency, year__year=2567).count()


def test_unpublished_versions_and_drafts_are_never_shown(client, publish, agency):
    first = publish("plan", 2567)
    second = publish("plan", 2567)
    hidden = publish("analysis", 2566, status=PublicationStatus.UNPUBLISHED)
    response = client.get(PAGE, {"year": "2567"})
    docs = response.context["data"].documents
    assert [(d.publication.version, d.is_current) for d in docs] == [(2, True), (1, False)]
    assert "มีฉบับแก้ไขแทนแล้ว" in response.text
    assert {first.pk, second.pk} == {d.publication.pk for d in docs}
    # Only an unpublished version in 2566: the year is not public.
    assert response.context["years"] == [2567]
    assert client.get(PAGE, {"year": "2566"}).status_code == 404
    assert hidden.title not in client.get(reverse("home")).text


def test_bad_year_parameters_answer_404_not_500(client, publish):
    publish("plan", 2567)
    for year in ("abc", "0", "-1", "2567\x00", "9" * 40, "๒๕๖๗x"):
        assert client.get(PAGE, {"year": year}).status_code in (200, 404)
    assert client.get(PAGE, {"year": "๒๕๖๗"}).status_code == 200  # Thai digits read as 2567
    assert client.get(reverse("agencies:agency_public", args=["no-such"])).status_code == 404


def test_the_oit_page_link_shows_only_while_the_page_is_public(client, publish, agency):
    publish("plan", 2567)
    oit = reverse("public:oit_page", args=[agency.code, 2567])
    assert oit not in client.get(PAGE).text
    OITPage.objects.create(agency=agency, year=2567, is_public=True)
    assert oit in client.get(PAGE).text


def test_a_published_document_links_to_its_public_page(client, publish):
    publication = publish("plan", 2567)
    assert public_document_url(publication) == f"/documents/{publication.pk}/"
    assert f'href="/documents/{publication.pk}/"' in client.get(
        PAGE, {"year": "2567"}).content.decode()


def test_the_agency_page_takes_a_fixed_number_of_queries(client, publish, agency,
                                                          django_assert_num_queries):
    publish("analysis", 2566)
    criteria = AssessmentYear.objects.get(year=2566)
    Measure.objects.create(agency=agency, year=criteria, order=1, title="มาตรการ 1")
    with django_assert_num_queries(QUERIES):
        client.get(PAGE, {"year": "2566"})
    # More versions, more years, more measures: the same number of queries.
    publish("analysis", 2565)
    publish("plan", 2567)
    publish("plan", 2567)
    Measure.objects.bulk_create(
        Measure(agency=agency, year=criteria, order=n, title=f"มาตรการ {n}") for n in range(2, 30)
    )
    publish("plan", 2566)
    with django_assert_num_queries(QUERIES):
        response = client.get(PAGE, {"year": "2566"})
    assert len(response.context["data"].measures) == 29
    assert len(response.context["data"].documents) == 2


QUERIES = 16
