"""Check the text layer of the portal's PDFs against the text laid out: wrong characters.

manage.py pdf_text_check              # corpus and every report kind/layout, with the fix
manage.py pdf_text_check --compare    # ... without and with it, and page pixels compared

Documents (all through ita_portal.pdf.render.render_document / write_pdf, i.e. render_pdf):

* ``sample table`` / ``sample paragraphs``: reports/sample_pdf.html with the whole corpus
  as table rows, and as one paragraph (with the generated corpus as a bold heading);
* ``corpus <kind> <layout>``: each report kind and layout of the agency (default the
  demo agency) with the corpus written into its measures, plans and results (generated
  corpus in every report, the seed lines dealt out among them), inside a transaction
  that is rolled back;
* ``demo <kind> <layout>``: the same reports with the agency's own data.

The corpus is ita_portal.pdf.text_check.generated_corpus() plus the lines of the seed
texts (``--seeds``, default ``../shared/seeds`` beside the checkout) when present.
Readers: pdftotext -raw, pypdf and pdfminer.six in content order; pdftotext in its
reading order, compared in order on the sample documents and as a character multiset on
the reports (its reading order runs across the cells of their wide tables). Exits with
an error when a document has wrong characters with the fix, or (``--compare``) when a
page's pixels changed.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ita_portal.agencies.models import Agency
from ita_portal.pdf import text_check as check
from ita_portal.pdf import text_layer as pdf_text
from ita_portal.pdf.render import render_document, write_pdf
from reports import text_corpus as corpus
from reports.documents import report_payload


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Count wrong characters in the text layer of the portal's PDFs (WeasyPrint #2841)."

    def add_arguments(self, parser):
        parser.add_argument("--seeds", type=Path,
                            default=Path(settings.BASE_DIR).parent / "shared" / "seeds")
        parser.add_argument("--agency", default="thung-ruang-thong")
        parser.add_argument("--compare", action="store_true",
                            help="also without the fix; compare the pages' pixels")
        parser.add_argument("--no-reports", action="store_true",
                            help="only the sample template (no database needed)")

    def handle(self, *args, seeds, agency, compare, no_reports, **options):
        if missing := check.missing_readers():
            raise CommandError(f"missing: {', '.join(missing)} (pip install pypdf pdfminer.six)")
        found = None if no_reports else Agency.objects.filter(code=agency).first()
        if found is None and not no_reports:
            raise CommandError(f"no agency {agency} (the demo database has "
                               "thung-ruang-thong; or use --no-reports)")
        generated = check.generated_corpus()
        seed_lines = check.seed_corpus(seeds) if seeds.is_dir() else []
        self.stdout.write(f"corpus: {len(generated)} generated lines, {len(seed_lines)} seed "
                          f"lines from {seeds}{'' if seed_lines else ' (not found)'}")
        corpus = generated + seed_lines
        self.modes = [False, True] if compare else [True]
        self.totals = {mode: {} for mode in self.modes}
        self.failed = False
        self._sample(generated, corpus)
        if not no_reports:
            try:
                with transaction.atomic():
                    self._reports(found, generated, seed_lines)
                    raise Rollback
            except Rollback:
                pass
        for mode in self.modes:
            totals = ", ".join(f"{r} {n}" for r, n in self.totals[mode].items())
            self.stdout.write(f"TOTAL {'with' if mode else 'without'} the fix: {totals}")
        if self.failed:
            raise CommandError("wrong characters in the text layer (see above)")

    # -- documents ------------------------------------------------------------------------

    def _sample(self, generated, corpus):
        rows = [{"no": i, "name": line, "score": "1.00", "done": i % 2}
                for i, line in enumerate(corpus, start=1)]
        self._check("sample table", "reports/sample_pdf.html", {"rows": rows},
                    landscape=False, thai_digits=False, any_order=())
        self._check("sample paragraphs", "reports/sample_pdf.html",
                    {"heading": " ".join(generated), "note": " ".join(corpus)},
                    landscape=False, thai_digits=True, any_order=())

    def _reports(self, agency, generated, seed_lines):
        years = corpus.report_years(agency)
        for n, (kind, layout) in enumerate(corpus.REPORT_CASES):
            self._report(f"demo {kind} {layout}", agency, years[kind], kind, layout, n % 2)
        for n, (kind, layout) in enumerate(corpus.REPORT_CASES):
            share = seed_lines[n::len(corpus.REPORT_CASES)]
            corpus.write_report_texts(agency, kind, layout, generated + share)
            self._report(f"corpus {kind} {layout}", agency, years[kind], kind, layout, n % 2)

    def _report(self, label, agency, year, kind, layout, thai_digits):
        document = report_payload(agency, year, kind, layout=layout)
        self._check(f"{label}{' ๐' if thai_digits else ''}", document["template"],
                    document, landscape=document["landscape"],
                    thai_digits=bool(thai_digits), any_order=("pdftotext",))

    # -- checking -------------------------------------------------------------------------

    def _check(self, label, template, context, *, landscape, thai_digits, any_order):
        pdfs = {}
        for mode in self.modes:
            pdf_text.ENABLED = mode
            try:
                started = time.perf_counter()
                document = render_document(template, context, title=label, author="ITA",
                                           landscape=landscape, thai_digits=thai_digits)
                laid_out = time.perf_counter()
                pdf = pdfs[mode] = write_pdf(document)
                written = time.perf_counter()
            finally:
                pdf_text.ENABLED = True
            results = check.text_errors(document, pdf, any_order=any_order)
            cells = "  ".join(f"{r} {v.errors}/{v.characters}" for r, v in results.items())
            self.stdout.write(
                f"{'after ' if mode else 'before'} {label:34} {len(document.pages):3} pages  "
                f"layout {laid_out - started:5.2f} s  write {written - laid_out:5.2f} s  {cells}")
            for reader, result in results.items():
                self.totals[mode][reader] = self.totals[mode].get(reader, 0) + result.errors
            if mode and any(r.errors for r in results.values()):
                self.failed = True
                self.stdout.write(check.format_report(results))
        if len(pdfs) == 2:
            same, pages = check.same_pixels(pdfs[False], pdfs[True])
            self.stdout.write(f"       {label:34} pixels: {same}/{pages} pages identical")
            if same != pages:
                self.failed = True
