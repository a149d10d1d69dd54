import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_public_criteria_page_shows_every_item_in_few_queries(client, django_assert_num_queries):
    with django_assert_num_queries(7):
        response = client.get(reverse("assessments:criteria_detail", args=[2566]))
    html = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r'class="oit-code">O\d+<', html)) == 43
    assert "ตัวชี้วัดย่อยที่ 10.2" in html
    assert "ฉบับร่าง" not in html


def test_draft_year_is_labelled(client):
    html = client.get(reverse("assessments:criteria_detail", args=[2568])).content.decode()
    assert "ฉบับร่าง" in html


def test_unknown_year_is_404(client):
    assert client.get(reverse("assessments:criteria_detail", args=[2500])).status_code == 404
