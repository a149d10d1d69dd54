"""The isolation matrix: every URL of the portal, as every kind of user, with GET and POST.

The URL list is read from the URL configuration itself (``get_resolver()``), so a new page
that is not classified in ``EXPECTED`` fails ``test_every_url_is_classified`` until someone
decides who may see it. What each class of page answers to each kind of user is written
once, in ``RULES``; the admin is covered by a few representative URLs.

A POST that is refused (403, 405 or a redirect to a login page) must change nothing: the
row count of every table is compared before and after. Every request runs in a savepoint
that is rolled back, so one user's accepted POST (a delete, a copy) never changes what the
next request sees, and one set of objects serves the whole matrix.
"""

from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessments.models import AssessmentYear
from ita_portal.audit.models import AuditEvent
from ita_portal.documents.models import IssuedDocument
from ita_portal.documents.renderer import document_render
from ita_portal.documents.services import document_issue
from measures.models import Measure
from measures.services import evidence_add
from memos.documents import memo_defaults
from memos.models import Memo
from memos.services import chain_save, default_chain, memo_create, memo_submit
from publishing.models import OITPage, Publication
from reports.documents import report_payload, report_variant

AGENCY_A = "thung-ruang-thong"
YEAR = 2567

# ── who ─────────────────────────────────────────────────────────────────────────────────
ANON = "anonymous"
OFFICER = "demo_officer"
HEAD = "demo_head"
PALAD = "demo_palad"
MAYOR = "demo_mayor"
AGENCY_ADMIN = "demo_agency_admin"
OTHER = "demo_officer_b"
SUPER = "demo_admin"
USERS = (ANON, OFFICER, HEAD, PALAD, MAYOR, AGENCY_ADMIN, OTHER, SUPER)
WRITERS = {OFFICER, HEAD, AGENCY_ADMIN, SUPER}
READERS = {PALAD, MAYOR}  # members of agency A who only read
MEMBERS = WRITERS - {SUPER} | READERS
STAFF = {AGENCY_ADMIN, SUPER}
PREPARERS = {OFFICER, HEAD, AGENCY_ADMIN}

# ── what they get ───────────────────────────────────────────────────────────────────────
OK = "200"
DONE = "200 or a redirect that is not a login"  # an accepted POST (form errors or success)
REDIRECT = "a redirect that is not a login"
LOGIN = "redirect to the login page"
ADMIN_LOGIN = "redirect to the admin's login page"
ADMIN_HIDDEN = "redirect to the admin's index (no such object for this user)"
FORBIDDEN = "403"
NOT_ALLOWED = "405"
REFUSED = {LOGIN, ADMIN_LOGIN, ADMIN_HIDDEN, FORBIDDEN, NOT_ALLOWED}


def _member_read(get_only: bool) -> dict:
    """A private page of agency A that members read."""
    get = {ANON: LOGIN, OTHER: FORBIDDEN, **dict.fromkeys(MEMBERS | {SUPER}, OK)}
    post = (
        {ANON: LOGIN, **dict.fromkeys(set(USERS) - {ANON}, NOT_ALLOWED)}
        if get_only
        else {ANON: LOGIN, OTHER: FORBIDDEN, **dict.fromkeys(MEMBERS | {SUPER}, DONE)}
    )
    return {"GET": get, "POST": post}


