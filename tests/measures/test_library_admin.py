import pytest
from django.urls import reverse

from measures.models import MeasureSuggestion

pytestmark = pytest.mark.django_db


def test_administrators_edit_the_shared_library(admin_client):
    suggestion = MeasureSuggestion.objects.filter(agency=None, indicator_number=9).first()
    url = reverse("admin:measures_measuresuggestion_change", args=[suggestion.pk])
    response = admin_client.post(
        url,
        {"indicator_number": 9, "title": "ข้อความที่ผู้ดูแลปรับปรุง", "steps": "", "monitoring": ""},
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.title == "ข้อความที่ผู้ดูแลปรับปรุง"


def test_agency_staff_can_read_but_not_change_the_shared_library(client, demo, login):
    login("demo_agency_admin")
    suggestion = MeasureSuggestion.objects.filter(agency=None).first()
    url = reverse("admin:measures_measuresuggestion_change", args=[suggestion.pk])
    assert client.get(url).status_code == 200
    data = {"indicator_number": 1, "title": "แก้", "steps": "", "monitoring": ""}
    response = client.post(url, data)
    assert response.status_code == 403
