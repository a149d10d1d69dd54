from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from ita_portal.agencies.demo import seed_demo
from memos.demo import seed_demo_memos
from publishing.demo import seed_demo_publications
from reports.demo import seed_demo_documents


# Here, in the app that builds on all the others, so that the demo's orchestration keeps
# every import running one way (reports → memos → publishing).
class Command(BaseCommand):
    help = "สร้างข้อมูลตัวอย่าง (หน่วยงาน ส่วนราชการ ผู้ใช้ทุกบทบาท) ซ้ำได้โดยไม่เกิดข้อมูลซ้ำ"

    def handle(self, *args, **options):
        call_command("load_criteria", stdout=self.stdout)
        logins = seed_demo(with_passwords=settings.DEMO_MODE)
        issued = seed_demo_documents()
        if issued:
            self.stdout.write(f"ออกเอกสารตัวอย่าง {issued} ฉบับ (ตัวประมวลผลเบื้องหลังจะสร้างไฟล์ PDF)")
        memos = seed_demo_memos()
        if memos:
            self.stdout.write(f"บันทึกข้อความตัวอย่าง {memos} ฉบับ (อนุมัติแล้ว 1 ฉบับ รอปลัดพิจารณา 1 ฉบับ)")
        published, problem = seed_demo_publications()
        if published:
            self.stdout.write(
                f"เผยแพร่รายงานที่อนุมัติแล้วต่อสาธารณะ {published} ฉบับ (ลงนามด้วยใบรับรองสาธิต)"
            )
        elif problem:
            self.stdout.write(self.style.WARNING(f"ไม่ได้เผยแพร่เอกสารตัวอย่าง: {problem}"))
        self.stdout.write(self.style.SUCCESS("\nบัญชีสำหรับทดลองใช้ (demo logins):"))
        width = max(len(login.username) for login in logins)
        for login in logins:
            password = login.password or "(ไม่มีรหัสผ่าน: ปิดโหมดสาธิต)"
            self.stdout.write(f"  {login.username:<{width}}  {password}  {login.description}")
        if not settings.DEMO_MODE:
            self.stdout.write(
                self.style.WARNING(
                    "ITA_DEMO_MODE ปิดอยู่ จึงไม่ตั้งรหัสผ่านให้บัญชีสาธิต "
                    "(Demo mode is off: demo users cannot log in.)"
                )
            )
