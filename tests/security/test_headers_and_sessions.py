"""Headers and sessions (issue 13, item 3; docs/security.md): a Content-Security-Policy with no inline script,
HSTS when the site is HTTPS, session expiry after inactivity, logout everywhere on a password change."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

JIUZHU = Path(__file__).resolve().parents[2] / "jiuzhu"
PASSWORD = "old-Secret-2026"


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";")) if d}


def _login(username="sy_worker", password=PASSWORD) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture
def worker(users):
    user = users["sy_worker"]
    user.set_password(PASSWORD)
    user.save()
    return user


# ---- Content-Security-Policy ----

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def test_no_template_has_inline_script_handler_or_javascript_url():
    found = []
    for path in sorted(JIUZHU.glob("**/templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, JS_URL):
            found += [f"{path.relative_to(JIUZHU)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert found == []


def test_the_template_scan_finds_what_it_looks_for():
    assert INLINE_SCRIPT.search("<p><script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js"></script>')
    assert not INLINE_SCRIPT.search('<script type="application/json" id="s">{}</script>')
    assert HANDLER.search('<button onclick="go()">')
    assert JS_URL.search('<a href="javascript:history.back()">')


def test_policy_forbids_inline_and_foreign_scripts(demo, client):
    response = client.get(reverse("login"))
    d = _directives(response)
    assert d["default-src"] == ["'self'"]
    assert d["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no other host
    assert d["style-src"] == ["'self'", "'unsafe-inline'"]  # style= attributes in the templates
    assert d["object-src"] == ["'none'"]


@pytest.mark.parametrize(
    "url", [reverse("login"), reverse("dashboard"), reverse("reports:report", args=["dibao"])]
)
def test_pages_send_the_policy_and_have_no_inline_script(worker, url):
    client = Client() if url == reverse("login") else _login()
    response = client.get(url)
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    assert [s for s in scripts if "src=" not in s and 'type="application/json"' not in s] == []
    assert not HANDLER.search(html) and not JS_URL.search(html)


def test_report_page_loads_its_chart_scripts_from_this_site(worker):
    html = _login().get(reverse("reports:report", args=["dibao"])).content.decode()
    sources = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert "/static/reports/echarts.min.js" in sources and "/static/reports/charts.js" in sources
    assert all(s.startswith("/static/") for s in sources)


# ---- HSTS ----


def _settings_with(**env) -> dict:
    """The settings module read afresh with these environment variables (as a deployment would start)."""
    code = (
        "import json, jiuzhu.settings as s; print(json.dumps({k: getattr(s, k) for k in "
        "['SECURE_HSTS_SECONDS', 'SESSION_COOKIE_SECURE', 'SECURE_PROXY_SSL_HEADER', 'SESSION_COOKIE_AGE', "
        "'SESSION_SAVE_EVERY_REQUEST']}))"
    )
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SITE_HTTPS", "SECURE_HSTS_SECONDS", "SESSION_IDLE_MINUTES"}
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env={**base, **env}, capture_output=True, text=True, check=True
    )
    import json

    return json.loads(out.stdout)


def test_hsts_only_when_the_site_is_https():
    plain = _settings_with()
    assert plain["SECURE_HSTS_SECONDS"] == 0 and plain["SESSION_COOKIE_SECURE"] is False
    https = _settings_with(SITE_HTTPS="1")
    assert https["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600  # default one year
    assert https["SESSION_COOKIE_SECURE"] is True
    assert https["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert _settings_with(SITE_HTTPS="1", SECURE_HSTS_SECONDS="600")["SECURE_HSTS_SECONDS"] == 600


def test_hsts_header_is_sent_on_https_requests_only(demo, client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    assert client.get(reverse("login"), secure=True)["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get(reverse("login"))


# ---- sessions ----


def test_session_idle_limit_defaults_to_30_minutes_and_is_a_setting():
    assert _settings_with()["SESSION_COOKIE_AGE"] == 30 * 60
    assert _settings_with()["SESSION_SAVE_EVERY_REQUEST"] is True
    assert _settings_with(SESSION_IDLE_MINUTES="15")["SESSION_COOKIE_AGE"] == 15 * 60


def test_session_ends_after_inactivity_and_activity_moves_the_end_on(worker):
    client = _login()
    key = client.session.session_key
    # 10 minutes of the 30 left: a request moves the end to 30 minutes from now.
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + dt.timedelta(minutes=10))
    assert client.get(reverse("dashboard")).status_code == 200
    left = Session.objects.get(pk=key).expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)
    # No request for longer than the limit: the session has expired and the next page asks for a login.
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_password_change_ends_every_other_session_of_the_user(worker, users):
    here, elsewhere, other_user = _login(), _login(), Client()
    other_user.force_login(users["sy_worker2"])
    response = here.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "new-Secret-2027", "new_password2": "new-Secret-2027"},
    )
    assert response.status_code == 302
    assert here.get(reverse("dashboard")).status_code == 200  # this session stays
    gone = elsewhere.get(reverse("dashboard"))
    assert gone.status_code == 302 and gone["Location"].startswith(reverse("login"))
    assert other_user.get(reverse("dashboard")).status_code == 200  # another user's session is untouched
    from jiuzhu.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="user.password_change", actor=worker).count() == 1
    _login(password="new-Secret-2027")


def test_wrong_old_password_changes_nothing(worker):
    client = _login()
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "new-Secret-2027", "new_password2": "new-Secret-2027"},
    )
    assert response.status_code == 200
    assert 'id="id_old_password"' in response.content.decode()
    assert "errorlist" in response.content.decode()
    worker.refresh_from_db()
    assert worker.check_password(PASSWORD)
