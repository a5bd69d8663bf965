"""Who may open each URL of credit: the tables of its four parts (records, measures, rights, public), each written
beside the part it specifies; the permission walk (`fazhi/core/tests/test_permission_walk.py`) reads this module."""

from fazhi.credit.tests import walk_measures, walk_public, walk_records, walk_rights

_PARTS = (walk_records, walk_measures, walk_rights, walk_public)

EXPECT = {name: expectation for part in _PARTS for name, expectation in part.EXPECT.items()}


def samples(users):
    found = {}
    for part in _PARTS:
        found.update(part.samples(users))
    return found
