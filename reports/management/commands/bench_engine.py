"""Benchmark the PDF engine against raw WeasyPrint and LibreOffice; prints numbers only.

manage.py bench_engine                          # medians of 5 runs of each document
manage.py bench_engine --runs 9 --stress 1000   # ... and a progress report of 1,000 measures
manage.py bench_engine --no-libreoffice         # WeasyPrint only

Documents: the report template reports/progress.html rendered by render_html from
synthetic payloads (plain dicts shaped as reports.documents builds them; no database, so
any checkout can run it): a typical progress report (15 measures, as bench_reports), a
readiness report like seed 002 (long approach, requirement and progress cells; the text
is made up here, of similar lengths), a five-row progress table of long cells and, with
--stress N, a progress report of N measures.

Each document is timed, in one warm process (every engine has run once before):

  ours  ita_portal.pdf.render.render_pdf: template, Thai digits, layout and the PDF with
        the corrected Thai text layer.
  raw   WeasyPrint alone on the HTML render_pdf lays out: HTML(string=html).render(
        stylesheets=[pdf.css]) with the fonts and the stylesheet parsed once, written
        without the text-layer fix and without the garbage-collector tuning. (The
        writing goes through render.write_pdf with both switched off, text_layer.ENABLED
        as pdf_text_check --compare does: Document.write_pdf has one caller, a rule
        tests/reports/test_pdf_text.py keeps. The portal's fetcher is used only to find
        the font files, which live in the fontpkg-sarabun package.)
  LO    LibreOffice as a whole process per run: soffice --headless --convert-to pdf on
        the same HTML with pdf.css inlined. Writer's HTML import is used
        (--infilter="HTML (StarWriter)"): the default Writer/Web route writes a blank
        first page. LibreOffice reads neither WeasyPrint's named pages nor @page margin
        boxes nor @font-face nor white-space: pre-line, so its copy gets a plain @page
        rule with the same size and margins, <br> for the line breaks of class "pre"
        texts, and Sarabun through a fontconfig file of its own (Thai text otherwise
        falls to LibreOffice's default Thai font, Loma). It still lays tables out its own
        way (its own column widths and line spacing, no cell borders): its page counts
        are indicative.

Printed: medians (and the template's share of ours), the ratios ours/raw and ours/LO,
page counts (pypdf) and peak RSS (resource.getrusage: this process's peak so far, it only
grows; LibreOffice's is its largest process). Targets (issue 10): ours no slower than
raw; ours <= 0.35 x LibreOffice's whole-process time; no report with more pages than
LibreOffice; 1,000 measures no slower than raw with a peak <= 300 MB.
"""

from __future__ import annotations

import contextlib
import io
import logging
import random
import re
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.management.base import BaseCommand, CommandError
from pypdf import PdfReader

TEMPLATE = "reports/progress.html"
AGENCY = "องค์การบริหารส่วนตำบลทดสอบความเร็ว"
UNITS = [{"name": "สำนักปลัด"}, {"name": "กองคลัง"}, {"name": "กองช่าง"}]
STATUSES = [
    ["not_started", "ยังไม่ได้ดำเนินการ"],
    ["in_progress", "อยู่ระหว่างดำเนินการ"],
    ["done", "ดำเนินการแล้ว"],
    ["cancelled", "ยกเลิก"],
]
# As bench_reports: texts as long as the demo agency's measures.
STEPS = "1. ประชุมชี้แจงบุคลากร\n2. จัดทำแนวปฏิบัติ\n3. รายงานผลต่อนายก"

