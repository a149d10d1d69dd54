"""sitemap.xml lists what is public; robots.txt points at it."""

from django.urls import reverse

from publishing.models import OITPage


def test_sitemap_lists_public_agencies_and_oit_pages_only(client, publish, agency, demo):
    publish("plan", 2567)
    OITPage.objects.create(agency=agency, year=2567, is_public=True)
    OITPage.objects.create(agency=demo["other_agency"], year=2567, is_public=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    body = response.content.decode()
    assert "http://testserver/agencies/thung-ruang-thong/</loc>" in body
    assert "http://testserver/agencies/thung-ruang-thong/oit/2567/</loc>" in body
    assert "tha-nam-sai" not in body
    for name in ("home", "public:overview", "public:open_data"):
        assert f"http://testserver{reverse(name)}</loc>" in body


def test_robots_txt_allows_the_public_site_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /accounts/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert client.post("/robots.txt").status_code == 405
