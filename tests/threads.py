"""Run work in threads released together, for the PostgreSQL row-lock tests."""

import threading

from django.db import connections


def run_at_once(work, items, *, timeout: float = 300) -> tuple[list, list]:
    """``work(item)`` for every item, each in its own thread, all started at one barrier;
    returns (results, errors). Each thread closes its own database connections."""
    items = list(items)
    barrier = threading.Barrier(len(items))
    results, errors = [], []

    def worker(item):
        try:
            barrier.wait()
            results.append(work(item))
        except Exception as error:  # noqa: BLE001 - collected and asserted by the caller
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results, errors
