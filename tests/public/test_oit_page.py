"""The public OIT page of an agency-year: 404 until the agency publishes it."""

from django.urls import reverse

from assessments.models import OITItem
from measures.models import OITItemReadiness, Progress
from publishing.models import OITPage

URL = reverse("public:oit_page", args=["thung-ruang-thong", 2567])


def test_404_until_published_and_again_once_withdrawn(client, agency):
    assert client.get(URL).status_code == 404
    page = OITPage.objects.create(agency=agency, year=2567, is_public=False)
    assert client.get(URL).status_code == 404
    page.is_public = True
    page.save()
    assert client.get(URL).status_code == 200
    page.is_public = False
    page.save()
    assert client.get(URL).status_code == 404


def test_every_item_of_the_year_with_the_recorded_links(client, agency):
    items = list(OITItem.objects.filter(year__year=2567).order_by("number"))
    OITItemReadiness.objects.create(agency=agency, item=items[0], progress=Progress.DONE,
                                    url="https://thungruangthong.example/o1", note="บันทึกภายใน")
    OITItemReadiness.objects.create(agency=agency, item=items[1], url="javascript:alert(1)")
    OITPage.objects.create(agency=agency, year=2567, is_public=True)
    response = client.get(URL)
    assert response.text.count('data-testid="oit-item"') == len(items)
    assert 'href="https://thungruangthong.example/o1"' in response.text
    assert "javascript:" not in response.text
    assert "บันทึกภายใน" not in response.text  # notes and responsible units stay private
    assert response.text.count("ยังไม่ได้ระบุ") == len(items) - 1
    # Another year's page, or another agency's, is not this one.
    assert client.get(reverse("public:oit_page", args=["thung-ruang-thong", 2566])).status_code \
        == 404
    assert client.get(reverse("public:oit_page", args=["tha-nam-sai", 2567])).status_code == 404


def test_a_year_without_criteria_answers_404(client, agency):
    OITPage.objects.create(agency=agency, year=2599, is_public=True)
    assert client.get(reverse("public:oit_page", args=[agency.code, 2599])).status_code == 404


def test_the_oit_page_takes_a_fixed_number_of_queries(client, agency, django_assert_num_queries):
    OITPage.objects.create(agency=agency, year=2567, is_public=True)
    items = list(OITItem.objects.filter(year__year=2567).order_by("number"))
    OITItemReadiness.objects.create(agency=agency, item=items[0], url="https://a.example/1")
    with django_assert_num_queries(QUERIES):
        client.get(URL)
    OITItemReadiness.objects.bulk_create(
        OITItemReadiness(agency=agency, item=item, url=f"https://a.example/{item.number}")
        for item in items[1:]
    )
    with django_assert_num_queries(QUERIES):
        response = client.get(URL)
    assert response.text.count("https://a.example/") == 2 * len(items)  # href and text


QUERIES = 8
