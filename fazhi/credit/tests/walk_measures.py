"""Credit, joint measures: the application list is public (published lines); the console list is for staff; only
the credit centre (and administrators) drafts and publishes — a draft is not found by other staff; the check, page
and API, is for staff of bodies who handle or review matters (handlers and reviewers)."""

from fazhi.testing.walk import DENIED, GONE, LOGIN, OK, STAFF, everyone, only, staff

CENTRE = ("admin", "credit_officer")
CHECKERS = ("admin", "office", "hp_justice", "xh_justice", "njdl_handler", "credit_officer")


def _publish(role):
    """Staff outside the centre do not see the draft (404); others are refused the console (403)."""
    if role is None:
        return LOGIN
    if role in CENTRE:
        return OK
    return GONE if role in STAFF else DENIED


def _api_check(role):
    if role is None:
        return LOGIN
    return OK if role in CHECKERS else DENIED


EXPECT = {
    "credit:measures": ("get", everyone),
    "credit_console:measures": ("get", staff),
    "credit_console:measure_new": ("get", only(*CENTRE)),
    "credit_console:measure_edit": ("get", only(*CENTRE)),
    "credit_console:measure_publish": ("post", _publish),
    "credit_console:check": ("get", only(*CHECKERS)),
    "credit_console:check_batch": ("get", only(*CHECKERS)),
    "api:credit-measure-list": ("get", everyone),
    "api:credit-measure-detail": ("get", everyone),
    "api:credit-check": ("post", _api_check),  # without a body: 400 for those let in
    "api:credit-check-batch": ("post", _api_check),
}


def samples(users):
    from fazhi.credit.tests import measures_factories as f

    draft = f.measure(published=False)
    published = f.measure()
    return {
        "credit_console:measure_edit": {"pk": draft.pk},
        "credit_console:measure_publish": {"pk": draft.pk},
        "api:credit-measure-detail": {"pk": published.pk},
    }