# Each class of page: method → user → outcome.
RULES: dict[str, dict[str, dict[str, str]]] = {
    # Anybody, signed in or not, reads it; a POST is answered like a GET or refused.
    "public": {
        "GET": dict.fromkeys(USERS, OK),
        "POST": dict.fromkeys(USERS, OK),
    },
    "public-get-only": {
        "GET": dict.fromkeys(USERS, OK),
        "POST": dict.fromkeys(USERS, NOT_ALLOWED),
    },
    # A form anybody may post (login, password reset).
    "public-form": {
        "GET": dict.fromkeys(USERS, OK),
        "POST": dict.fromkeys(USERS, DONE),
    },
    # Signed-in users only, whatever their agency (the personal dashboard).
    "signed-in": {
        # (members of one agency are sent on to its dashboard)
        "GET": {ANON: LOGIN, **dict.fromkeys(set(USERS) - {ANON}, DONE)},
        "POST": {ANON: LOGIN, **dict.fromkeys(set(USERS) - {ANON}, DONE)},
    },
    # Agency A's private pages, read by its members and system administrators.
    "member-read": _member_read(get_only=False),
    "member-read-get-only": _member_read(get_only=True),
    # Members read it; a POST (a form on the page: a choice saved, an edit) is a write.
    "member-read-write": {
        "GET": {ANON: LOGIN, OTHER: FORBIDDEN, **dict.fromkeys(MEMBERS | {SUPER}, OK)},
        "POST": {
            ANON: LOGIN,
            OTHER: FORBIDDEN,
            **dict.fromkeys(READERS, FORBIDDEN),
            **dict.fromkeys(WRITERS, DONE),
        },
    },
    # Pages that show a form to those who prepare the data and refuse everyone else.
    "member-write": {
        "GET": {
            ANON: LOGIN,
            OTHER: FORBIDDEN,
            **dict.fromkeys(READERS, FORBIDDEN),
            **dict.fromkeys(WRITERS, OK),
        },
        "POST": {
            ANON: LOGIN,
            OTHER: FORBIDDEN,
            **dict.fromkeys(READERS, FORBIDDEN),
            **dict.fromkeys(WRITERS, DONE),
        },
    },
    # The agency admin's own pages (adding the agency's people).
    "agency-admin-form": {
        "GET": {
            ANON: LOGIN,
            **dict.fromkeys(set(USERS) - {ANON, AGENCY_ADMIN, SUPER}, FORBIDDEN),
            AGENCY_ADMIN: OK,
            SUPER: OK,
        },
        "POST": {
            ANON: LOGIN,
            **dict.fromkeys(set(USERS) - {ANON, AGENCY_ADMIN, SUPER}, FORBIDDEN),
            AGENCY_ADMIN: DONE,
            SUPER: DONE,
        },
    },
    # Actions that accept only a POST, from those who prepare the data.
    "member-write-post-only": {
        "GET": {ANON: LOGIN, **dict.fromkeys(set(USERS) - {ANON}, NOT_ALLOWED)},
        "POST": {
            ANON: LOGIN,
            OTHER: FORBIDDEN,
            **dict.fromkeys(READERS, FORBIDDEN),
            **dict.fromkeys(WRITERS, DONE),
        },
    },
    # Memos: drafted and submitted by those who prepare reports of agency A (not by a
    # system administrator: a memo speaks for the agency's own people).
    "memo-preparer": {
        "GET": {ANON: LOGIN, **dict.fromkeys(set(USERS) - {ANON} - PREPARERS, FORBIDDEN),
                **dict.fromkeys(PREPARERS, OK)},
        "POST": {ANON: LOGIN, **dict.fromkeys(set(USERS) - {ANON} - PREPARERS, FORBIDDEN),
                 **dict.fromkeys(PREPARERS, DONE)},
    },
    "memo-preparer-post-only": {
        "GET": {ANON: LOGIN, **dict.fromkeys(set(USERS) - {ANON}, NOT_ALLOWED)},
        "POST": {ANON: LOGIN, **dict.fromkeys(set(USERS) - {ANON} - PREPARERS, FORBIDDEN),
                 **dict.fromkeys(PREPARERS, DONE)},
    },
    # The memo's author only (withdrawing before the first opinion).
    "memo-author-post-only": {
        "GET": {ANON: LOGIN, **dict.fromkeys(set(USERS) - {ANON}, NOT_ALLOWED)},
        "POST": {ANON: LOGIN, **dict.fromkeys(set(USERS) - {ANON, OFFICER}, FORBIDDEN),
                 OFFICER: DONE},
    },
    # The current step's holder only (the memo waits at หัวหน้าสำนักปลัด).
    "memo-holder-post-only": {
        "GET": {ANON: LOGIN, **dict.fromkeys(set(USERS) - {ANON}, NOT_ALLOWED)},
        "POST": {ANON: LOGIN, **dict.fromkeys(set(USERS) - {ANON, HEAD}, FORBIDDEN),
                 HEAD: DONE},
    },
    # Publishing a document no memo approved, and unpublishing it: the agency admin only
    # (not a system administrator: publishing speaks for the agency).
    "agency-publisher-post-only": {
        "GET": {ANON: LOGIN, **dict.fromkeys(set(USERS) - {ANON}, NOT_ALLOWED)},
        "POST": {ANON: LOGIN, **dict.fromkeys(set(USERS) - {ANON, AGENCY_ADMIN}, FORBIDDEN),
                 AGENCY_ADMIN: DONE},
    },
    "agency-admin-post-only": {
        "GET": {ANON: LOGIN, **dict.fromkeys(set(USERS) - {ANON}, NOT_ALLOWED)},
        "POST": {
            ANON: LOGIN,
            **dict.fromkeys(set(USERS) - {ANON, AGENCY_ADMIN, SUPER}, FORBIDDEN),
            AGENCY_ADMIN: DONE,
            SUPER: DONE,
        },
    },
    # Logging out: only by POST, which anybody may send.
    "logout": {
        "GET": dict.fromkeys(USERS, NOT_ALLOWED),
        "POST": dict.fromkeys(USERS, DONE),
    },
    # The admin: staff only (agency admins and system administrators).
    "admin": {
        "GET": {**dict.fromkeys(set(USERS) - STAFF, ADMIN_LOGIN), **dict.fromkeys(STAFF, OK)},
        "POST": {**dict.fromkeys(set(USERS) - STAFF, ADMIN_LOGIN), **dict.fromkeys(STAFF, DONE)},
    },
    # Another agency's object in the admin: an agency admin does not even see it.
    "admin-other-agency": {
        "GET": {
            **dict.fromkeys(set(USERS) - STAFF, ADMIN_LOGIN),
            AGENCY_ADMIN: ADMIN_HIDDEN,
            SUPER: OK,
        },
        "POST": {
            **dict.fromkeys(set(USERS) - STAFF, ADMIN_LOGIN),
            AGENCY_ADMIN: ADMIN_HIDDEN,
            SUPER: DONE,
        },
    },
    # Read only in the admin for everybody (an issued document is frozen).
    "admin-read-only": {
        "GET": {**dict.fromkeys(set(USERS) - STAFF, ADMIN_LOGIN), **dict.fromkeys(STAFF, OK)},
        "POST": {
            **dict.fromkeys(set(USERS) - STAFF, ADMIN_LOGIN),
            **dict.fromkeys(STAFF, FORBIDDEN),
        },
    },
    # Read by staff in the admin, changed by system administrators only (criteria).
    "admin-superuser-writes": {
        "GET": {**dict.fromkeys(set(USERS) - STAFF, ADMIN_LOGIN), **dict.fromkeys(STAFF, OK)},
        "POST": {
            **dict.fromkeys(set(USERS) - STAFF, ADMIN_LOGIN),
            AGENCY_ADMIN: FORBIDDEN,
            SUPER: DONE,
        },
    },
    # The admin for system administrators only.
    "admin-superuser": {
        "GET": {
            **dict.fromkeys(set(USERS) - STAFF, ADMIN_LOGIN),
            AGENCY_ADMIN: FORBIDDEN,
            SUPER: OK,
        },
        "POST": {
            **dict.fromkeys(set(USERS) - STAFF, ADMIN_LOGIN),
            AGENCY_ADMIN: FORBIDDEN,
            SUPER: DONE,
        },
    },
}

