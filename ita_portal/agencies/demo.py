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
    return logins
