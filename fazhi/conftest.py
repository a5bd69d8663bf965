"""Shared test fixtures: the real organisations and one demo account per role, loaded once per session."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from fazhi.accounts.models import User
from fazhi.platform.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, create_demo_accounts

pytest_plugins = ["fazhi.testing.browser"]  # the `browser` and `page` fixtures


def load_reference_data() -> None:
    """Organisations, demo accounts and the plan (as `make run` loads them) and a small sample of the law corpus."""
    from fazhi.laws.testing import load_sample_corpus
    from fazhi.orgs.models import Organisation
    from fazhi.supervision.services import load_reference_plan

    if not Organisation.objects.exists():
        call_command(  # quietly: the summary lines are for people running the command
            "import_orgs",
            settings.DATA_DIR / "divisions" / "shanghai.csv",
            settings.DATA_DIR / "orgs" / "bodies.csv",
            settings.DATA_DIR / "orgs" / "departments.csv",
            verbosity=0,
            stdout=StringIO(),
        )
        create_demo_accounts()
    load_sample_corpus()
    load_reference_plan(None)  # the plan's chapters and measures (quick when already loaded)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def reference_data(transactional_db):
    """For live-server tests: transactional tests flush the database, so load it again when needed."""
    load_reference_data()


@pytest.fixture
def isolated_search_index(settings, tmp_path):
    """For tests that change the corpus: their own copy of the search index, so others never see the change."""
    import shutil
    import uuid

    if settings.LAW_SEARCH_BACKEND == "postgres":
        from fazhi.laws.corpus.parser import iter_corpus
        from fazhi.laws.search import update_index
        from fazhi.laws.testing import sample_corpus

        settings.LAW_SEARCH_SCHEMA = f"fazhi_search_{uuid.uuid4().hex[:8]}"
        docs = list(iter_corpus(sample_corpus(tmp_path / "index-corpus")))
        update_index(docs, [d.path for d in docs])
        yield settings.LAW_SEARCH_SCHEMA
        from fazhi.laws.search import _backend

        backend = _backend()
        backend.drop()
        backend.conn.commit()
        return
    copy = tmp_path / "laws.sqlite"
    shutil.copy2(settings.LAW_SEARCH_INDEX, copy)
    settings.LAW_SEARCH_INDEX = str(copy)
    yield copy


@pytest.fixture
def demo_users(db) -> dict[str, User]:
    return {a.username: User.objects.get(username=a.username) for a in DEMO_ACCOUNTS}


@pytest.fixture
def password() -> str:
    return DEMO_PASSWORD


@pytest.fixture
def client_for(client, demo_users):
    """``client_for("hp_justice")`` → a test client logged in as that demo account (None: anonymous)."""
    from django.test import Client

    def make(username: str | None) -> Client:
        c = Client()
        if username:
            c.force_login(demo_users[username])
        return c

    return make


@pytest.fixture(autouse=True)
def _fresh_lookup_caches():
    """The enforcement engine and publicity keep in-process caches of looked-up rows (organisations by code, laws,
    published standard versions); a test database flushed between tests reuses primary keys, so every test starts
    with empty caches (otherwise a later test meets a cached key that no longer exists: an order-dependent failure)."""
    from fazhi.enforcement.rules import clear_caches as clear_rules
    from fazhi.publicity.services import clear_caches as clear_publicity

    clear_rules()
    clear_publicity()