# Every named URL of the portal → its class. A name missing here fails the test.
EXPECTED: dict[str, str] = {
    # public
    "home": "public",
    "agencies:agency_public": "public",
    "public:oit_page": "public",
    "public:overview": "public",
    "public:overview_csv": "public-get-only",
    "public:open_data": "public",
    "public:open_data_file": "public-get-only",
    "public:open_data_agency_file": "public-get-only",
    "public:sitemap": "public",
    "public:robots_txt": "public-get-only",
    "assessments:criteria_list": "public",
    "assessments:criteria_detail": "public",
    "login": "public-form",
    "password_reset": "public-form",
    "admin_password_reset": "public-form",
    "password_reset_confirm": "public-form",
    "password_reset_done": "public-get-only",
    "password_reset_complete": "public-get-only",
    "logout": "logout",
    # signed in
    "agencies:dashboard": "signed-in",
    # agency A, read by members
    "agencies:agency_dashboard": "member-read",
    "agencies:member_add": "agency-admin-form",
    "assessments:results_home": "member-read",
    "assessments:result_detail": "member-read",
    "assessments:result_csv_template": "member-read",
    "audit:activity": "member-read-get-only",
    "documents:document_detail": "member-read",
    "documents:document_download": "member-read",
    "measures:measures_home": "member-read",
    "measures:measure_list": "member-read",
    "measures:measure_history": "member-read",
    "measures:evidence_download": "member-read",
    "measures:measures_export_csv": "member-read",
    "measures:measures_export_xlsx": "member-read",
    "measures:readiness_board": "member-read-get-only",
    "reports:report_preview": "member-read",
    "reports:report_pdf": "member-read",
    # agency A, read by members, written by those who prepare
    "measures:measure_edit": "member-read-write",
    "measures:measure_rounds": "member-read-write",
    "reports:report_index": "member-read-write",
    # agency A, only for those who prepare
    "assessments:result_edit": "member-write",
    "measures:measure_create": "member-write",
    "measures:measures_suggestions": "member-write",
    "measures:measures_import": "member-write",
    "measures:readiness_item_edit": "member-write",
    "measures:indicator_plan_edit": "member-write",
    "assessments:result_csv_import": "member-write-post-only",
    "measures:measure_status": "member-write-post-only",
    "measures:measure_move": "member-write-post-only",
    "measures:measure_delete": "member-write-post-only",
    "measures:measures_copy": "member-write-post-only",
    "measures:evidence_add": "member-write-post-only",
    "reports:report_issue": "member-write-post-only",
    "documents:document_retry": "member-write-post-only",
    # memos
    "memos:memo_list": "member-read",
    "memos:memo_detail": "member-read",
    "memos:memo_preview": "member-read",
    "memos:memo_pdf": "member-read",
    "memos:memo_create": "memo-preparer",
    "memos:memo_edit": "memo-preparer",
    "memos:memo_submit": "memo-preparer-post-only",
    "memos:memo_withdraw": "memo-author-post-only",
    "memos:memo_act": "memo-holder-post-only",
    "memos:memo_return": "memo-holder-post-only",
    "memos:chain_edit": "agency-admin-form",
    "memos:emblem_edit": "agency-admin-post-only",
    "memos:signature_edit": "signed-in",
    # publishing: the public document, its signed file and verification; the agency's side
    "published:document": "public-get-only",
    "published:download": "public-get-only",
    "published:verify": "public-form",
    "published:agency_list": "member-read-get-only",
    "published:publish": "agency-publisher-post-only",
    "published:unpublish": "agency-publisher-post-only",
    "published:oit_page": "memo-preparer-post-only",
}

