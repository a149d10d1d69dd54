"""Concurrent renumbering writes (issue 12, item 5): no deadlock, orders stay 1..n.

Before the fix `measure_delete` renumbered without the agency lock that create and move
take: two deletes, or a move racing a delete, updated the same rows in different orders
and PostgreSQL answered one of them with a deadlock (a 500). Every write that numbers
measures now locks the agency row, then the agency-year's measures by id, first.
Threads need real transactions and row locks: PostgreSQL only.
"""

import threading
from functools import partial

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, connections

from assessments.models import AssessmentYear
from measures import services
from measures.models import Measure
from measures.services import MEASURE_GONE, MeasureInput

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and deadlocks need PostgreSQL"
    ),
]

ROUNDS = 4


def run_together(*jobs) -> list[BaseException]:
    """Start every job at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(jobs))
    problems: list[BaseException] = []

    def run(job):
        try:
            barrier.wait()
            job()
        except ValidationError as refusal:  # the clean Thai refusal is allowed
            if refusal.messages != [MEASURE_GONE]:
                problems.append(refusal)
        except BaseException as problem:  # noqa: BLE001 - anything else is the bug
            problems.append(problem)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return problems


@pytest.fixture
def criteria(transactional_db):
    """A transactional test starts from an emptied database: the criteria first."""
    call_command("load_criteria", verbosity=0)


@pytest.fixture
def plan(criteria, demo):
    officer = get_user_model().objects.get(username="demo_officer")
    year = AssessmentYear.objects.get(year=2567)
    agency = demo["agency"]

    def measures(count: int) -> list[Measure]:
        Measure.objects.filter(agency=agency, year=year).delete()
        for n in range(count):
            services.measure_create(
                agency=agency,
                year=year,
                data=MeasureInput(values={"title": f"มาตรการ {n + 1}"}),
                acting_user=officer,
            )
        return list(Measure.objects.filter(agency=agency, year=year).order_by("order"))

    def orders() -> list[int]:
        return list(
            Measure.objects.filter(agency=agency, year=year)
            .order_by("order")
            .values_list("order", flat=True)
        )

    return officer, measures, orders


def delete(measure, officer):
    return partial(services.measure_delete, measure, acting_user=officer)


def move(measure, direction, officer):
    return partial(services.measure_move, measure, direction=direction, acting_user=officer)


def test_two_deletes_at_once(plan):
    officer, measures, orders = plan
    for _ in range(ROUNDS):
        ms = measures(8)
        problems = run_together(
            delete(ms[1], officer),
            delete(ms[5], officer),
            delete(ms[3], officer),
        )
        assert problems == []
        assert orders() == list(range(1, 6))


def test_the_same_measure_deleted_twice_is_a_thai_refusal(plan):
    officer, measures, orders = plan
    for _ in range(ROUNDS):
        ms = measures(5)
        problems = run_together(
            delete(ms[2], officer),
            delete(Measure.objects.get(pk=ms[2].pk), officer),
        )
        assert problems == []
        assert orders() == [1, 2, 3, 4]


def test_move_racing_a_delete(plan):
    officer, measures, orders = plan
    for _ in range(ROUNDS):
        ms = measures(6)
        problems = run_together(
            move(ms[4], -1, officer),
            delete(ms[1], officer),
            move(Measure.objects.get(pk=ms[1].pk), 1, officer),
            partial(
                services.measure_create,
                agency=ms[0].agency,
                year=ms[0].year,
                data=MeasureInput(values={"title": "ใหม่"}),
                acting_user=officer,
            ),
        )
        assert problems == []
        assert orders() == list(range(1, 7))