# Made-up sentences of the kind ITA reports are written in, for cells of a given length.
PHRASES = [
    "จัดประชุมชี้แจงแนวทางการปฏิบัติงานให้แก่บุคลากรทุกกอง",
    "เผยแพร่ข้อมูลผ่านเว็บไซต์หลักของหน่วยงานและเพจเฟซบุ๊ก",
    "ทบทวนคู่มือการให้บริการประชาชนให้เป็นปัจจุบัน",
    "แต่งตั้งคณะทำงานติดตามผลการดำเนินงานรายไตรมาส",
    "รายงานผลต่อผู้บริหารท้องถิ่นเพื่อพิจารณาสั่งการ",
    "เปิดช่องทางรับฟังความคิดเห็นและข้อร้องเรียนจากผู้มาติดต่อ",
    "สำรวจความพึงพอใจของผู้รับบริการหลังให้บริการทุกครั้ง",
    "จัดอบรมเสริมสร้างจิตสำนึกด้านคุณธรรมจริยธรรมแก่พนักงานส่วนตำบล",
    "ประกาศเจตนารมณ์การต่อต้านการทุจริตของผู้บริหารและพนักงาน",
    "กำหนดขั้นตอนการใช้ทรัพย์สินของทางราชการให้ชัดเจนและตรวจสอบได้",
    "จัดทำแผนการจัดซื้อจัดจ้างประจำปีและเผยแพร่ภายในระยะเวลาที่กำหนด",
    "ตรวจสอบความครบถ้วนของข้อมูลสาธารณะตามรายการที่สำนักงานกำหนด",
    "ประสานงานกับผู้นำชุมชนเพื่อเชิญชวนประชาชนเข้าร่วมกิจกรรม",
    "บันทึกภาพถ่ายและรายชื่อผู้เข้าร่วมเป็นหลักฐานประกอบการรายงาน",
    "สรุปผลการดำเนินงานพร้อมข้อเสนอแนะเพื่อปรับปรุงในปีถัดไป",
]


def thai_text(length: int, rng: random.Random, *, numbered: bool = True) -> str:
    """About ``length`` characters of Thai sentences ("1. … 2. …" if numbered)."""
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < length:
        phrase = rng.choice(PHRASES)
        parts.append(f"{len(parts) + 1}. {phrase}" if numbered else phrase)
    return " ".join(parts)[:length]


