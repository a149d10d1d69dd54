from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from assessments.criteria_file import CriteriaFileError, parse_criteria_file
from assessments.services import criteria_import


class Command(BaseCommand):
    help = (
        "นำเข้าเกณฑ์การประเมินของปีหนึ่งจากไฟล์ JSON หรือ XLSX: ปีใหม่เป็นฉบับร่าง "
        "ปีฉบับร่างที่มีอยู่ถูกแทนที่ ปีที่ยืนยันแล้วนำเข้าทับไม่ได้ ถ้าผิดพลาดจะไม่บันทึกอะไรเลย"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="ไฟล์ .json หรือ .xlsx")
        parser.add_argument("--year", type=int, help="ปฏิเสธไฟล์ถ้าไม่ใช่เกณฑ์ของปีนี้")

    def handle(self, *args, file: str, year: int | None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"ไม่พบไฟล์ {path}")
        try:
            data = parse_criteria_file(path.read_bytes(), path.name)
            criteria, created = criteria_import(data, acting_user=None, expected_year=year)
        except CriteriaFileError as error:
            raise CommandError("นำเข้าไม่ได้:\n" + "\n".join(error.messages)) from error
        except ValidationError as error:
            raise CommandError("นำเข้าไม่ได้:\n" + "\n".join(error.messages)) from error
        how = "สร้างเป็นฉบับร่าง" if created else "แทนเกณฑ์ฉบับร่างเดิม"
        self.stdout.write(self.style.SUCCESS(f"นำเข้าเกณฑ์ปี {criteria.year} แล้ว ({how})"))
