"""The kinds of audit event: a short dotted English code per write, and its Thai label."""

from django.db import models


class Action(models.TextChoices):
    CRITERIA_CONFIRM = "criteria.confirm", "ยืนยันเกณฑ์การประเมิน"
    CRITERIA_COPY = "criteria.copy", "สร้างเกณฑ์ปีใหม่จากปีก่อน"
    CRITERIA_IMPORT = "criteria.import", "นำเข้าเกณฑ์การประเมินจากไฟล์"
    CRITERIA_ITEMS_SAVE = "criteria.items_save", "แก้ไขข้อ OIT ของเกณฑ์ฉบับร่าง"
    RESULT_SAVE = "result.save", "บันทึกผลการประเมิน"
    MEASURE_CREATE = "measure.create", "เพิ่มมาตรการ"
    MEASURE_UPDATE = "measure.update", "แก้ไขมาตรการ"
    MEASURE_STATUS = "measure.status", "เปลี่ยนสถานะมาตรการ"
    MEASURE_DELETE = "measure.delete", "ลบมาตรการ"
    MEASURE_MOVE = "measure.move", "เปลี่ยนลำดับมาตรการ"
    MEASURE_COPY = "measure.copy", "คัดลอกมาตรการจากปีก่อน"
    MEASURE_FROM_SUGGESTIONS = "measure.from_suggestions", "เพิ่มมาตรการจากคลังข้อเสนอ"
    MEASURE_IMPORT = "measure.import", "นำเข้ามาตรการจากไฟล์"
    SUGGESTION_ADD = "suggestion.add", "เพิ่มมาตรการแนะนำของหน่วยงาน"
    ROUND_TAKE = "round.take", "บันทึกรอบรายงานความก้าวหน้า"
    EVIDENCE_ADD = "evidence.add", "แนบหลักฐานการดำเนินการ"
    READINESS_SAVE = "readiness.save", "บันทึกความพร้อมข้อ OIT"
    INDICATOR_PLAN_SAVE = "indicator_plan.save", "บันทึกแนวทางยกระดับตัวชี้วัด"
    REPORT_PREFERENCE_SAVE = "report_preference.save", "บันทึกค่าการพิมพ์รายงาน"
    ITA_IMPORT = "ita.import", "นำเข้าข้อมูลจากไฟล์ ITA JSON"
    DOCUMENT_ISSUE = "document.issue", "ออกเอกสารรายงาน"
    DOCUMENT_RETRY = "document.retry", "สั่งสร้างไฟล์เอกสารใหม่"
    MEMBER_ADD = "member.add", "เพิ่มผู้ใช้งานของหน่วยงาน"
    MEMO_CREATE = "memo.create", "ร่างบันทึกข้อความ"
    MEMO_UPDATE = "memo.update", "แก้ไขร่างบันทึกข้อความ"
    MEMO_SUBMIT = "memo.submit", "เสนอบันทึกข้อความ"
    MEMO_WITHDRAW = "memo.withdraw", "ถอนบันทึกข้อความกลับมาแก้ไข"
    MEMO_FORWARD = "memo.forward", "ให้ความเห็นและเสนอต่อ"
    MEMO_RETURN = "memo.return", "ส่งคืนบันทึกข้อความให้แก้ไข"
    MEMO_DECIDE = "memo.decide", "สั่งการบันทึกข้อความ"
    MEMO_IMPORT = "memo.import", "นำเข้าบันทึกข้อความ"
    CHAIN_SAVE = "chain.save", "กำหนดขั้นตอนการเสนอบันทึกข้อความ"
    SIGNATURE_SAVE = "signature.save", "บันทึกภาพลายมือชื่อ"
    DOCUMENT_PUBLISH = "document.publish", "เผยแพร่เอกสารต่อสาธารณะ"
    DOCUMENT_UNPUBLISH = "document.unpublish", "ยกเลิกการเผยแพร่เอกสาร"
    OIT_PAGE_PUBLISH = "oit_page.publish", "เผยแพร่หน้าข้อมูล OIT"
    OIT_PAGE_UNPUBLISH = "oit_page.unpublish", "ยกเลิกการเผยแพร่หน้าข้อมูล OIT"


ACTION_LABELS: dict[str, str] = dict(Action.choices)


def action_label(code: str) -> str:
    """The Thai label of an action code; an unknown code is shown as it is."""
    return ACTION_LABELS.get(code, code)
