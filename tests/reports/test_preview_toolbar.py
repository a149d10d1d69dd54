"""The report preview's toolbar: a way back and the draft PDF, on the screen only."""

import subprocess

import pytest
from django.urls import reverse

from assessments.models import AssessmentYear
from ita_portal.documents.rendering import payload_html, render_payload
from reports.documents import report_payload

pytestmark = pytest.mark.django_db

AGENCY = "thung-ruang-thong"
BACK = "กลับไปหน้ารายงาน"
DOWNLOAD = "ดาวน์โหลด PDF (ฉบับร่าง)"


def test_the_preview_links_back_and_to_the_pdf_of_the_same_layout_and_round(
    client, demo, login
):
    login("demo_officer")
    url = reverse("reports:report_preview", args=[AGENCY, 2567, "progress"])
    html = client.get(url, {"layout": "by_tool", "round": "", "x": "1"}).content.decode()
    toolbar = html.split('<nav class="preview-toolbar"')[1].split("</nav>")[0]
    assert f'href="{reverse("reports:report_index", args=[AGENCY, 2567])}"' in toolbar
    pdf_url = reverse("reports:report_pdf", args=[AGENCY, 2567, "progress"])
    assert f'href="{pdf_url}?layout=by_tool"' in toolbar
    assert BACK in toolbar and DOWNLOAD in toolbar
    # Hidden when the preview is printed from the browser.
    assert "@media print {" in html and ".preview-toolbar { display: none; }" in html
    plain = client.get(reverse("reports:report_preview", args=[AGENCY, 2567, "plan"]))
    assert f'href="{reverse("reports:report_pdf", args=[AGENCY, 2567, "plan"])}"' in (
        plain.content.decode()
    )


def test_the_pdf_and_its_html_have_no_toolbar(demo, tmp_path):
    payload = report_payload(demo["agency"], AssessmentYear.objects.get(year=2567), "plan")
    html = payload_html(payload)
    assert "preview-toolbar" not in html and BACK not in html
    assert "has-toolbar" not in html
    path = tmp_path / "plan.pdf"
    path.write_bytes(render_payload(payload).content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "มาตรการ/แนวทาง" in text
    assert "กลับไปหน้า" not in text and "ดาวน์โหลด" not in text
