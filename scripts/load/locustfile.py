"""Citizens browsing the public pages (scripts/load/run.sh runs this against gunicorn).

Each simulated user opens the home page, searches by name or by province, opens an
agency's public page and reads the criteria. Demo data (seed_demo): two agencies.
"""

import random

from locust import HttpUser, between, task

AGENCIES = ["thung-ruang-thong", "tha-nam-sai"]
SEARCHES = ["ทุ่งรวงทอง", "ท่าน้ำใส", "เทศบาล", "เมือง", "ไม่มีหน่วยงานนี้"]
PROVINCES = ["พะเยา", "เชียงราย", "เชียงใหม่"]
CRITERIA_YEARS = [2564, 2565, 2566, 2567, 2568]


def pick(choices: list):
    return random.choice(choices)  # noqa: S311 - which page to load, not a secret


class Citizen(HttpUser):
    wait_time = between(1, 3)

    @task(3)
    def home(self):
        self.client.get("/", name="/")

    @task(3)
    def search_by_name(self):
        self.client.get("/", params={"q": pick(SEARCHES)}, name="/?q=")

    @task(2)
    def search_by_province(self):
        self.client.get("/", params={"province": pick(PROVINCES)},
                        name="/?province=")

    @task(4)
    def agency_page(self):
        self.client.get(f"/agencies/{pick(AGENCIES)}/", name="/agencies/<code>/")

    @task(1)
    def criteria_list(self):
        self.client.get("/criteria/", name="/criteria/")

    @task(2)
    def criteria_year(self):
        self.client.get(f"/criteria/{pick(CRITERIA_YEARS)}/", name="/criteria/<year>/")
