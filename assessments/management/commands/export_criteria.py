from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.criteria_file import criteria_data, export_json, export_xlsx
from assessments.models import AssessmentYear


class Command(BaseCommand):
    help = "ส่งออกเกณฑ์การประเมินของปีหนึ่งเป็นไฟล์ JSON หรือ XLSX (รูปแบบใน docs/criteria-file.md)"

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="ปีงบประมาณ พ.ศ. เช่น 2569")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument(
            "--output", "-o", help="ไฟล์ปลายทาง (ค่าเริ่มต้น: criteria_<ปี>.<รูปแบบ> ในโฟลเดอร์ปัจจุบัน)"
        )

    def handle(self, *args, year: int, format: str, output: str | None, **options):
        criteria = AssessmentYear.objects.filter(year=year).first()
        if criteria is None:
            raise CommandError(f"ไม่มีเกณฑ์ของปี {year} ในฐานข้อมูล")
        data = criteria_data(criteria)
        content = export_json(data) if format == "json" else export_xlsx(data)
        path = Path(output or f"criteria_{year}.{format}")
        path.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"ส่งออกเกณฑ์ปี {year} ไปที่ {path}"))
