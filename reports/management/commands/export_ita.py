"""Write one agency-year as an ITA Portal JSON file (see docs/ita-json.md).

    manage.py export_ita --agency thung-ruang-thong --year 2566 -o trt-2566.json

Without -o the JSON goes to standard output.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from reports.ita_json import dumps, export_agency_year, omitted_evidence_files


class Command(BaseCommand):
    help = "ส่งออกข้อมูลของหน่วยงานหนึ่งปีงบประมาณเป็นไฟล์ JSON (รูปแบบใน docs/ita-json.md)"

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="รหัสหน่วยงาน เช่น ban-pong")
        parser.add_argument("--year", required=True, type=int, help="ปีงบประมาณ พ.ศ. เช่น 2566")
        parser.add_argument("-o", "--output", type=Path, help="ไฟล์ที่จะเขียน (ไม่ระบุ: เขียนออกทางหน้าจอ)")

    def handle(self, *args, agency: str, year: int, output: Path | None, **options):
        found = Agency.objects.filter(code=agency).first()
        if found is None:
            raise CommandError(f'ไม่พบหน่วยงานรหัส "{agency}"')
        criteria = AssessmentYear.objects.filter(year=year).first()
        if criteria is None:
            raise CommandError(
                f"ไม่พบเกณฑ์การประเมินปี {year} ในฐานข้อมูลนี้ "
                f"(นำเข้าเกณฑ์ด้วย python manage.py load_criteria {year})"
            )
        data = export_agency_year(found, criteria)
        text = dumps(data)
        files = omitted_evidence_files(found, criteria)
        if files:
            self.stderr.write(
                self.style.WARNING(
                    f"หมายเหตุ: ไฟล์หลักฐานที่อัปโหลดไว้ {files} ไฟล์ไม่ได้รวมอยู่ในไฟล์ JSON "
                    "(รวมเฉพาะหลักฐานที่เป็นลิงก์) กรุณาสำรองโฟลเดอร์ media แยกต่างหาก"
                )
            )
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as problem:
            raise CommandError(f"เขียนไฟล์ {output} ไม่ได้: {problem.strerror}") from problem
        self.stdout.write(
            self.style.SUCCESS(
                f"ส่งออกข้อมูล {found.name} ปี {year} ไปที่ {output} แล้ว "
                f"(ผลการประเมิน: {'มี' if data['result'] else 'ไม่มี'}, "
                f"มาตรการ {len(data['measures'])} รายการ, รอบรายงาน {len(data['rounds'])} รอบ, "
                f"ความพร้อมข้อ OIT {len(data['oit_readiness'])} ข้อ, "
                f"แนวทางยกระดับ {len(data['indicator_plans'])} ตัวชี้วัด)"
            )
        )
