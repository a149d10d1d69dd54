from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from ita_portal.signing.demo import make_certificate


class Command(BaseCommand):
    help = (
        "สร้างใบรับรองลงนามแบบลงนามเอง (self-signed) สำหรับการสาธิต ครั้งเดียว "
        "(private/signing/ ไม่อยู่ใน git) ห้ามใช้กับระบบจริง"
    )

    requires_system_checks = []  # the signing check would warn about what this makes

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory", default=str(Path(settings.BASE_DIR) / "private" / "signing")
        )
        parser.add_argument("--password", default="demo-signing-password")

    def handle(self, *args, directory, password, **options):
        folder = Path(directory)
        if (folder / "key.pem").exists() and (folder / "cert.pem").exists():
            self.stdout.write(f"มีใบรับรองสาธิตอยู่แล้วใน {folder}")
            return
        key, cert = make_certificate(folder, password=password)
        self.stdout.write(self.style.SUCCESS(f"สร้างใบรับรองสาธิตแล้ว: {key} {cert}"))
