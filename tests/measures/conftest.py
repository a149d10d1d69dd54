import pytest
from django.contrib.auth import get_user_model

from assessments.models import AssessmentYear
from measures.services import MeasureInput, measure_create


@pytest.fixture
def officer(demo):
    return get_user_model().objects.get(username="demo_officer")


@pytest.fixture
def make_measure(demo, officer):
    """make_measure(year=2567, title=..., indicators=[9], units=["กองคลัง"], **fields)."""

    def _make(year=2567, title="มาตรการทดสอบ", indicators=(), units=(), agency=None, **values):
        agency = agency or demo["agency"]
        criteria = AssessmentYear.objects.get(year=year)
        return measure_create(
            agency=agency,
            year=criteria,
            data=MeasureInput(
                values={"title": title, **values},
                indicators=list(criteria.indicators.filter(number__in=indicators)),
                units=list(agency.units.filter(name__in=units)),
            ),
            acting_user=officer,
        )

    return _make


@pytest.fixture(autouse=True)
def no_demo_measures(request):
    """Measure tests start from an empty plan; the demo's own 2567 measures are removed."""
    if "demo" in request.fixturenames:
        from measures.models import Measure

        request.getfixturevalue("demo")
        Measure.objects.all().delete()