# The admin, by a few representative pages: (url name, whose object) → class.
ADMIN_SAMPLES: dict[tuple[str, str], str] = {
    ("admin:index", ""): "admin",
    ("admin:agencies_unit_changelist", ""): "admin",
    ("admin:agencies_unit_change", "A"): "admin",
    ("admin:agencies_unit_change", "B"): "admin-other-agency",
    ("admin:agencies_membership_change", "B"): "admin-other-agency",
    ("admin:assessments_assessmentyear_changelist", ""): "admin",
    ("admin:audit_auditevent_changelist", ""): "admin-superuser",
    ("admin:auth_user_changelist", ""): "admin-superuser",
    ("admin:documents_issueddocument_change", "A"): "admin-read-only",
    ("admin:memos_memo_changelist", ""): "admin-superuser",
    # Criteria: a confirmed year is read only; copying and importing are for superusers.
    ("admin:assessments_assessmentyear_change", "criteria 2566"): "admin-read-only",
    ("admin:assessments_assessmentyear_change", "criteria 2569"): "admin-superuser-writes",
    ("admin:assessments_assessmentyear_copy", "criteria 2569"): "admin-superuser",
    ("admin:assessments_assessmentyear_import", ""): "admin-superuser",
    ("admin:assessments_assessmentyear_export", "criteria 2569 xlsx"): "admin",
}


