"""Lists run a constant number of SQL statements, however many rows they show."""

import pytest

from tests import factories as f
from tests.queries import statements_for


@pytest.mark.parametrize(
    ("url", "make"),
    [
        (
            "/coordinator/partnerships",
            lambda: f.condition(partnership=f.partnership(org_unit=f.org_unit())),
        ),
        ("/coordinator/programs", lambda: f.program(org_units=[f.org_unit()])),
        ("/coordinator/institutions", lambda: f.partnership()),
    ],
)
def test_list_query_count_does_not_grow_with_rows(login_as, url, make):
    client = login_as(f.coordinator())
    for _ in range(3):
        make()
    with_3 = statements_for(client, url)
    for _ in range(27):
        make()
    with_30 = statements_for(client, url)
    assert with_3 == with_30
