"""Property-based fuzzing of the whole OpenAPI document against a live server, anonymously and as every role.

Positive (schema-valid) and negative (schema-violating) requests; the only acceptable answers are documented,
schema-conforming ones and 4xx refusals — never a server error.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from fazhi.accounts.models import User
from fazhi.platform.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.fuzz
EXAMPLES = int(os.environ.get("FAZHI_FUZZ_EXAMPLES", "5"))  # 145 operations: keep CI within minutes


def test_fuzz_every_operation_as_every_role(live_server, reference_data):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    headers_per_role = [{}] + [
        {"Authorization": f"Token {Token.objects.get_or_create(user=User.objects.get(username=a.username))[0].key}"}
        for a in DEMO_ACCOUNTS
    ]
    # Schema-violating requests are refused before any role matters: anonymous, a citizen and an administrator
    # (who gets furthest into the code) are enough, and keep the run within minutes as the API grows.
    negative_roles = [headers_per_role[0]] + [
        headers
        for account, headers in zip(DEMO_ACCOUNTS, headers_per_role[1:], strict=True)
        if account.username in ("citizen", "admin")
    ]
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode, roles in ((GenerationMode.POSITIVE, headers_per_role), (GenerationMode.NEGATIVE, negative_roles)):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            def run(case):
                for headers in roles:  # noqa: B023 — run() is called at once, in this iteration
                    case.call_and_validate(
                        base_url=f"{live_server.url}",
                        headers=headers,
                        checks=[not_a_server_error, response_schema_conformance],
                    )

            try:
                run()
            except Unsatisfiable:
                continue  # nothing about this operation can be made invalid (no parameters, no body)
            except Exception as exc:  # collect every operation's failure, not just the first
                failures.append(f"{operation.label} [{mode.value}]: {str(exc)[:1500]}")
    assert operations >= 20
    assert failures == [], "\n\n".join(failures)
