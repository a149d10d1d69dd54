from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from ita_portal.documents.rendering import render_payload
from reports.documents import ReportKind, ReportUnavailable, report_payload
from reports.models import ProgressLayout


class Command(BaseCommand):
    help = "พิมพ์รายงานของหน่วยงานหนึ่งปีเป็นไฟล์ PDF (สำหรับงานชุดและการตรวจสอบ)"

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="รหัสหน่วยงาน เช่น thung-ruang-thong")
        parser.add_argument("--year", required=True, type=int, help="ปีงบประมาณ พ.ศ.")
        parser.add_argument("--kind", required=True, choices=ReportKind.values)
        parser.add_argument(
            "--layout", choices=ProgressLayout.values, default=ProgressLayout.BY_INDICATOR
        )
        parser.add_argument("--thai-digits", action="store_true", help="พิมพ์ตัวเลขเป็นเลขไทย")
        parser.add_argument("--no-cover", action="store_true", help="ไม่พิมพ์ปก")
        parser.add_argument("-o", "--output", required=True, type=Path)

    def handle(self, *args, agency, year, kind, layout, thai_digits, no_cover, output, **options):
        found = Agency.objects.filter(code=agency).first()
        if found is None:
            raise CommandError(f"ไม่พบหน่วยงานรหัส {agency}")
        criteria = AssessmentYear.objects.filter(year=year).first()
        if criteria is None:
            raise CommandError(f"ไม่มีเกณฑ์ของปี {year} (manage.py load_criteria)")
        try:
            document = report_payload(
                found, criteria, kind, layout=layout, with_cover=not no_cover,
                thai_digits=thai_digits,
            )
        except ReportUnavailable as missing:
            raise CommandError(str(missing)) from missing
        pdf = render_payload(document).content
        output.write_bytes(pdf)
        self.stdout.write(self.style.SUCCESS(f"{output}: {len(pdf):,} ไบต์"))
