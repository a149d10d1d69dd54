"""Fill the requirement texts (องค์ประกอบด้านข้อมูล) of 2564–2566's O-items where the fact
sheet gives or describes them, in databases loaded before the fixtures carried them.

Only a text still empty, or still the one shipped before, is written: an administrator's
own wording is never overwritten. Fresh databases get the same texts from the fixtures
(a test checks the two agree).
"""

from django.db import migrations

O42_MEASURES = (
    "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ที่สอดคล้องกับผลการวิเคราะห์ผลการประเมิน "
    "ITA ของปีที่ผ่านมา โดยแต่ละมาตรการระบุอย่างน้อย (1) ผู้รับผิดชอบหรือผู้เกี่ยวข้อง "
    "(2) ขั้นตอนหรือวิธีปฏิบัติ (3) ระยะเวลาดำเนินการ (4) วิธีกำกับติดตามให้นำมาตรการไปปฏิบัติจริง"
)
O42_ANALYSIS = (
    "\nพร้อมผลการวิเคราะห์ผลการประเมินปีที่ผ่านมา ที่ชี้ (ก) จุดบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน "
    "(ข) ประเด็นที่ต้องพัฒนาให้ดีขึ้น (ค) แนวทางนำผลการวิเคราะห์ไปปฏิบัติ"
)


def o43(year: int) -> str:
    return (
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
        f"ที่สอดคล้องกับมาตรการที่กำหนดไว้ (ข้อ O42) และเป็นการดำเนินการในปี พ.ศ. {year}"
    )


TEXTS = {
    2564: {42: O42_MEASURES + O42_ANALYSIS, 43: o43(2564)},
    2565: {42: O42_MEASURES + O42_ANALYSIS, 43: o43(2565)},
    2566: {
        31: (
            "ประกาศเจตนารมณ์อย่างเป็นทางการ ลงนามโดยผู้บริหารสูงสุด ว่าผู้บริหารและเจ้าหน้าที่ทุกคน"
            "จะไม่รับของขวัญหรือของกำนัลใด ๆ จากการปฏิบัติหน้าที่ (No Gift Policy) "
            "เป็นประกาศสำหรับปี พ.ศ. 2566"
        ),
        32: (
            "กิจกรรมที่หน่วยงานจัดเพื่อสร้างวัฒนธรรมการไม่รับของขวัญหรือของกำนัล (No Gift Policy) "
            "ในหมู่ผู้บริหารและเจ้าหน้าที่ เป็นการดำเนินการในปี พ.ศ. 2566"
        ),
        33: (
            "รายงานผลการดำเนินการตามนโยบาย No Gift Policy ของหน่วยงาน "
            "เป็นการดำเนินการในปี พ.ศ. 2566"
        ),
        39: (
            "ประมวลจริยธรรมที่ใช้กับเจ้าหน้าที่ของรัฐในหน่วยงาน เผยแพร่ให้เจ้าหน้าที่และประชาชนเข้าถึงได้ "
            "เป็นข้อมูลของปี พ.ศ. 2566"
        ),
        40: (
            "การขับเคลื่อนจริยธรรมในปี พ.ศ. 2566 อย่างน้อย\n"
            "(1) ตั้งทีมให้คำปรึกษาเรื่องจริยธรรม หรือคณะทำงานขับเคลื่อนจริยธรรม\n"
            "(2) จัดทำแนวปฏิบัติสิ่งที่ควรทำและไม่ควรทำ (Dos & Don'ts)\n"
            "(3) จัดฝึกอบรมที่สอดแทรกเนื้อหาด้านจริยธรรม"
        ),
        41: (
            "ผลการประเมินการปฏิบัติตามประมวลจริยธรรมของเจ้าหน้าที่ในหน่วยงาน "
            "เป็นการดำเนินการในปี พ.ศ. 2566"
        ),
        42: O42_MEASURES,
        43: o43(2566),
    },
}

SHIPPED_BEFORE = {
    (2566, 31): (
        "เป็นประกาศอย่างเป็นทางการที่มีการลงนามโดยผู้บริหารสูงสุด … "
        "จะไม่รับของขวัญและของกำนัลทุกชนิด … เป็นการประกาศสำหรับปี พ.ศ. 2566"
    ),
    (2566, 40): (
        "(1) การจัดตั้งทีมให้คำปรึกษาตอบคำถามทางจริยธรรมหรือคณะทำงานขับเคลื่อนเรื่องจริยธรรม\n"
        "(2) การจัดทำแนวปฏิบัติ Dos & Don'ts\n"
        "(3) การฝึกอบรมที่มีการสอดแทรกสาระด้านจริยธรรม"
    ),
}


def fill(apps, schema_editor):
    OITItem = apps.get_model("assessments", "OITItem")
    for year, texts in TEXTS.items():
        for number, text in texts.items():
            untouched = {"", SHIPPED_BEFORE.get((year, number), "")}
            OITItem.objects.filter(
                year__year=year, number=number, requirement__in=untouched
            ).update(requirement=text)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_indicator_suggestion_library")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
