"""Signing PDFs with the portal's certificate (PAdES, pyHanko), and checking signatures.

    signed = sign_pdf(pdf_bytes)              # SigningUnavailable (Thai) when not configured
    check = check_signature(signed)           # intact, whole file, signer

The key, its certificate and the key's password come from the environment
(SIGNING_KEY_FILE, SIGNING_CERT_FILE, SIGNING_KEY_PASSWORD, read in settings). They are
read on every signature, so a key replaced on disk is used at once. The level is PAdES
B-B: a CMS signature (ETSI.CAdES.detached) with the signing certificate, over every byte
of the file but its own /Contents, no time-stamp (B-T would need a time-stamping
authority the portal does not have).
"""

from ita_portal.signing.pdf import (
    SignatureCheck,
    SigningUnavailable,
    check_signature,
    sign_pdf,
    signing_problem,
)

__all__ = ["SignatureCheck", "SigningUnavailable", "check_signature", "signing_problem", "sign_pdf"]
