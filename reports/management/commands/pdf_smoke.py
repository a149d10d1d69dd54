"""Render the sample report PDF to a file, to check fonts and layout on a server.

    manage.py pdf_smoke /tmp/sample.pdf [--rows 40] [--landscape] [--thai-digits] [--cover]

Then look at it: pdffonts (Sarabun and DejaVu Sans embedded), pdftoppm -png -r 60.
"""

import logging
from pathlib import Path

from django.core.management.base import BaseCommand

from .bench_pdf import sample_rows


class Command(BaseCommand):
    help = "Write the sample report (reports/sample_pdf.html) as a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path)
        parser.add_argument("--rows", type=int, default=40)
        parser.add_argument("--landscape", action="store_true")
        parser.add_argument("--thai-digits", action="store_true")
        parser.add_argument("--cover", action="store_true", help="add the cover page")

    def handle(self, *args, **options):
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        from ita_portal.pdf.render import render_pdf  # imported here, after the logger is quietened

        context = {"rows": sample_rows(options["rows"])}
        if options["cover"]:
            context["cover"] = {
                "title": "รายงานผลการประเมินคุณธรรมและความโปร่งใส (ITA)",
                "agency": "องค์การบริหารส่วนตำบลตัวอย่าง",
                "district": "เมือง",
                "province": "ลำปาง",
                "fiscal_year": 2568,
            }
        data = render_pdf(
            "reports/sample_pdf.html",
            context,
            title="ตัวอย่างรายงาน ITA",
            author="องค์การบริหารส่วนตำบลตัวอย่าง",
            landscape=options["landscape"],
            thai_digits=options["thai_digits"],
        )
        options["output"].write_bytes(data)
        self.stdout.write(f"{options['output']}: {len(data):,} bytes")
