from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "เกณฑ์และผลการประเมิน ITA"
