"""Signing with the configured key, and checking a signed PDF (pyHanko)."""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from asn1crypto import x509
from cryptography import x509 as crypto_x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import VENDOR
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

logger = logging.getLogger(__name__)

FIELD_NAME = "ITAPortalSignature"
NOT_CONFIGURED = "ระบบยังไม่ได้ตั้งค่ากุญแจลงนามเอกสาร จึงยังเผยแพร่เอกสารไม่ได้ โปรดแจ้งผู้ดูแลระบบ"


class SigningUnavailable(Exception):
    """The key or certificate cannot be used; ``operator`` says why, ``str()`` is Thai."""

    def __init__(self, operator: str):
        self.operator = operator
        super().__init__(NOT_CONFIGURED)


def _load() -> tuple[x509.Certificate, signers.SimpleSigner]:
    key_file = settings.SIGNING_KEY_FILE
    cert_file = settings.SIGNING_CERT_FILE
    if not key_file or not cert_file:
        raise SigningUnavailable(
            "ไม่ได้ตั้ง SIGNING_KEY_FILE หรือ SIGNING_CERT_FILE "
            "(signing key or certificate file not set)"
        )
    password = settings.SIGNING_KEY_PASSWORD
    try:
        key = load_private_key_from_pemder(key_file, passphrase=password.encode() or None)
    except OSError as error:
        raise SigningUnavailable(
            f"อ่านไฟล์กุญแจลงนาม {key_file} ไม่ได้: {error.strerror or error} "
            f"(cannot read SIGNING_KEY_FILE)"
        ) from error
    except (ValueError, TypeError) as error:
        raise SigningUnavailable(
            f"เปิดกุญแจลงนาม {key_file} ไม่ได้: รหัสผ่าน (SIGNING_KEY_PASSWORD) ไม่ถูกต้อง"
            f"หรือไฟล์ไม่ใช่กุญแจ PEM/DER ({error}) (wrong key password or not a key)"
        ) from error
    try:
        cert = load_cert_from_pemder(cert_file)
    except OSError as error:
        raise SigningUnavailable(
            f"อ่านไฟล์ใบรับรอง {cert_file} ไม่ได้: {error.strerror or error} "
            f"(cannot read SIGNING_CERT_FILE)"
        ) from error
    except (ValueError, TypeError) as error:
        raise SigningUnavailable(
            f"ไฟล์ใบรับรอง {cert_file} ไม่ใช่ใบรับรอง PEM/DER ({error}) "
            f"(SIGNING_CERT_FILE is not a certificate)"
        ) from error
    if not _matches(key, cert):
        raise SigningUnavailable(
            "กุญแจลงนามไม่ตรงกับใบรับรอง (SIGNING_KEY_FILE does not match SIGNING_CERT_FILE)"
        )
    signer = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([cert]),
    )
    return cert, signer


def _matches(key, cert: x509.Certificate) -> bool:
    """The private key is the one the certificate certifies."""
    private = serialization.load_der_private_key(key.dump(), password=None)
    certified = crypto_x509.load_der_x509_certificate(cert.dump()).public_key()
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    return private.public_key().public_bytes(der, spki) == certified.public_bytes(der, spki)


def signing_problem() -> str:
    """Why signing cannot work now (for the operator), or "" when it can."""
    try:
        _load()
    except SigningUnavailable as error:
        return error.operator
    return ""


def portal_certificate() -> x509.Certificate | None:
    try:
        return _load()[0]
    except SigningUnavailable:
        return None


def sign_pdf(content: bytes) -> bytes:
    """``content`` with a PAdES B-B signature of the portal over the whole file, added as
    an incremental update (the original bytes stay as they were, in front)."""
    cert, signer = _load()
    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    # pyHanko writes its own name as the XMP producer but appends it to the /Info one;
    # PDF/A wants both the same, so /Info gets exactly pyHanko's too.
    info = writer.trailer["/Info"].get_object() if "/Info" in writer.trailer else None
    if info is not None:
        info["/Producer"] = generic.TextStringObject(VENDOR)
        writer.update_container(info)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="เอกสารเผยแพร่ต่อสาธารณะโดยระบบ ITA Portal",
    )
    out = _outside_event_loop(lambda: signers.sign_pdf(writer, metadata, signer=signer))
    return out.getvalue()


def subject_name(cert: x509.Certificate) -> str:
    return cert.subject.human_friendly


@dataclass(frozen=True)
class SignatureCheck:
    """What a citizen is told about a file's signature."""

    signed: bool
    intact: bool = False
    whole_file: bool = False
    signer: str = ""
    #: The signer is the portal's own certificate (as configured now).
    by_portal: bool = False
    sha256: str = ""

    @property
    def valid(self) -> bool:
        return self.signed and self.intact and self.whole_file

    @property
    def summary(self) -> str:
        if not self.signed:
            return "ไม่พบลายมือชื่อดิจิทัลในไฟล์"
        if not self.intact:
            return "ลายมือชื่อดิจิทัลไม่ถูกต้อง: ไฟล์ถูกแก้ไขหลังลงนาม"
        if not self.whole_file:
            return "ลายมือชื่อดิจิทัลไม่ครอบคลุมทั้งไฟล์: มีการเพิ่มเติมหลังลงนาม"
        if self.by_portal:
            return "ลายมือชื่อดิจิทัลถูกต้อง ครอบคลุมทั้งไฟล์ ลงนามด้วยใบรับรองของระบบ"
        return "ลายมือชื่อดิจิทัลถูกต้องและครอบคลุมทั้งไฟล์ แต่ไม่ใช่ใบรับรองปัจจุบันของระบบ"


def _outside_event_loop(work):
    """pyHanko's signing and validation run asyncio.run(): in a thread of its own when this
    thread already runs an event loop (an async caller, Playwright's sync API in tests)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def check_signature(content: bytes) -> SignatureCheck:
    """Validate the (last) signature of ``content``: cryptographically intact, covering
    every byte of the file, and by whom. Trust is the portal's own certificate."""
    digest = hashlib.sha256(content).hexdigest()
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - any unreadable upload is "not signed"
        logger.info("a PDF to check could not be read", exc_info=True)
        return SignatureCheck(signed=False, sha256=digest)
    if not signatures:
        return SignatureCheck(signed=False, sha256=digest)
    portal = portal_certificate()
    context = ValidationContext(
        trust_roots=[portal] if portal is not None else [], allow_fetching=False
    )
    try:
        status = _outside_event_loop(lambda: validate_pdf_signature(signatures[-1], context))
    except Exception:  # noqa: BLE001 - a malformed signature is an invalid one
        logger.info("a signature could not be validated", exc_info=True)
        return SignatureCheck(signed=True, sha256=digest)
    cert = status.signing_cert
    return SignatureCheck(
        signed=True,
        intact=bool(status.intact and status.valid),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=subject_name(cert) if cert is not None else "",
        by_portal=portal is not None and cert is not None and cert.dump() == portal.dump(),
        sha256=digest,
    )


def startup_report() -> None:
    """Tell the operator at start-up (wsgi.py: gunicorn's log) when signing cannot work;
    runserver and manage.py show the same through the system check."""
    problem = signing_problem()
    if problem:
        logger.error("ITA Portal: publishing is refused until this is fixed: %s", problem)
