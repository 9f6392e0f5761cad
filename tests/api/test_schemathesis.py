"""Property-based run of the whole API against its own OpenAPI schema (schemathesis).

Every operation gets a bounded number of generated requests, valid and invalid (schemathesis's
positive and negative modes), with every check schemathesis has (``call_and_validate`` without
a list: status codes, content types, headers and bodies as documented, valid requests
accepted and invalid ones refused, 405s with their ``Allow``, authentication not ignored…),
three times: as an anonymous reader, as a stakeholder with a token, and as an administrator
with a token (so that writes are exercised too).

The reference data the schema's closed sets come from (action lines, SDGs and their targets,
M49 regions and countries) is imported for each reader, as ``import_reference`` does: a
request the schema calls valid must not meet an "unknown code" 400.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup

from accounts.services import create_token
from actionlines.models import ActionLine, Facilitation
from mandates.models import ReportingEvent
from tests.support.factories import (
    MandateFactory,
    MandateUpdateFactory,
    OrganizationFactory,
    ParagraphFactory,
    StocktakingEntryFactory,
    UserFactory,
)
from tests.support.reference import import_sdgs_countries_and_lines
from tests.support.two_factor import give_authenticator

#: Generated requests per operation, mode (valid, invalid) and reader: 42 operations, 3
#: readers, about 1,500 requests in all (3 to 5 minutes on a quiet 2-core machine).
EXAMPLES_PER_OPERATION = 6


@pytest.fixture
def reference_data(db):
    """The importers' reference rows, in the test's own transaction (about 6 s the first time
    in a test process, copied back after that: tests/support/reference.py)."""
    import_sdgs_countries_and_lines()


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
def api_data(reference_data, db, keep_test_connection):
    line = ActionLine.objects.get(code="C7")
    organization = OrganizationFactory(acronym="ITU-TEST")
    Facilitation.objects.create(action_line=line, organization=organization, role="lead")
    ReportingEvent.objects.create(slug="cstd-30", name="CSTD 30", body=organization, year=2027)
    mandate = MandateFactory(paragraph=ParagraphFactory())
    mandate.parties.create(organization=organization, role="addressee")
    MandateUpdateFactory(mandate=mandate, organization=organization)
    StocktakingEntryFactory(state="published")


def token_for(user):
    return create_token(user, name="schemathesis", expires_in_days=1)[1]


@pytest.fixture
def credentials(request, db):
    """The ``Authorization`` header of each reader (none for the anonymous one)."""
    if request.param == "anonymous":
        return {}
    if request.param == "stakeholder":
        user = UserFactory(username="schema-stakeholder")
        StocktakingEntryFactory(submitter=user, state="draft")
    else:
        user = UserFactory(username="schema-admin", is_staff=True, is_superuser=True)
        give_authenticator(user)  # staff tokens work only with two-factor sign-in
    return {"Authorization": f"Token {token_for(user)}"}


def operations(schema):
    for result in schema.get_all_operations():
        yield result.ok()  # an operation the schema cannot describe fails here


@pytest.mark.parametrize(
    "credentials", ["anonymous", "stakeholder", "administrator"], indirect=True
)
def test_api_honours_its_schema(api_data, credentials):
    """Every operation of the live schema (read once the data is there: its enums list the
    codes in the database), with valid and invalid requests and every check. The first
    failure of each operation and mode is recorded and the run goes on to the next, so that
    one run reports every operation that fails."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    # Schemathesis asks for gzip but does not decompress answers over WSGI.
    headers = {**credentials, "Accept-Encoding": "identity"}
    failures = []

    def check(case):
        case.call_and_validate(headers=headers)  # every check: no ``checks=`` list

    for operation in operations(schema):
        strategies = [operation.as_strategy(mode) for mode in GenerationMode]
        strategies += schema.get_strategies_from_examples(operation)
        for strategy in strategies:
            run = settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
            )(given(case=strategy)(check))
            try:
                run()
            except (Exception, FailureGroup) as failure:  # a check failed, or a crash
                failures.append(f"{operation.label}: {failure}")
    assert not failures, "\n\n".join(failures[:30])
