from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from ita_portal.agencies.models import Agency
from public.selectors import agencies_with_public_years, public_oit_pages
from publishing.models import OITPage


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["home", "public:overview", "public:open_data"]

    def location(self, item: str) -> str:
        return reverse(item)


class AgencySitemap(Sitemap):
    """Agencies with at least one public year (the others have nothing to index)."""

    changefreq = "weekly"

    def items(self):
        return agencies_with_public_years().only("code")

    def location(self, item: Agency) -> str:
        return reverse("agencies:agency_public", args=[item.code])


class OITPageSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return public_oit_pages()

    def location(self, item: OITPage) -> str:
        return reverse("public:oit_page", args=[item.agency.code, item.year])


SITEMAPS = {"pages": StaticSitemap, "agencies": AgencySitemap, "oit": OITPageSitemap}
