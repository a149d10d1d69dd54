"""Demo data for trying the portal: two fictional agencies and one user per role."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from ita_portal.agencies.models import Agency, AgencyKind, Membership, Role, Unit

DEMO_PASSWORD = "ita-demo-2568"  # noqa: S105 - printed on purpose, only in demo mode

AGENCIES = [
    {
        "code": "thung-ruang-thong",
        "name": "องค์การบริหารส่วนตำบลทุ่งรวงทอง",
        "kind": AgencyKind.SAO,
        "district": "เมืองพะเยา",
        "province": "พะเยา",
        "address": "หมู่ที่ 3 ตำบลทุ่งรวงทอง อำเภอเมืองพะเยา จังหวัดพะเยา 56000",
        "phone": "0 5441 0000",
        "document_prefix": "พย ๗๓๖๐๑",
        "units": ["สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา", "หน่วยตรวจสอบภายใน"],
    },
    {
        "code": "tha-nam-sai",
        "name": "เทศบาลตำบลท่าน้ำใส",
        "kind": AgencyKind.SUBDISTRICT_MUNICIPALITY,
        "district": "เชียงของ",
        "province": "เชียงราย",
        "address": "ถนนริมโขง ตำบลท่าน้ำใส อำเภอเชียงของ จังหวัดเชียงราย 57140",
        "phone": "0 5379 0000",
        "document_prefix": "ชร ๕๒๑๐๒",
        "units": ["สำนักปลัดเทศบาล", "กองคลัง", "กองช่าง", "กองสาธารณสุขและสิ่งแวดล้อม"],
    },
]

# (username, first name, last name, agency code or None, role, position, unit, staff, superuser)
USERS = [
    ("demo_admin", "ผู้ดูแล", "ระบบกลาง", None, None, "ผู้ดูแลระบบ ITA Portal", None, True, True),
    ("demo_officer", "สมศรี", "ตั้งใจงาน", "thung-ruang-thong", Role.OFFICER,
     "นักวิเคราะห์นโยบายและแผนชำนาญการ", "สำนักปลัด", False, False),
    ("demo_head", "วิชัย", "รักษ์ธรรม", "thung-ruang-thong", Role.HEAD_OF_OFFICE,
     "หัวหน้าสำนักปลัด", "สำนักปลัด", False, False),
    ("demo_palad", "ประภา", "สุจริตกุล", "thung-ruang-thong", Role.PALAD,
     "ปลัดองค์การบริหารส่วนตำบลทุ่งรวงทอง", None, False, False),
    ("demo_mayor", "บุญมา", "ทองดี", "thung-ruang-thong", Role.EXECUTIVE,
     "นายกองค์การบริหารส่วนตำบลทุ่งรวงทอง", None, False, False),
    ("demo_agency_admin", "ธนา", "ดูแลดี", "thung-ruang-thong", Role.AGENCY_ADMIN,
     "นักวิชาการคอมพิวเตอร์ปฏิบัติการ", "สำนักปลัด", True, False),
    ("demo_officer_b", "อรุณี", "ริมโขง", "tha-nam-sai", Role.OFFICER,
     "นักวิเคราะห์นโยบายและแผน", "สำนักปลัดเทศบาล", False, False),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str | None
    description: str


@transaction.atomic
def seed_demo(*, with_passwords: bool) -> list[DemoLogin]:
    """Create or refresh the demo agencies and users; running it again changes nothing."""
    agencies = {}
    for spec in AGENCIES:
        fields = {k: v for k, v in spec.items() if k not in {"code", "units"}}
        agency, _ = Agency.objects.update_or_create(code=spec["code"], defaults=fields)
        for order, name in enumerate(spec["units"], start=1):
            Unit.objects.update_or_create(agency=agency, name=name, defaults={"order": order})
        agencies[agency.code] = agency

    user_model = get_user_model()
    logins = []
    for username, first, last, code, role, position, unit, staff, superuser in USERS:
        user, _ = user_model.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.invalid",
                "is_staff": staff,
                "is_superuser": superuser,
            },
        )
        if with_passwords:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
        if code is None:
            logins.append(DemoLogin(username, DEMO_PASSWORD if with_passwords else None, position))
            continue
        agency = agencies[code]
        Membership.objects.update_or_create(
            user=user,
            agency=agency,
            role=role,
            defaults={
                "position_title": position,
                "unit": Unit.objects.get(agency=agency, name=unit) if unit else None,
            },
        )
        logins.append(
            DemoLogin(
                username,
                DEMO_PASSWORD if with_passwords else None,
                f"{role.label} · {agency.name}",
            )
        )
    officer = user_model.objects.get(username="demo_officer")
    seed_demo_results(agencies["thung-ruang-thong"], officer)
    seed_demo_measures(agencies["thung-ruang-thong"], officer)
    return logins


# Fictional results of the demo อบต. (2566 against 2565), entered as an officer would.
DEMO_RESULTS = {
    2565: {
        "tools": {"iit": "93.41", "eit": "90.12", "oit": "68.69"},
        "indicators": [95.10, 92.44, 94.80, 93.02, 91.69, 90.85, 89.96, 89.55, 81.82, 55.56],
        "zero_items": {15: "ข้อมูลสถิติไม่ครบ 6 เดือน", 31: "ไม่พบข้อมูลของปีที่ประเมิน",
                       37: "ไม่พบรายงานการดำเนินการ", 42: "มาตรการไม่สอดคล้องกับผลการวิเคราะห์"},
    },
    2566: {
        "tools": {"iit": "95.62", "eit_part1": "93.20", "eit_part2": "80.48", "oit": "83.13",
                  "official_total": "87.99"},
        "indicators": [97.25, 94.38, 96.91, 95.40, 94.16, 91.22, 84.30, 83.88, 88.00, 78.26],
        "zero_items": {10: "ไม่พบนโยบายคุ้มครองข้อมูลส่วนบุคคลของหน่วยงาน",
                       17: "ไม่พบรายงานผลการสำรวจความพึงพอใจประจำปี",
                       33: "รายงานไม่ระบุผลการดำเนินการตามนโยบาย",
                       36: "แผนปฏิบัติการไม่ใช่ของปีที่ประเมิน",
                       41: "ไม่พบผลการประเมินจริยธรรมเจ้าหน้าที่"},
    },
}


def seed_demo_results(agency: Agency, officer) -> None:
    from decimal import Decimal

    from assessments.models import AssessmentResult, AssessmentYear
    from assessments.services import ResultInput, result_save

    for year_number, spec in DEMO_RESULTS.items():
        year = AssessmentYear.objects.filter(year=year_number).first()
        # Without that year's criteria (not loaded yet) there is nothing to score against.
        if year is None or AssessmentResult.objects.filter(agency=agency, year=year).exists():
            continue
        data = ResultInput(
            tools={name: Decimal(value) for name, value in spec["tools"].items()},
            indicators={
                number: (Decimal(str(score)), "")
                for number, score in enumerate(spec["indicators"], start=1)
            },
            oit_items={
                item.number: (
                    Decimal(0) if item.number in spec["zero_items"] else Decimal(100),
                    spec["zero_items"].get(item.number, ""),
                )
                for item in year.oit_items.all()
            },
        )
        result_save(
            agency=agency, year=year, data=data, acting_user=officer, expected_version=None
        )


# Fictional measures of the demo อบต. for 2567, answering its 2566 weaknesses.
DEMO_MEASURES = [
    {"tool": "EIT", "indicators": [7], "units": ["สำนักปลัด"],
     "title": "ปรับปรุงเว็บไซต์และช่องทางสื่อสารให้ประชาชนค้นหาข้อมูลได้ง่าย",
     "steps": "1. สำรวจหัวข้อที่ประชาชนค้นหาบ่อย\n2. จัดหมวดหมู่เมนูใหม่\n3. ตอบคำถามออนไลน์ภายใน 3 วันทำการ",
     "period_text": "ตุลาคม 2566 – มีนาคม 2567", "monitoring": "รายงานรอบ 6 เดือน",
     "status": "done", "summary": "ปรับเมนูเว็บไซต์ใหม่ 12 หมวด และเปิดกล่องถามตอบแล้ว",
     "outcome": "มีผู้ใช้ถามตอบผ่านเว็บไซต์ 48 เรื่อง ตอบครบทุกเรื่อง"},
    {"tool": "EIT", "indicators": [8], "units": ["สำนักปลัด", "กองคลัง"],
     "title": "เปิดบริการชำระภาษีและยื่นคำร้องออนไลน์",
     "steps": "1. เลือกงานบริการที่มีผู้ใช้มาก\n2. จัดทำแบบฟอร์มออนไลน์\n3. ประชาสัมพันธ์",
     "period_text": "ไตรมาส 2–4", "monitoring": "รายงานรอบ 6 เดือน และสิ้นปีงบประมาณ",
     "status": "in_progress", "summary": "เปิดยื่นคำร้องทั่วไปออนไลน์แล้ว อยู่ระหว่างเชื่อมระบบชำระภาษี"},
    {"tool": "OIT", "indicators": [9], "units": [], "responsible_text": "ทุกส่วนราชการ",
     "title": "ตรวจสอบและเผยแพร่ข้อมูลตามเกณฑ์ OIT ให้ครบก่อนกำหนดส่ง ITAS",
     "steps": "1. มอบหมายผู้รับผิดชอบรายข้อ\n2. ตรวจทานโดยหัวหน้าสำนักปลัด\n3. ปรับปรุงลิงก์บนเว็บไซต์",
     "period_text": "มกราคม – เมษายน 2567", "monitoring": "ประชุมติดตามทุกเดือน",
     "status": "not_started"},
    {"tool": "OIT", "indicators": [10], "units": ["หน่วยตรวจสอบภายใน"],
     "title": "จัดทำการประเมินความเสี่ยงการทุจริตและรายงานผลการจัดการความเสี่ยง",
     "steps": "1. ประชุมระบุความเสี่ยง\n2. จัดทำแผนจัดการความเสี่ยง\n3. รายงานผลต่อนายก",
     "period_text": "ตุลาคม 2566 – กันยายน 2567", "monitoring": "สิ้นปีงบประมาณ",
     "status": "in_progress"},
]


def seed_demo_measures(agency: Agency, officer) -> None:
    from assessments.models import AssessmentYear
    from measures.models import Measure
    from measures.services import MeasureInput, measure_create

    year = AssessmentYear.objects.filter(year=2567).first()
    if year is None or Measure.objects.filter(agency=agency, year=year).exists():
        return
    for spec in DEMO_MEASURES:
        values = {k: v for k, v in spec.items() if k not in {"indicators", "units"}}
        measure_create(
            agency=agency,
            year=year,
            data=MeasureInput(
                values=values,
                indicators=list(year.indicators.filter(number__in=spec["indicators"])),
                units=list(agency.units.filter(name__in=spec["units"])),
            ),
            acting_user=officer,
        )

