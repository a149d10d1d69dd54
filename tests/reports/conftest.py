"""Helpers for the PDF tests: poppler's pdfinfo / pdffonts / pdftotext on rendered bytes."""

import re
import shutil
import socket
import subprocess
import urllib.request
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from ita_portal.pdf import render as pdf_module
from ita_portal.pdf.fetcher import PortalURLFetcher, RefusedURL

POPPLER = ("pdfinfo", "pdffonts", "pdftotext")


@dataclass
class PdfFile:
    path: Path

    def _run(self, tool: str, *args: str) -> str:
        command = [tool, *args, str(self.path)]
        if tool == "pdftotext":
            command.append("-")  # to stdout
        result = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
        return result.stdout

    def info(self) -> dict[str, str]:
        out = {}
        for line in self._run("pdfinfo").splitlines():
            key, _, value = line.partition(":")
            out[key.strip()] = value.strip()
        return out

    def fonts(self) -> list[dict[str, str]]:
        lines = self._run("pdffonts").splitlines()[2:]
        rows = []
        for line in lines:
            # name type... encoding emb sub uni object ID: read the flags from the right.
            parts = line.split()
            rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
        return rows

    def text(self, page: int | None = None, *, layout: bool = False) -> str:
        args = ["-enc", "UTF-8", *(["-layout"] if layout else [])]
        if page is not None:
            args += ["-f", str(page), "-l", str(page)]
        return self._run("pdftotext", *args)

    def pages(self) -> int:
        return int(self.info()["Pages"])

    def urls(self) -> list[str]:
        lines = self._run("pdfinfo", "-url").splitlines()[1:]  # Page  Type  URL
        return [line.split(None, 2)[2] for line in lines if line.strip()]

    def objects(self) -> bytes:
        """The PDF's bytes with every Flate stream inflated (object streams included)."""
        data = self.path.read_bytes()
        chunks = [data]
        for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
            try:
                chunks.append(zlib.decompress(match.group(1)))
            except zlib.error:
                continue
        return b"\n".join(chunks)


@pytest.fixture
def as_pdf(tmp_path):
    """as_pdf(pdf_bytes) → PdfFile written under tmp_path."""
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"poppler-utils missing: {missing}")
    counter = iter(range(1000))

    def _write(data: bytes) -> PdfFile:
        assert data.startswith(b"%PDF-")
        path = tmp_path / f"doc{next(counter)}.pdf"
        path.write_bytes(data)
        return PdfFile(path)

    return _write


@pytest.fixture
def fresh_pdf_caches():
    """Rebuild the cached fonts / pdf.css inside the test (so their fetches are seen)."""
    pdf_module.clear_caches()
    yield
    pdf_module.clear_caches()


def sample_rows(count: int) -> list[dict]:
    return [
        {
            "no": i,
            "name": f"ตัวชี้วัดที่ {i} การเปิดเผยข้อมูลสาธารณะ",
            "score": f"{(i * 7) % 100}.50",
            "done": i % 2 == 0,
        }
        for i in range(1, count + 1)
    ]


def compact(text: str) -> str:
    """Text without whitespace: pdftotext drops or adds spaces around page numbers.

    Page numbers need text(page, layout=True): in its default mode pdftotext joins a
    line-final "-" (as in "- 2 -") to the next line as a hyphenation.
    """
    return "".join(text.split())


def words(text: str) -> str:
    """Whitespace (line breaks included) collapsed to single spaces."""
    return " ".join(text.split())


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to resolve, connect or urlopen is recorded and fails."""
    attempts = []

    def refuse(name):
        def _refuse(*args, **kwargs):
            attempts.append((name, args[1:] if name == "socket.connect" else args))
            raise OSError(f"network disabled in tests ({name})")

        return _refuse

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(urllib.request, "urlopen", refuse("urlopen"))
    return attempts


@pytest.fixture
def fetch_log(monkeypatch):
    """Every URL the fetcher was asked for, with "served" or "refused"."""
    log = []
    original = PortalURLFetcher.fetch

    def spy(self, url, headers=None):
        try:
            response = original(self, url, headers)
        except RefusedURL:
            log.append((url, "refused"))
            raise
        log.append((url, "served"))
        return response

    monkeypatch.setattr(PortalURLFetcher, "fetch", spy)
    return log
