"""Every read the API documents, answered on the demo data (a year of tickets, suggestions, surveys, a consultation,
the plan), as the administrator and anonymously, must conform to the OpenAPI document.

Fuzzing (test_api_fuzz) draws random ids, which seldom name a real record, so its conformance check sees mostly
empty lists and 404s; this walk fills every path parameter from the records the list endpoints return, so nullable
fields, empty links and sub-resources are checked as they really come back.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
import schemathesis
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import response_schema_conformance

from fazhi.accounts.models import User
from fazhi.core.setup import DEMO_LOADERS, REFERENCE_LOADERS

pytestmark = pytest.mark.fuzz
PARAMETER = re.compile(r"\{(\w+)\}")
ALIASES = {"pk": ("id",), "number": ("tracking_number", "number")}  # path parameter → field of the listed record


def _first_ids(results: dict[str, list[dict]], path: str) -> dict[str, object] | None:
    """Path parameters for ``path`` from the first record of its collection (``/tickets/{id}/x/`` ← ``/tickets/``)."""
    collection = path.split("{", 1)[0]
    records = results.get(collection) or []
    if not records:
        return None
    names = PARAMETER.findall(path)
    record = records[0]
    values = {}
    for name in names:
        key = next((k for k in ALIASES.get(name, (name,)) if k in record), None)
        if key is None:
            return None  # a nested key (a photo's uid …) the collection does not list
        values[name] = record[key]
    return values


def test_every_documented_read_conforms_on_demo_data(live_server, reference_data):
    for loader in REFERENCE_LOADERS + DEMO_LOADERS:
        if loader.name != "laws":  # the sample corpus is loaded; the whole corpus would take minutes
            loader.load(StringIO())
    admin = User.objects.get(username="admin")
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    roles = {"admin": {"Authorization": f"Token {Token.objects.get_or_create(user=admin)[0].key}"}, "anonymous": {}}
    operations = [op.ok() for op in schema.get_all_operations()]
    reads = sorted((op for op in operations if op.method.upper() == "GET"), key=lambda op: op.path.count("{"))
    results: dict[str, list[dict]] = {}
    failures: list[str] = []
    checked = 0
    skipped: list[str] = []
    for operation in reads:
        path_parameters = _first_ids(results, operation.path) if "{" in operation.path else {}
        if path_parameters is None:
            skipped.append(operation.label)
            continue
        for role, headers in roles.items():
            case = operation.Case(path_parameters=path_parameters, headers=headers)
            response = case.call(base_url=live_server.url, timeout=120)  # a PDF takes seconds on a busy machine
            if response.status_code >= 500:
                failures.append(f"{operation.label} as {role}: {response.status_code}")
                continue
            try:
                case.validate_response(response, checks=[response_schema_conformance])
            except (Exception, BaseExceptionGroup) as exc:  # collect every failure, not just the first
                failures.append(f"{operation.label} as {role}: {str(exc)[:1200]}")
                continue
            checked += 1
            if role == "admin" and response.status_code == 200 and "{" not in operation.path:
                try:
                    body = response.json()
                except ValueError:  # a file, not JSON
                    continue
                records = body.get("results") if isinstance(body, dict) else body
                if isinstance(records, list):
                    results[operation.path] = records
    print("not reached (no record lists the parameter):", skipped)
    assert checked >= 100, checked
    assert failures == [], "\n\n".join(failures)
