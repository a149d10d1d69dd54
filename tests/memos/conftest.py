"""The PDF helpers of the report tests (poppler on rendered bytes), for the memo tests."""

from tests.reports.conftest import as_pdf  # noqa: F401 (a fixture)
