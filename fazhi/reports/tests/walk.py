"""The white paper and its selections: the report covers the whole city, so only staff whose role is city-wide
read it (office, leader, evaluator, admin) and only the city office and administrators select its typical cases
and good practices. District staff get a 403 everywhere here. The download without parameters is a 400 (let in).
"""

from fazhi.reports.tests.factories import SelectionFactory
from fazhi.testing.walk import only

CITY_READERS = ("admin", "office", "leader", "evaluator")
CITY_AUTHORS = ("admin", "office")

EXPECT = {
    "reports_console:whitepaper": ("get", only(*CITY_READERS)),
    "reports_console:whitepaper_download": ("get", only(*CITY_READERS)),
    "reports_console:selections": ("get", only(*CITY_READERS)),
    "reports_console:selection_add": ("get", only(*CITY_AUTHORS)),
    "reports_console:selection_edit": ("get", only(*CITY_AUTHORS)),
    "reports_console:selection_move": ("post", only(*CITY_AUTHORS)),
    "reports_console:selection_delete": ("post", only(*CITY_AUTHORS)),
    "api:reportselection-list": ("get", only(*CITY_READERS)),
    "api:reportselection-detail": ("get", only(*CITY_READERS)),
    "api:reportselection-move": ("post", only(*CITY_AUTHORS)),
}
DESTRUCTIVE = {"reports_console:selection_delete"}


def samples(users):
    selection = SelectionFactory()
    on_selection = {"pk": selection.pk}
    return {
        "reports_console:selection_edit": on_selection,
        "reports_console:selection_move": on_selection,
        "reports_console:selection_delete": on_selection,
        "api:reportselection-detail": on_selection,
        "api:reportselection-move": on_selection,
    }
