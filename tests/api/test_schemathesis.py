"""Property-based run of the whole API against its own OpenAPI schema (schemathesis).

Every operation gets a bounded number of generated requests (signed in as an administrator,
so writes are exercised too); no response may be a server error or break the schema.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from accounts.services import create_token
from actionlines.models import Facilitation
from tests.support.factories import (
    ActionLineFactory,
    MandateFactory,
    MandateUpdateFactory,
    OrganizationFactory,
    ParagraphFactory,
    SDGFactory,
    StocktakingEntryFactory,
    UserFactory,
)
from tests.support.two_factor import give_authenticator

EXAMPLES_PER_OPERATION = 15


@pytest.fixture
def keep_test_connection():
    """Django's handler closes the database connection after each request; the test client
    stops that, and so must we, or the test transaction goes with it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(db, keep_test_connection):
    line = ActionLineFactory(code="C7", slug="c7")
    organization = OrganizationFactory(acronym="ITU")
    Facilitation.objects.create(action_line=line, organization=organization, role="lead")
    SDGFactory(number=3)
    mandate = MandateFactory(paragraph=ParagraphFactory())
    mandate.parties.create(organization=organization, role="addressee")
    MandateUpdateFactory(mandate=mandate, organization=organization)
    StocktakingEntryFactory(state="published")


@pytest.fixture
def admin_token(db):
    admin = UserFactory(username="schema-admin", is_staff=True, is_superuser=True)
    give_authenticator(admin)  # staff tokens work only with two-factor sign-in
    return create_token(admin, name="schemathesis", expires_in_days=1)[1]


# The schema view needs no database, so the schema loads at collection time.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_honours_its_schema(case, api_data, admin_token):
    case.call_and_validate(
        # Schemathesis asks for gzip but does not decompress answers over WSGI.
        headers={"Authorization": f"Token {admin_token}", "Accept-Encoding": "identity"},
        checks=[not_a_server_error, response_schema_conformance],
    )