def _base(layout: str) -> dict:
    return {
        "layout": layout,
        "agency": {"code": "bench", "name": AGENCY, "district": "เมือง", "province": "ทดสอบ"},
        "year": {"year": 2567, "is_draft": False},
        "title_lines": [
            "รายงานผลการดำเนินการตามมาตรการ",
            "ส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        ],
        "statuses": STATUSES,
        "cover": None,
        "analysed_year": 2566,
    }


def _measure(order: int, **texts) -> dict:
    measure = {
        "order": order,
        "tool": "IIT",
        "indicators": [],
        "oit_codes": [],
        "weakness": "",
        "title": f"ส่งเสริมความโปร่งใสในการปฏิบัติงาน ข้อ {order}",
        "steps": STEPS,
        "period_text": "ตุลาคม – กันยายน",
        "units": [UNITS[order % len(UNITS)]],
        "responsible_text": "",
        "monitoring": "รายงานรอบ 6 เดือน และสิ้นปีงบประมาณ",
        "status": STATUSES[order % len(STATUSES)][0],
        "summary": "ดำเนินการครบทุกขั้นตอน",
        "outcome": "บุคลากรรับทราบแนวปฏิบัติ",
    }
    measure.update(texts)
    return measure


def progress_by_indicator(count: int) -> dict:
    """A progress report of ``count`` short measures under 10 indicator headings."""
    measures = [_measure(n) for n in range(1, count + 1)]
    groups = [
        {"label": f"ตัวชี้วัดที่ {i} (การปฏิบัติหน้าที่)", "measures": measures[i - 1 :: 10]}
        for i in range(1, 11)
    ]
    return {**_base("by_indicator"), "measures": measures, "groups": [g for g in groups
                                                                       if g["measures"]]}


def progress_long_cells(rows: int = 5) -> dict:
    """A numbered progress table whose cells are as long as seed 002's first table."""
    rng = random.Random(5)  # noqa: S311 - the same made-up text every run
    measures = [
        _measure(
            n,
            title=thai_text(rng.randint(50, 90), rng, numbered=False),
            steps=thai_text(rng.randint(370, 550), rng),
            period_text="ต.ค. 66 – ก.ย. 67",
            summary=thai_text(rng.randint(100, 290), rng),
            outcome=thai_text(rng.randint(140, 310), rng),
        )
        for n in range(1, rows + 1)
    ]
    return {**_base("numbered"), "measures": measures,
            "groups": [{"label": "", "measures": measures}]}


def readiness_like_seed_002() -> dict:
    """10 IIT/EIT indicator plans and 54 OIT items, cells of seed 002's lengths."""
    rng = random.Random(2)  # noqa: S311 - the same made-up text every run
    indicators = [
        {
            "indicator": {"number": n, "name": thai_text(rng.randint(25, 45), rng,
                                                         numbered=False)},
            "plan": {
                "approach": thai_text(rng.randint(130, 420), rng),
                "period_text": "ต.ค. 66 – ก.ย. 67",
                "note": thai_text(rng.randint(180, 430), rng, numbered=False),
            },
            "units": UNITS[:1],
            "is_done": n % 4 != 0,
        }
        for n in range(1, 11)
    ]
    groups, code = [], 1
    for sub, size in ((1, 33), (2, 21)):
        rows = []
        for _ in range(size):
            rows.append(
                {
                    "item": {
                        "code": f"O{code}",
                        "title": thai_text(rng.randint(6, 75), rng, numbered=False),
                        "group": "",
                        "requirement": thai_text(rng.randint(55, 490), rng),
                    },
                    "url": f"https://www.example.go.th/ita/O{code}",
                    "units": UNITS[:1],
                    "is_done": True,
                    "note": thai_text(rng.randint(145, 285), rng, numbered=False),
                }
            )
            code += 1
        groups.append({"sub_indicator": {"code": f"9.{sub}", "name": "การเปิดเผยข้อมูล"},
                       "rows": rows})
    return {**_base("readiness"), "board": {"indicators": indicators, "groups": groups}}


# -- engines -------------------------------------------------------------------------


@dataclass
class Document:
    name: str
    context: dict
    title: str = "รายงานผลการดำเนินการตามมาตรการ"
    landscape: bool = True
    runs: int = 5
    html: str = ""
    times: dict[str, list[float]] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)
    peak: dict[str, float] = field(default_factory=dict)


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(who).ru_maxrss / 1024


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


_PAGE_RULE = re.compile(r"@page[^{]*\{(?:[^{}]|\{[^{}]*\})*\}")
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
# An element of class "pre" (white-space: pre-line in base_pdf.html) holding text only.
_PRE_LINE = re.compile(r'(<(td|div|span)\b[^>]*\bclass="(?:[^"]*\s)?pre(?:\s[^"]*)?"[^>]*>)'
                       r"([^<]*)(</\2>)")

FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{font_dir}</dir>
  <!-- LibreOffice sets Thai (complex script) text in its own default Thai font. -->
  {aliases}