# ── the URL configuration ───────────────────────────────────────────────────────────────
def walk(resolver=None, namespace="", prefix=""):
    """(full name, route, pattern) for every named pattern, recursively."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            yield from walk(pattern, f"{namespace}{ns}:" if ns else namespace, route)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else None), route, pattern


def is_admin(route: str) -> bool:
    return route.startswith(settings.ADMIN_URL)


def portal_names() -> set[str]:
    names = set()
    for name, route, _ in walk():
        if is_admin(route):
            continue
        assert name, f"an unnamed URL pattern cannot be classified: {route}"
        names.add(name)
    return names


def test_every_url_is_classified():
    names = portal_names()
    assert sorted(names - set(EXPECTED)) == [], "classify these URLs in EXPECTED"
    assert sorted(set(EXPECTED) - names) == [], "these names no longer exist"
    assert set(EXPECTED.values()) <= set(RULES)


# ── objects of agency A ─────────────────────────────────────────────────────────────────
@dataclass
class Objects:
    measure: Measure
    evidence: object
    document: IssuedDocument
    event: AuditEvent
    memo_draft: Memo
    memo_in_review: Memo
    publication: Publication


def make_objects(demo) -> Objects:
    agency = demo["agency"]
    officer = get_user_model().objects.get(username=OFFICER)
    measure = Measure.objects.filter(agency=agency, year__year=YEAR).order_by("order").first()
    evidence = evidence_add(
        measure,
        title="หลักฐาน",
        url="",
        file=SimpleUploadedFile("evidence.pdf", b"%PDF-1.4 test", "application/pdf"),
        acting_user=officer,
    )
    criteria = AssessmentYear.objects.get(year=YEAR)
    payload = report_payload(agency, criteria, "plan", layout="by_indicator")
    document = document_issue(
        agency=agency,
        year=criteria,
        kind="plan",
        variant=report_variant("plan", payload["layout"], ""),
        payload=payload,
        acting_user=officer,
    )
    document = document_render(document.pk)
    # Agency A's 2567 is public: its plan is published (below) and its OIT page too.
    OITPage.objects.create(agency=agency, year=YEAR, is_public=True)
    chain_save(agency, default_chain(agency),
               acting_user=get_user_model().objects.get(username=AGENCY_ADMIN))
    fields = memo_defaults(agency, criteria, "plan", "", officer)
    draft = memo_create(agency=agency, year=criteria, report_kind="plan", acting_user=officer,
                        **fields)
    in_review = memo_submit(
        memo_create(agency=agency, year=criteria, report_kind="plan", acting_user=officer,
                    **fields),
        acting_user=officer,
    )
    # Published by the agency admin (no memo), written directly: the matrix runs without a
    # signing key, and the public pages need only the row and a stored file.
    publication = Publication.objects.create(
        document=document, agency=agency, year=document.year, kind=document.kind,
        variant=document.variant, title=document.title, version=1,
        published_at=document.issued_at, file=document.file.name, sha256=document.sha256,
        size=document.size,
    )
    return Objects(measure, evidence, document, AuditEvent.objects.filter(agency=agency).first(),
                   draft, in_review, publication)


def kwargs_for(name: str, route: str, objects: Objects) -> dict:
    samples = {
        "code": AGENCY_A,
        "year": YEAR,
        "kind": "plan",
        "number": 1,
        "uidb64": "MQ",
        "token": "set-password",
        "dataset": "scores",
        "fmt": "csv",
        "table": "grades",
    }
    pks = {
        "published:publish": objects.document.pk,
        "published:": objects.publication.pk,
        "memos:memo_edit": objects.memo_draft.pk,
        "memos:memo_submit": objects.memo_draft.pk,
        "memos:": objects.memo_in_review.pk,
        "documents:": objects.document.pk,
        "measures:evidence_download": objects.evidence.pk,
        "measures:": objects.measure.pk,
    }
    kwargs = {}
    for key in samples:
        if f"<{key}>" in route or f":{key}>" in route:
            kwargs[key] = samples[key]
    if "<int:pk>" in route:
        kwargs["pk"] = next(pk for prefix, pk in pks.items() if name.startswith(prefix))
    return kwargs


# ── counting rows ───────────────────────────────────────────────────────────────────────
def _count_sql() -> str:
    tables = sorted(
        {m._meta.db_table for m in apps.get_models() if m._meta.managed and not m._meta.proxy}
    )
    quote = connection.ops.quote_name
    return "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608 (table names from the models)


def row_counts(sql: str) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def outcome(response) -> str:
    status = response.status_code
    if status in (301, 302):
        location = response["Location"]
        if location.startswith(f"/{settings.ADMIN_URL}login/"):
            return ADMIN_LOGIN
        if location == f"/{settings.ADMIN_URL}":
            return ADMIN_HIDDEN
        if location.startswith(resolve_url(settings.LOGIN_URL)):
            return LOGIN
        return REDIRECT
    if status == 200:
        return OK
    return str(status)


def matches(expected: str, got: str) -> bool:
    # An accepted POST with an empty body may also be answered 400 (no file uploaded).
    return got == expected or (expected == DONE and got in {OK, REDIRECT, "400"})


# ── the matrix ──────────────────────────────────────────────────────────────────────────
@pytest.fixture
def objects(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return make_objects(demo)


def _login(client, username):
    client.logout()
    if username != ANON:
        client.force_login(get_user_model().objects.get(username=username))


def admin_url(name: str, whose: str, demo) -> str:
    from ita_portal.agencies.models import Membership, Unit

    if not whose:
        return reverse(name)
    if whose.startswith("criteria "):  # "criteria <year> [more args]"
        _, year, *more = whose.split()
        return reverse(name, args=[AssessmentYear.objects.get(year=int(year)).pk, *more])
    agency = demo["agency"] if whose == "A" else demo["other_agency"]
    model = name.split("_")[1]
    obj = {
        "unit": lambda: Unit.objects.filter(agency=agency).first(),
        "membership": lambda: Membership.objects.filter(agency=agency).first(),
        "issueddocument": lambda: IssuedDocument.objects.get(agency=agency),
    }[model]()
    return reverse(name, args=[obj.pk])


def check(client, username: str, name: str, url: str, category: str, problems: list):
    """GET and POST ``url`` as the signed-in ``username``, each in a rolled-back savepoint;
    the rows of every table are counted around each POST."""
    count_sql = _count_sql()
    for method in ("GET", "POST"):
        with transaction.atomic():
            before = row_counts(count_sql) if method == "POST" else None
            response = getattr(client, method.lower())(url)
            after = row_counts(count_sql) if method == "POST" else None
            transaction.set_rollback(True)
        got = outcome(response)
        expected = RULES[category][method][username]
        who = f"{method} {url} ({name}) as {username}"
        if not matches(expected, got):
            problems.append(f"{who}: expected {expected}, got {got}")
        if method == "POST" and got in REFUSED and before != after:
            problems.append(f"{who} was refused ({got}) but changed rows")
        if name == "logout" and method == "POST":
            _login(client, username)


def test_isolation_matrix(client, objects, demo):
    """Every URL of the portal and a few of the admin, GET and POST, as every kind of user
    (one test over one set of objects: seeding the demo and rendering a document per user
    would cost more than the requests)."""
    urls = [
        (name, reverse(name, kwargs=kwargs_for(name, route, objects)), EXPECTED[name])
        for name, route, _ in walk()
        if not is_admin(route) and name in EXPECTED
    ]
    urls += [
        (name, admin_url(name, whose, demo), category)
        for (name, whose), category in ADMIN_SAMPLES.items()
    ]
    problems = []
    for username in USERS:
        _login(client, username)
        for name, url, category in urls:
            check(client, username, name, url, category, problems)
    assert problems == [], "\n".join(problems)


def test_a_document_of_agency_a_is_not_found_under_agency_bs_code(client, objects):
    pk = objects.document.pk
    for username in (OFFICER, OTHER, SUPER):
        _login(client, username)
        for url in (
            f"/agencies/tha-nam-sai/documents/{pk}/",
            f"/agencies/tha-nam-sai/documents/{pk}.pdf",
        ):
            assert client.get(url).status_code == 404, (username, url)
        retry = f"/agencies/tha-nam-sai/documents/{pk}/retry/"
        assert client.post(retry).status_code in (403, 404), username


def test_a_measure_form_refuses_a_unit_of_another_agency(client, demo):
    from ita_portal.agencies.models import Unit

    _login(client, OFFICER)
    other_unit = Unit.objects.filter(agency=demo["other_agency"]).first()
    sql = _count_sql()
    before = row_counts(sql)
    response = client.post(
        reverse("measures:measure_create", kwargs={"code": AGENCY_A, "year": YEAR}),
        {"title": "มาตรการของส่วนราชการอื่น", "units": [other_unit.pk]},
    )
    assert response.status_code == 200  # the form again, with the error
    assert row_counts(sql) == before
