"""Browser protections (issue #19 point 6): a Content-Security-Policy on HTML pages, HSTS when HTTPS is on."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize(
    ("who", "url"), [(None, "/"), (None, "/accounts/login/"), (None, "/laws/"), ("admin", "/console/")]
)
def test_html_pages_carry_a_strict_policy(client_for, who, url):
    response = client_for(who).get(url)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]  # no inline script, no eval
    assert policy["style-src"] == ["'self'"]  # no <style>, no style attributes
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]


def test_only_the_api_documentation_relaxes_it(client):
    policy = directives(client.get("/api/v1/docs/")["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]


def test_templates_have_no_inline_script_handler_or_style_attribute():
    """What the policy would block, caught before a browser sees it (the white paper and PDF sources aside: they
    are documents for WeasyPrint or a download, not pages)."""
    import re
    from pathlib import Path

    offenders = []
    pattern = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>|\son[a-z]+=|\sstyle=\"|<style")
    for path in Path(settings.BASE_DIR, "fazhi").rglob("templates/**/*.html"):
        if path.parent.name == "reports" or path.name.startswith("_print") or "print" in path.name:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path}:{number}")
    assert offenders == []


def settings_under(env: dict[str, str], expression: str) -> str:
    code = f"import fazhi.settings.base as s; print({expression})"
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_hsts_when_https_is_on():
    assert settings_under({"HTTPS": "true"}, "s.SECURE_HSTS_SECONDS") == str(365 * 24 * 3600)
    assert settings_under({"HTTPS": "false"}, "getattr(s, 'SECURE_HSTS_SECONDS', 0)") == "0"


def test_hsts_header(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"
