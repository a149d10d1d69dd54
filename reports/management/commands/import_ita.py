"""Read an ITA Portal JSON file of one agency-year into this database.

    manage.py import_ita trt-2566.json [--into-existing] [--dry-run] [--by USERNAME]

Everything is checked first; on any problem every message is listed and nothing is
written. The import is recorded in the agency's activity (audit trail) as done by the
user named with --by, or by the system without it. See docs/ita-json.md.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports.ita_json import import_agency_year, loads, validate


class Command(BaseCommand):
    help = (
        "นำเข้าข้อมูลของหน่วยงานหนึ่งปีงบประมาณจากไฟล์ JSON ที่ส่งออกด้วย export_ita "
        "(ตรวจสอบทั้งไฟล์ก่อน ถ้าพบปัญหาจะไม่บันทึกข้อมูลใด ๆ)"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="ไฟล์ JSON")
        parser.add_argument(
            "--into-existing",
            action="store_true",
            help="เพิ่มปีนี้ให้หน่วยงานที่มีรหัสเดียวกันอยู่แล้ว (เฉพาะเมื่อหน่วยงานนั้นยังไม่มีข้อมูลปีนี้)",
        )
        parser.add_argument("--dry-run", action="store_true", help="ตรวจสอบไฟล์อย่างเดียว ไม่บันทึกข้อมูล")
        parser.add_argument(
            "--by",
            metavar="USERNAME",
            help="ชื่อผู้ใช้ของผู้สั่งนำเข้า บันทึกไว้ในประวัติการใช้งานของหน่วยงาน "
            "(ไม่ระบุ = นำเข้าโดยระบบ)",
        )

    def handle(
        self, *args, file: Path, into_existing: bool, dry_run: bool, by: str | None, **options
    ):
        acting_user = None
        if by is not None:
            acting_user = get_user_model().objects.filter(username=by).first()
            if acting_user is None:
                raise CommandError(f'ไม่พบผู้ใช้ชื่อ "{by}" (--by)')
        try:
            text = file.read_text(encoding="utf-8-sig")
        except OSError as problem:
            raise CommandError(f"เปิดไฟล์ {file} ไม่ได้: {problem.strerror}") from problem
        except UnicodeDecodeError as problem:
            raise CommandError(f"{file}: ไฟล์ต้องเข้ารหัสเป็น UTF-8") from problem
        try:
            data = loads(text)
        except json.JSONDecodeError as problem:
            raise CommandError(
                f"{file}: ไม่ใช่ JSON ที่ถูกต้อง (บรรทัด {problem.lineno} "
                f"ตำแหน่ง {problem.colno}: {problem.msg})"
            ) from problem
        except ValueError as problem:  # nested too deep: RecursionError inside json
            raise CommandError(f"{file}: {problem}") from problem

        plan, errors = validate(data, into_existing=into_existing)
        if errors:
            raise CommandError(self._listing(file, errors))
        for notice in plan.notices:
            self.stdout.write(self.style.WARNING(f"หมายเหตุ: {notice}"))
        summary = (
            f"หน่วยงาน {plan.agency['code']} ปี {plan.year}: "
            f"ผลการประเมิน{'' if plan.result else ' (ไม่มี)'}, "
            f"มาตรการ {len(plan.measures)} รายการ, รอบรายงาน {len(plan.rounds)} รอบ, "
            f"ความพร้อมข้อ OIT {len(plan.oit_readiness)} ข้อ, "
            f"แนวทางยกระดับ {len(plan.indicator_plans)} ตัวชี้วัด"
        )
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"ตรวจสอบแล้ว ไม่พบปัญหา ({summary}) ยังไม่ได้บันทึก"))
            return
        try:
            agency = import_agency_year(plan, acting_user=acting_user, source=file.name)
        except ValidationError as problem:  # the database changed since the check
            raise CommandError(self._listing(file, problem.messages)) from problem
        self.stdout.write(self.style.SUCCESS(f"นำเข้า {agency.name} แล้ว ({summary})"))

    @staticmethod
    def _listing(file: Path, errors: list[str]) -> str:
        lines = "\n".join(f"  - {error}" for error in errors)
        return f"{file}: นำเข้าไม่สำเร็จ พบปัญหา {len(errors)} รายการ ไม่มีการบันทึกข้อมูลใด ๆ\n{lines}"
