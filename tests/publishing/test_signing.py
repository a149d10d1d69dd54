"""The signed file: PAdES over the whole file (checked with pyHanko), PDF/A-3b, tagged, a
correct Thai text layer; a broken key refuses publishing and is reported by the check."""

import io
import re
import shutil
import subprocess
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from ita_portal.audit.models import AuditEvent
from ita_portal.signing import check_signature, sign_pdf
from ita_portal.signing.pdf import portal_certificate
from publishing.models import Publication
from publishing.services import document_publish
from tests.publishing.conftest import published_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication(issued, users):
    return document_publish(issued(), acting_user=users["demo_agency_admin"])


def test_the_signature_is_valid_covers_the_whole_file_and_names_the_portal(publication):
    content = publication.file.read()
    signature = PdfFileReader(io.BytesIO(content)).embedded_signatures[-1]
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=[portal_certificate()])
    )
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert "ITA Portal ทดสอบ" in status.signing_cert.subject.human_friendly
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    check = check_signature(content)
    assert check.valid and check.by_portal
    assert check.sha256 == publication.sha256


def test_one_changed_byte_breaks_the_signature(publication):
    content = bytearray(publication.file.read())
    # A byte of the page content, inside the signed range.
    content[len(content) // 3] ^= 0x01
    check = check_signature(bytes(content))
    assert check.signed and not check.intact and not check.valid
    assert check.summary == "ลายมือชื่อดิจิทัลไม่ถูกต้อง: ไฟล์ถูกแก้ไขหลังลงนาม"


def test_bytes_appended_after_signing_show(publication):
    check = check_signature(publication.file.read() + b"\n% appended\n")
    assert not check.valid


def test_an_unsigned_pdf_and_garbage_are_not_signed():
    assert check_signature(b"%PDF-1.7\nnot really").signed is False
    assert check_signature(b"").summary == "ไม่พบลายมือชื่อดิจิทัลในไฟล์"


def _inflated(content: bytes) -> bytes:
    chunks = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", content, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(chunks)


def test_the_published_file_is_pdf_a_3b_tagged_pdf_1_7(publication):
    content = publication.file.read()
    assert content.startswith(b"%PDF-1.7")
    objects = _inflated(content)
    assert b'pdfaid:part="3"' in objects and b'pdfaid:conformance="B"' in objects
    assert b"/StructTreeRoot" in objects and b"/Marked true" in objects
    assert b"/OutputIntents" in objects
    assert b"/Version /2.0" not in objects  # an RSA signature keeps PDF 1.7


def test_the_unsigned_render_is_the_same_bytes_every_time(issued):
    from ita_portal.documents.renderer import document_identifier
    from ita_portal.documents.rendering import render_payload

    document = issued()
    args = {"issued_at": document.issued_at, "identifier": document_identifier(document),
            "archival": True}
    assert render_payload(document.payload, **args).content == render_payload(
        document.payload, **args).content


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_the_text_layer_is_the_issued_documents_text(publication, tmp_path):
    def text(data: bytes) -> str:
        path = tmp_path / "x.pdf"
        path.write_bytes(data)
        out = subprocess.run(  # noqa: S603
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],  # noqa: S607
            capture_output=True, text=True, check=True,
        ).stdout
        return "".join(out.split())

    published = text(publication.file.read())
    assert published == text(publication.document.file.read())
    assert "มาตรการส่งเสริมคุณธรรมและความโปร่งใส" in published
    assert "ผู้รับผิดชอบ" in published and "กำร" not in published


@pytest.mark.parametrize(
    ("change", "operator_message"),
    [
        ({"SIGNING_KEY_PASSWORD": "wrong"}, "รหัสผ่าน (SIGNING_KEY_PASSWORD) ไม่ถูกต้อง"),
        ({"SIGNING_KEY_FILE": "/nonexistent/key.pem"}, "อ่านไฟล์กุญแจลงนาม"),
        ({"SIGNING_CERT_FILE": "/nonexistent/cert.pem"}, "อ่านไฟล์ใบรับรอง"),
    ],
)
def test_a_broken_key_is_an_error_of_the_check_and_refuses_publishing(
    settings, issued, users, publications_storage, change, operator_message
):
    for name, value in change.items():
        setattr(settings, name, value)
    with pytest.raises(SystemCheckError, match=re.escape(operator_message)):
        call_command("check")
    document = issued()
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="ยังไม่ได้ตั้งค่ากุญแจลงนามเอกสาร"):
        document_publish(document, acting_user=users["demo_agency_admin"])
    assert Publication.objects.count() == 0
    assert AuditEvent.objects.count() == audits
    assert published_files(publications_storage) == []


def test_a_key_of_another_certificate_is_refused(settings, tmp_path):
    from ita_portal.signing.demo import make_certificate

    _, other_cert = make_certificate(tmp_path, password="x")
    settings.SIGNING_CERT_FILE = str(other_cert)
    with pytest.raises(SystemCheckError, match="กุญแจลงนามไม่ตรงกับใบรับรอง"):
        call_command("check")


def test_no_key_configured_is_a_warning(settings, capsys):
    settings.SIGNING_KEY_FILE = settings.SIGNING_CERT_FILE = ""
    call_command("check")
    assert "signing.W001" in capsys.readouterr().err
    with pytest.raises(Exception, match="ยังไม่ได้ตั้งค่ากุญแจลงนามเอกสาร"):
        sign_pdf(b"%PDF-1.7")


def test_the_file_is_removed_when_the_transaction_fails(
    issued, users, publications_storage, monkeypatch
):
    import publishing.services as services

    def fail(**kwargs):
        raise RuntimeError("audit table gone")

    monkeypatch.setattr(services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        document_publish(issued(), acting_user=users["demo_agency_admin"])
    assert Publication.objects.count() == 0
    assert published_files(publications_storage) == []


def test_the_demo_certificate_command_makes_one_certificate_once(tmp_path, settings):
    folder = tmp_path / "signing"
    call_command("make_demo_certificate", directory=str(folder), password="pw")
    key = (folder / "key.pem").read_bytes()
    call_command("make_demo_certificate", directory=str(folder), password="pw")
    assert (folder / "key.pem").read_bytes() == key
    assert b"ENCRYPTED" in key
    settings.SIGNING_KEY_FILE = str(folder / "key.pem")
    settings.SIGNING_CERT_FILE = str(folder / "cert.pem")
    settings.SIGNING_KEY_PASSWORD = "pw"
    call_command("check")


def test_signing_and_checking_work_inside_a_running_event_loop():
    """pyHanko runs asyncio.run(); an async caller (or Playwright's sync API in the same
    test process) already runs a loop in this thread."""
    import asyncio

    from weasyprint import HTML

    content = HTML(string="<p>ทดสอบ</p>").write_pdf()

    async def inside_a_loop() -> tuple[bytes, bool]:
        signed = sign_pdf(content)
        return signed, check_signature(signed).valid

    signed, valid = asyncio.run(inside_a_loop())
    assert signed.startswith(content[:8]) and valid
