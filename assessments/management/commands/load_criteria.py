import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessments.models import AssessmentYear

CRITERIA_DIR = Path(settings.BASE_DIR) / "fixtures" / "criteria"


def fixture_year(path: Path) -> int:
    for obj in json.loads(path.read_text(encoding="utf-8")):
        if obj["model"] == "assessments.assessmentyear":
            return obj["fields"]["year"]
    raise CommandError(f"{path.name}: ไม่พบข้อมูลปีการประเมินในไฟล์")


class Command(BaseCommand):
    help = (
        "นำเข้าเกณฑ์การประเมิน ITA จาก fixtures/criteria/ "
        "(ข้ามปีที่มีอยู่แล้ว เพื่อไม่ทับข้อมูลที่ผู้ดูแลระบบแก้ไข เว้นแต่สั่ง --update)"
    )

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, help="ปี พ.ศ. ที่ต้องการ (ค่าเริ่มต้น: ทุกปี)")
        parser.add_argument(
            "--update", action="store_true", help="โหลดทับปีที่มีอยู่แล้วด้วยข้อมูลจากไฟล์"
        )

    def handle(self, *args, years: list[int], update: bool, verbosity: int, **options):
        say = self.stdout.write if verbosity else (lambda message: None)
        files = {fixture_year(path): path for path in sorted(CRITERIA_DIR.glob("criteria_*.json"))}
        unknown = set(years) - set(files)
        if unknown:
            raise CommandError(f"ไม่มีไฟล์เกณฑ์ของปี {', '.join(map(str, sorted(unknown)))}")
        existing = set(AssessmentYear.objects.values_list("year", flat=True))
        for year in sorted(years or files):
            if year in existing and not update:
                say(f"เกณฑ์ปี {year}: มีอยู่แล้ว ไม่โหลดทับ")
                continue
            with transaction.atomic():
                call_command("loaddata", str(files[year]), verbosity=0)
            say(self.style.SUCCESS(f"เกณฑ์ปี {year}: นำเข้าจาก {files[year].name}"))
