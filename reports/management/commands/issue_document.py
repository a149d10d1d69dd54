from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from ita_portal.documents.models import RenderStatus
from ita_portal.documents.renderer import document_render
from ita_portal.documents.services import document_issue
from measures.models import RoundKind
from reports.documents import ReportKind, ReportUnavailable, report_payload, report_variant
from reports.models import ProgressLayout


class Command(BaseCommand):
    help = (
        "ออกเอกสาร (ตรึงข้อมูลของรายงาน) หนึ่งฉบับในนามผู้ใช้ สร้างไฟล์ PDF ทันที แล้วพิมพ์"
        " รหัส เลขที่ และ SHA-256 ของไฟล์"
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="รหัสหน่วยงาน เช่น thung-ruang-thong")
        parser.add_argument("--year", required=True, type=int, help="ปีงบประมาณ พ.ศ.")
        parser.add_argument("--kind", required=True, choices=ReportKind.values)
        parser.add_argument(
            "--layout", choices=ProgressLayout.values, default=ProgressLayout.BY_INDICATOR
        )
        parser.add_argument("--round", default="", choices=["", *RoundKind.values])
        parser.add_argument("--thai-digits", action="store_true", help="พิมพ์ตัวเลขเป็นเลขไทย")
        parser.add_argument("--no-cover", action="store_true", help="ไม่พิมพ์ปก")
        parser.add_argument("--by", required=True, help="ชื่อผู้ใช้ผู้ออกเอกสาร")

    def handle(self, *args, agency, year, kind, layout, round, thai_digits, no_cover, by,
               **options):
        found = Agency.objects.filter(code=agency).first()
        if found is None:
            raise CommandError(f"ไม่พบหน่วยงานรหัส {agency}")
        criteria = AssessmentYear.objects.filter(year=year).first()
        if criteria is None:
            raise CommandError(f"ไม่มีเกณฑ์ของปี {year} (manage.py load_criteria)")
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"ไม่พบผู้ใช้ {by}")
        try:
            payload = report_payload(
                found, criteria, kind, layout=layout, with_cover=not no_cover,
                thai_digits=thai_digits, round_kind=round,
            )
            document = document_issue(
                agency=found,
                year=criteria,
                kind=kind,
                variant=report_variant(kind, payload["layout"], round),
                options={"layout": payload["layout"], "round": round,
                         "thai_digits": thai_digits, "with_cover": not no_cover},
                payload=payload,
                acting_user=user,
            )
        except (ReportUnavailable, PermissionDenied) as refused:
            raise CommandError(str(refused)) from refused
        except ValidationError as refused:
            raise CommandError(refused.messages[0]) from refused
        # The render task was queued on commit; rendering here as well is harmless (the
        # first to finish stores the file, the other sees it ready).
        document = document_render(document.pk)
        if document.status != RenderStatus.READY:
            raise CommandError(f"สร้างไฟล์ไม่สำเร็จ: {document.failure_reason}")
        self.stdout.write(f"id {document.pk}")
        self.stdout.write(f"เลขที่ {document.number}/{criteria.year}")
        self.stdout.write(f"หน้า {document.page_count} ขนาด {document.size:,} ไบต์")
        self.stdout.write(document.sha256)
