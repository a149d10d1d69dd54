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
        parser.add_argument("--kind", required=True, choices=[*ReportKind.values, "memo"])
        parser.add_argument(
            "--memo", type=int, help="เลขที่ภายในของบันทึกข้อความ (กับ --kind memo): ฉบับที่ออกแล้ว"
            " พิมพ์จากข้อมูลที่ตรึงไว้ ฉบับร่างพิมพ์จากข้อมูลปัจจุบัน",
        )
        parser.add_argument(
            "--layout", choices=ProgressLayout.values, default=ProgressLayout.BY_INDICATOR
        )
        parser.add_argument("--thai-digits", action="store_true", help="พิมพ์ตัวเลขเป็นเลขไทย")
        parser.add_argument("--no-cover", action="store_true", help="ไม่พิมพ์ปก")
        parser.add_argument("-o", "--output", required=True, type=Path)

    def handle(self, *args, agency, year, kind, layout, thai_digits, no_cover, output, **options):
        if kind == "memo":
            self._memo(agency, year, options.get("memo"), output)
            return
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

    def _memo(self, agency: str, year: int, memo_id: int | None, output: Path) -> None:
        from memos.documents import memo_payload
        from memos.models import Memo

        if memo_id is None:
            raise CommandError("ระบุ --memo เลขที่ภายในของบันทึกข้อความ")
        memo = (
            Memo.objects.select_related("agency", "year", "document", "report_document")
            .filter(pk=memo_id, agency__code=agency, year__year=year)
            .first()
        )
        if memo is None:
            raise CommandError(f"ไม่พบบันทึกข้อความ {memo_id} ของ {agency} ปี {year}")
        if memo.document_id:
            document = memo.document
            from ita_portal.documents.renderer import document_identifier

            pdf = render_payload(
                document.payload, issued_at=document.issued_at,
                identifier=document_identifier(document),
            ).content
            label = f"ฉบับที่ออกแล้ว เลขที่ {memo.number}/{year}"
        else:
            pdf = render_payload(memo_payload(memo)).content
            label = "ฉบับร่าง"
        output.write_bytes(pdf)
        self.stdout.write(self.style.SUCCESS(f"{output}: {len(pdf):,} ไบต์ ({label})"))
