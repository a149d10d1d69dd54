"""Benchmark downloads of an issued PDF on loopback; prints numbers, asserts nothing.

    apt-get install nginx-light wrk          # the two public tools it drives
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 ITA_DEMO_MODE=1 \\
        .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_criteria
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 ITA_DEMO_MODE=1 \\
        .venv/bin/python manage.py bench_downloads --measures 400 --seconds 10

It issues one document (a measures plan of ``--measures`` measures, about 300 kB at 400),
starts gunicorn and nginx on 127.0.0.1 only, and runs ``wrk -c CONNECTIONS`` against:

1. nginx serving the stored file directly (the ceiling);
2. the documented offload (docs/deploy/nginx.conf): nginx asks Django for the permission
   in an auth_request subrequest, caches the yes per session for 10 s, sends the file;
3. X-Accel-Redirect: Django checks every request and answers with a header only;
4. the portal alone (gunicorn streams the file; the development fallback).

The data it creates stays in the database given: use a throwaway one.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse

from assessments.models import AssessmentYear
from ita_portal.documents.models import IssuedDocument
from ita_portal.documents.renderer import document_render
from ita_portal.documents.services import document_issue
from reports.documents import report_payload

NGINX_CONF = """
worker_processes 1;
user root;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    proxy_cache_path {tmp}/access levels=1:2 keys_zone=ita_access:10m inactive=1m
                     use_temp_path=off;
    types {{ application/pdf pdf; }}
    upstream portal {{ server 127.0.0.1:{gunicorn_port}; keepalive 16; }}
    # As docs/deploy/nginx.conf: the permission subrequest, cached per session.
    server {{
        listen 127.0.0.1:{nginx_port};
        location ~ "^/agencies/[^/]+/documents/[0-9]+\\.pdf$" {{
            auth_request /_document_access;
            auth_request_set $document_file $upstream_http_x_document_file;
            auth_request_set $document_disposition $upstream_http_x_document_disposition;
            root {root};
            try_files /$document_file =404;
            add_header Content-Disposition $document_disposition always;
            types {{ }} default_type application/pdf;
            sendfile on; tcp_nopush on;
        }}
        location = /_document_access {{
            internal;
            proxy_pass http://portal$request_uri;
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_set_header Host $host;
            proxy_set_header X-ITA-Access-Check "1";
            proxy_cache ita_access;
            proxy_cache_key "$cookie_sessionid $request_uri";
            proxy_cache_valid 204 10s;
            proxy_ignore_headers Set-Cookie Cache-Control Expires Vary;
        }}
        location /direct/ {{ alias {root}/; sendfile on; tcp_nopush on; }}
    }}
    # The X-Accel-Redirect variant: Django on every request.
    server {{
        listen 127.0.0.1:{xaccel_port};
        location /protected/documents/ {{ internal; alias {root}/; sendfile on; tcp_nopush on; }}
        location / {{
            proxy_pass http://portal;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-ITA-Access-Check "";
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise CommandError(f"nothing listens on 127.0.0.1:{port}")


class Command(BaseCommand):
    help = "Requests per second of an issued PDF: nginx direct, nginx offload, Django alone."

    def add_arguments(self, parser):
        parser.add_argument("--measures", type=int, default=400)
        parser.add_argument("--connections", type=int, default=50)
        parser.add_argument("--seconds", type=int, default=10)
        parser.add_argument("--gunicorn-workers", type=int, default=2)

    def handle(self, *args, measures, connections, seconds, gunicorn_workers, **options):
        for tool in ("nginx", "wrk"):
            if not shutil.which(tool):
                raise CommandError(f"{tool} is missing: apt-get install nginx-light wrk")
        if connection.vendor == "sqlite" and ":memory:" in str(settings.DATABASES["default"]
                                                               ["NAME"]):
            raise CommandError("needs a database file or PostgreSQL (DATABASE_URL)")
        document, user = self._document(measures)
        cookie = self._session(user)
        root = Path(document.file.storage.location)
        path = reverse("documents:document_download", args=[document.agency.code, document.pk])
        self.stdout.write(
            f"document {document.pk}: {document.size:,} bytes, {document.page_count} pages; "
            f"wrk -t2 -c{connections} -d{seconds}s, gunicorn --workers {gunicorn_workers}"
        )
        with tempfile.TemporaryDirectory() as tmp:
            offload_port, simple_port = free_port(), free_port()
            nginx_port, xaccel_port = free_port(), free_port()
            processes = [
                self._gunicorn(offload_port, "nginx", gunicorn_workers, root),
                self._gunicorn(simple_port, "simple", gunicorn_workers, root),
                self._nginx(tmp, root, offload_port, nginx_port, xaccel_port),
            ]
            try:
                for port in (offload_port, simple_port, nginx_port, xaccel_port):
                    wait_for(port)
                cases = [
                    ("nginx direct (static file)",
                     f"http://127.0.0.1:{nginx_port}/direct/{document.file.name}", ""),
                    ("nginx offload (auth_request, cached 10 s)",
                     f"http://127.0.0.1:{nginx_port}{path}", cookie),
                    ("nginx X-Accel-Redirect (Django every time)",
                     f"http://127.0.0.1:{xaccel_port}{path}", cookie),
                    ("Django alone (gunicorn streams the file)",
                     f"http://127.0.0.1:{simple_port}{path}", cookie),
                ]
                results = []
                for label, url, session in cases:
                    self._check(url, session, document.size)
                    results.append((label, *self._wrk(url, session, connections, seconds)))
            finally:
                for process in processes:
                    process.terminate()
                for process in processes:
                    process.wait(timeout=10)
        self.stdout.write(f"{'':44} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for label, rate, p50, p99, errors in results:
            self.stdout.write(f"{label:44} {rate:9.0f} {p50:8.2f} {p99:8.2f} {errors:7d}")
        direct, offload, xaccel, alone = (r[1] for r in results)
        self.stdout.write(f"offload / direct: {offload / direct:.0%}; X-Accel-Redirect / direct: "
                          f"{xaccel / direct:.0%}; Django alone / direct: {alone / direct:.0%}")

    def _document(self, measures: int):
        from reports.management.commands.bench_reports import Command as ReportsBench

        existing = IssuedDocument.objects.filter(
            agency__code="bench-agency", status="ready", kind="plan"
        ).first()
        if existing:
            return existing, existing.issued_by
        bench = ReportsBench()
        agency, year = bench._agency_year(2567, measures)
        payload = report_payload(agency, AssessmentYear.objects.get(year=2567), "plan")
        issued = document_issue(agency=agency, year=year, kind="plan", variant="",
                                payload=payload, acting_user=bench.user)
        document = document_render(issued.pk)
        if document.status != "ready":
            raise CommandError(document.failure_reason)
        return document, bench.user

    def _session(self, user) -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    def _gunicorn(self, port: int, backend: str, workers: int, root: Path) -> subprocess.Popen:
        env = {**os.environ, "SENDFILE_BACKEND": backend, "SECURE_SSL_REDIRECT": "0",
               "DOCUMENTS_ROOT": str(root)}
        gunicorn = Path(sys.executable).with_name("gunicorn")
        return subprocess.Popen(  # noqa: S603 - our own server, on loopback
            [str(gunicorn), "ita_portal.wsgi", "--workers", str(workers), "--bind",
             f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=settings.BASE_DIR, env=env,
        )

    def _nginx(self, tmp: str, root: Path, upstream: int, port: int,
               xaccel_port: int) -> subprocess.Popen:
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=tmp, root=root, gunicorn_port=upstream,
                                          nginx_port=port, xaccel_port=xaccel_port))
        return subprocess.Popen(  # noqa: S603
            ["nginx", "-c", str(conf), "-p", tmp, "-g", "daemon off;"]  # noqa: S607
        )

    def _check(self, url: str, cookie: str, size: int) -> None:
        import urllib.request

        headers = {"Cookie": cookie} if cookie else {}
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback http
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            body = response.read()
        if len(body) != size:
            raise CommandError(f"{url} gave {len(body)} bytes, expected {size}")

    def _wrk(self, url: str, cookie: str, connections: int, seconds: int):
        command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
        if cookie:
            command[1:1] = ["-H", f"Cookie: {cookie}"]
        out = subprocess.run(command, capture_output=True, text=True, check=True,  # noqa: S603
                             timeout=seconds + 60).stdout

        def millis(label: str) -> float:
            match = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", out)
            if not match:
                return float("nan")
            value, unit = float(match.group(1)), match.group(2)
            return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        sockets = re.search(r"Socket errors: (.*)", out)
        errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
            sum(int(n) for n in re.findall(r"\d+", sockets.group(1))) if sockets else 0
        )
        return rate, millis("50%"), millis("99%"), errors