</fontconfig>
"""
ALIAS = ('<match target="pattern"><test name="family"><string>{}</string></test>'
         '<edit name="family" mode="assign" binding="strong"><string>Sarabun</string>'
         "</edit></match>")


class LibreOffice:
    """soffice converting HTML files, one whole process per conversion."""

    def __init__(self, soffice: str, folder: Path):
        self.soffice = soffice
        self.folder = folder
        font_dir = Path(finders.find("fonts/sarabun/Sarabun-Regular.ttf")).parent
        conf = folder / "fonts.conf"
        conf.write_text(FONTCONFIG.format(
            font_dir=font_dir,
            aliases="\n  ".join(ALIAS.format(f) for f in ("Loma", "Garuda", "Tahoma")),
        ))
        self.env = {"FONTCONFIG_FILE": str(conf), "PATH": "/usr/bin:/bin", "HOME": str(folder)}
        self.profile = (folder / "profile").as_uri()
        css = Path(finders.find("css/pdf.css")).read_text(encoding="utf-8")
        self.css = _FONT_FACE.sub("", _PAGE_RULE.sub("", css))

    def source(self, html: str, landscape: bool) -> str:
        """The HTML for LibreOffice: the same content, in the CSS its import reads."""
        size = "29.7cm 21cm" if landscape else "21cm 29.7cm"
        style = (f"<style>{self.css}\n@page {{ size: {size}; "
                 "margin: 2.5cm 2cm 2cm 3cm; }</style>")
        html = _PAGE_RULE.sub("", html).replace("</head>", style + "</head>", 1)
        # Its import ignores white-space: pre-line, which would run check-box lists and
        # numbered steps together: their line breaks become <br>.
        return _PRE_LINE.sub(
            lambda m: m.group(1) + m.group(3).strip("\n").replace("\n", "<br>") + m.group(4),
            html,
        )

    def convert(self, html_path: Path) -> tuple[float, bytes]:
        out = html_path.parent / "lo"
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - our own arguments, no shell
            [self.soffice, f"-env:UserInstallation={self.profile}", "--headless",
             "--norestore", "--infilter=HTML (StarWriter)",
             "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out), str(html_path)],
            check=True, capture_output=True, env=self.env, timeout=1800,
        )
        seconds = time.perf_counter() - started
        return seconds, (out / (html_path.stem + ".pdf")).read_bytes()


class Command(BaseCommand):
    help = "Time our PDF engine against raw WeasyPrint and LibreOffice on report-like documents."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5, help="runs per document (5)")
        parser.add_argument("--stress", type=int, default=0,
                            help="also a progress report of this many measures")
        parser.add_argument("--stress-runs", type=int, default=1,
                            help="runs of the stress report (1)")
        parser.add_argument("--no-libreoffice", action="store_true")
        parser.add_argument("--keep", metavar="DIR",
                            help="write the PDFs of the last run of each engine here")

    def handle(self, *args, runs, stress, stress_runs, no_libreoffice, keep, **options):
        # WeasyPrint logs every layout step at INFO; the project's root logger prints INFO.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

        from ita_portal.pdf import render as pdf_render
        from ita_portal.pdf import text_layer
        from ita_portal.pdf.fetcher import PortalURLFetcher, static_base_url
        from ita_portal.pdf.render import PDF_CSS, render_html, render_pdf, write_pdf

        documents = [
            Document("typical progress, 15 measures", progress_by_indicator(15), runs=runs),
            Document("readiness like seed 002", readiness_like_seed_002(), runs=runs),
            Document("progress, 5 rows of long cells", progress_long_cells(), runs=runs),
        ]
        if stress:
            documents.append(Document(f"progress, {stress} measures",
                                      progress_by_indicator(stress), runs=stress_runs))

        base_url = static_base_url()
        fetcher = PortalURLFetcher()
        raw_fonts = FontConfiguration()
        raw_css = CSS(url=base_url + PDF_CSS, url_fetcher=fetcher, font_config=raw_fonts)

        def html_of(doc: Document) -> str:
            return render_html(TEMPLATE, doc.context, title=doc.title, author=AGENCY,
                               landscape=doc.landscape, thai_digits=True)

        def ours(doc: Document) -> bytes:
            return render_pdf(TEMPLATE, doc.context, title=doc.title, author=AGENCY,
                              landscape=doc.landscape, thai_digits=True)

        @contextlib.contextmanager
        def plain_weasyprint():
            """render.write_pdf as WeasyPrint alone: no text-layer fix, no GC tuning."""
            saved = text_layer.ENABLED, pdf_render.fewer_full_collections
            text_layer.ENABLED, pdf_render.fewer_full_collections = False, contextlib.nullcontext
            try:
                yield
            finally:
                text_layer.ENABLED, pdf_render.fewer_full_collections = saved

        def raw(doc: Document) -> bytes:
            document = HTML(string=doc.html, base_url=base_url, url_fetcher=fetcher).render(
                stylesheets=[raw_css], font_config=raw_fonts)
            with plain_weasyprint():
                return write_pdf(document)

        soffice = None if no_libreoffice else shutil.which("soffice")
        if not no_libreoffice and not soffice:
            self.stdout.write("LibreOffice (soffice) is not installed: its column is skipped "
                              "(apt-get install --no-install-recommends libreoffice-writer).")
        keep_dir = Path(keep) if keep else None
        if keep_dir:
            keep_dir.mkdir(parents=True, exist_ok=True)

        with tempfile.TemporaryDirectory(prefix="bench_engine_") as tmp:
            folder = Path(tmp)
            office = LibreOffice(soffice, folder) if soffice else None
            for doc in documents:
                doc.html = html_of(doc)
                if AGENCY not in doc.html or "<table" not in doc.html:
                    raise CommandError(f"{TEMPLATE} no longer prints the synthetic "
                                       f"{doc.name!r}: update the payloads in this command")

            # Warm every engine once (fonts, stylesheet, templates, LibreOffice profile).
            first = documents[0]
            ours(first)
            raw(first)
            if office:
                path = folder / "warm.html"
                path.write_text(office.source(first.html, first.landscape), encoding="utf-8")
                office.convert(path)

            for doc in documents:
                self._measure(doc, ours, raw, html_of, office, folder, keep_dir)
                self._print(doc)
        self.stdout.write(
            "ours includes the template (html s); raw gets the HTML ready-made. Peak RSS is "
            "this process's peak so far (it only grows); LO's is its largest process."
        )

    def _measure(self, doc, ours, raw, html_of, office, folder, keep_dir):
        engines = {"ours": ours, "raw": raw}
        doc.times = {"ours": [], "raw": [], "html": []}
        last: dict[str, bytes] = {}
        # Engines alternate run by run, so drift in machine load hits both alike.
        for _ in range(doc.runs):
            started = time.perf_counter()
            html_of(doc)
            doc.times["html"].append(time.perf_counter() - started)
            for name, engine in engines.items():
                started = time.perf_counter()
                last[name] = engine(doc)
                doc.times[name].append(time.perf_counter() - started)
                doc.peak[name] = peak_rss_mb()
        if office:
            slug = re.sub(r"\W+", "_", doc.name.encode("ascii", "ignore").decode()).strip("_")
            path = folder / f"{slug or 'doc'}.html"
            path.write_text(office.source(doc.html, doc.landscape), encoding="utf-8")
            doc.times["LO"] = []
            for _ in range(doc.runs):
                seconds, last["LO"] = office.convert(path)
                doc.times["LO"].append(seconds)
            doc.peak["LO"] = peak_rss_mb(resource.RUSAGE_CHILDREN)
        doc.pages = {name: page_count(pdf) for name, pdf in last.items()}
        if keep_dir:
            slug = re.sub(r"\W+", "_", doc.name.encode("ascii", "ignore").decode()).strip("_")
            for name, pdf in last.items():
                (keep_dir / f"{slug}.{name}.pdf").write_bytes(pdf)

    def _print(self, doc: Document) -> None:
        med = {name: statistics.median(times) for name, times in doc.times.items() if times}
        runs = len(doc.times["ours"])
        self.stdout.write(f"{doc.name} ({runs} run{'s' if runs > 1 else ''}, medians)")
        line = (f"  ours {med['ours']:.3f} s (html {med['html']:.3f} s)"
                f"  raw {med['raw']:.3f} s  ours/raw {med['ours'] / med['raw']:.2f}")
        if "LO" in med:
            line += f"  LO {med['LO']:.3f} s  ours/LO {med['ours'] / med['LO']:.2f}"
        self.stdout.write(line)
        pages = "  ".join(f"{name} {count}" for name, count in doc.pages.items())
        peaks = "  ".join(f"{name} {mb:.0f} MB" for name, mb in doc.peak.items())
        self.stdout.write(f"  pages: {pages}    peak RSS: {peaks}")
