"""Issue 13, point 6: district and province are optional; nothing prints an empty
"อำเภอ จังหวัด"."""

import pytest
from django.urls import reverse

from ita_portal.agencies.models import Agency

from .test_agency_data import AGENCY_FORM

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("district", "province", "locality"),
    [
        ("เชียงของ", "เชียงราย", "อำเภอเชียงของ จังหวัดเชียงราย"),
        ("", "เชียงราย", "จังหวัดเชียงราย"),
        ("เชียงของ", "", "อำเภอเชียงของ"),
        ("", "", ""),
        ("  ", " ", ""),
    ],
)
def test_locality_prints_only_what_is_known(district, province, locality):
    assert Agency(district=district, province=province).locality == locality


def test_an_administrator_saves_an_agency_without_a_place(admin_client, db):
    response = admin_client.post(
        reverse("admin:agencies_agency_add"),
        {**AGENCY_FORM, "code": "no-place", "district": "", "province": ""},
    )
    assert response.status_code == 302
    assert Agency.objects.get(code="no-place").locality == ""


def test_public_pages_show_no_empty_place(client, demo):
    Agency.objects.filter(code="tha-nam-sai").update(district="", province="")
    home = client.get(reverse("home")).content.decode()
    assert "อำเภอ จังหวัด" not in home and "อำเภอ</div>" not in home
    assert "เทศบาลตำบล · " not in home  # no separator before an empty place
    assert "<option value=\"\"> (" not in home  # no nameless province in the filter
    assert "อำเภอเมืองพะเยา จังหวัดพะเยา" in home  # the other agency keeps its place
    public = client.get(reverse("agencies:agency_public", args=["tha-nam-sai"])).content.decode()
    assert '<p class="text-secondary">เทศบาลตำบล</p>' in public
