"""The law library is public reference data; interpretations in draft and authoring are for staff in scope."""

from fazhi.laws.models import TypicalCase, Version, Work
from fazhi.orgs.models import Organisation
from fazhi.testing.factories import FollowFactory, InterpretationFactory, MustKnowListFactory
from fazhi.testing.walk import (
    AUTHORS,
    GONE,
    HUANGPU_AUTHORS,
    HUANGPU_READERS,
    by_role,
    everyone,
    only,
    signed_in,
    staff,
)

LABOUR_CONTRACT_LAW = "中华人民共和国劳动合同法"

EXPECT = {
    "laws:home": ("get", everyone),
    "laws:search": ("get", everyone),
    "laws:works": ("get", everyone),
    "laws:cases": ("get", everyone),
    "laws:case": ("get", everyone),
    "laws:work": ("get", everyone),
    "laws:diff": ("get", everyone),
    "laws:akn": ("get", everyone),
    "laws:changes": ("get", everyone),
    "laws:changes_feed": ("get", everyone),
    "laws:pdf": ("get", everyone),
    "laws:version": ("get", everyone),
    "laws:article": ("get", everyone),
    "api:law-list": ("get", everyone),
    "api:law-detail": ("get", everyone),
    "api:law-article": ("get", everyone),
    "api:lawversion-list": ("get", everyone),
    "api:lawversion-detail": ("get", everyone),
    "api:lawversion-pdf": ("get", everyone),
    "api:lawcase-list": ("get", everyone),
    "api:lawcase-detail": ("get", everyone),
    "api:law-search": ("get", everyone),
    "api:citation-check": ("post", everyone),
    "api:citation-resolve": ("get", everyone),
    "laws:follow": ("post", signed_in),
    "api:interpretation-list": ("get", everyone),
    "api:interpretation-detail": ("get", only(*HUANGPU_READERS, others=GONE, anonymous=GONE)),
    "api:mustknowlist-list": ("get", everyone),
    "api:mustknowlist-detail": ("get", everyone),
    "api:lawfollow-list": ("get", signed_in),
    "api:lawfollow-detail": ("get", only("hp_justice", "admin", others=GONE)),
    "laws:interpretation": ("get", only(*HUANGPU_READERS, others=GONE, anonymous=GONE)),
    "laws:mustknow_lists": ("get", everyone),
    "laws:mustknow": ("get", everyone),
    "laws:mustknow_pdf": ("get", everyone),
    "laws_console:interpretations": ("get", staff),
    "laws_console:interpretation_add": ("get", only(*AUTHORS)),
    "laws_console:interpretation_edit": ("get", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "laws_console:lists": ("get", staff),
    "laws_console:list_add": ("get", only(*AUTHORS)),
    "laws_console:list_edit": ("get", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
}


def samples(users):
    huangpu_justice = Organisation.objects.get(code="310101-SFJ")
    labour = Work.objects.get(key=LABOUR_CONTRACT_LAW)
    draft = InterpretationFactory(work=labour, organisation=huangpu_justice)
    must_know = MustKnowListFactory(is_published=True, organisation=huangpu_justice)
    law = {"key": LABOUR_CONTRACT_LAW}
    return {
        "laws:case": {"pk": TypicalCase.objects.first().pk},
        "api:lawcase-detail": {"pk": TypicalCase.objects.first().pk},
        "laws:follow": law,
        "laws:interpretation": {"pk": draft.pk},
        "laws:mustknow": {"pk": must_know.pk},
        "laws:mustknow_pdf": {"pk": must_know.pk},
        "api:interpretation-detail": {"pk": draft.pk},
        "api:mustknowlist-detail": {"pk": must_know.pk},
        "api:lawfollow-detail": {"pk": FollowFactory(user=users["hp_justice"], work=labour).pk},
        "laws_console:interpretation_edit": {"pk": draft.pk},
        "laws_console:list_edit": {"pk": must_know.pk},
        "laws:work": law,
        "laws:diff": law,
        "laws:akn": law,
        "laws:pdf": law,
        "laws:version": {**law, "date": "2012-12-28"},
        "laws:article": {**law, "number": "82"},
        "api:law-detail": law,
        "api:law-article": {**law, "number": "82"},
        "api:lawversion-detail": {"pk": Version.objects.first().pk},
        "api:lawversion-pdf": {"pk": Version.objects.first().pk},
    }
