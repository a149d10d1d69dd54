from django.core.management.base import BaseCommand, CommandError

from ita_portal.documents.models import IssuedDocument, RenderStatus
from ita_portal.documents.renderer import document_verify


class Command(BaseCommand):
    help = (
        "สร้าง PDF ของเอกสารที่ออกแล้วใหม่จากข้อมูลที่ตรึงไว้ เทียบทุกไบต์และ SHA-256 กับไฟล์ที่เก็บ"
        " (ออกด้วยรหัสไม่เป็นศูนย์หากมีฉบับใดไม่ตรง)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="เฉพาะหน่วยงานรหัสนี้")
        parser.add_argument("ids", nargs="*", type=int, help="เฉพาะเอกสารรหัสเหล่านี้")

    def handle(self, *args, agency=None, ids=(), **options):
        documents = IssuedDocument.objects.filter(status=RenderStatus.READY).select_related(
            "agency"
        )
        if agency:
            documents = documents.filter(agency__code=agency)
        if ids:
            documents = documents.filter(pk__in=ids)
        checked = mismatched = 0
        for document in documents.order_by("pk").iterator(chunk_size=20):
            same, sha = document_verify(document)
            checked += 1
            if not same:
                mismatched += 1
                self.stderr.write(
                    f"ไม่ตรง: id {document.pk} เลขที่ {document.number}/{document.year}"
                    f" เก็บไว้ {document.sha256} สร้างใหม่ได้ {sha}"
                )
        self.stdout.write(f"ตรวจ {checked} ฉบับ ตรงกัน {checked - mismatched} ไม่ตรง {mismatched}")
        if mismatched:
            raise CommandError(f"เอกสาร {mismatched} ฉบับไม่ตรงกับข้อมูลที่ตรึงไว้")
