from django.db import models
from django.utils.translation import gettext_lazy as _


class DocType(models.TextChoices):
    CONSTITUTION = "constitution", _("Constitution")
    LAW = "law", _("Law")
    ADMINISTRATIVE_REGULATION = "administrative_regulation", _("Administrative regulation")
    JUDICIAL_INTERPRETATION = "judicial_interpretation", _("Judicial interpretation")
    DEPARTMENTAL_RULE = "departmental_rule", _("Departmental rule")
    LOCAL_REGULATION = "local_regulation", _("Local regulation")
    LOCAL_GOVERNMENT_RULE = "local_government_rule", _("Local government rule")
    OTHER = "other", _("Other")


#: The parser's Chinese type names → our codes.
DOC_TYPE_FROM_PARSER = {
    "宪法": DocType.CONSTITUTION,
    "法律": DocType.LAW,
    "行政法规": DocType.ADMINISTRATIVE_REGULATION,
    "司法解释": DocType.JUDICIAL_INTERPRETATION,
    "部门规章": DocType.DEPARTMENTAL_RULE,
    "地方性法规": DocType.LOCAL_REGULATION,
    "地方政府规章": DocType.LOCAL_GOVERNMENT_RULE,
    "其他": DocType.OTHER,
}


class VersionStatus(models.TextChoices):
    """How current a version is, as the corpus tells it (``laws.currency``): 现行有效 only when nothing in the
    corpus says otherwise."""

    CURRENT = "current", _("In force")
    SUPERSEDED = "superseded", _("Amended: a later version exists")
    REPEALED = "repealed", _("Repealed")
    NOT_YET = "not_yet", _("Not yet effective")
    UNKNOWN = "unknown", _("Version date unknown")


class ChangeKind(models.TextChoices):
    """What a version did to its law (立改废, plan measure (八)), read from its dated history."""

    ENACTED = "enacted", _("Enacted")
    AMENDED = "amended", _("Amended")
    REVISED = "revised", _("Revised")
    REPEALED = "repealed", _("Repealed")


class CitationStatus(models.TextChoices):
    FOUND = "FOUND", _("Found")
    NOT_FOUND = "NOT_FOUND", _("Not found")
    AMBIGUOUS = "AMBIGUOUS", _("Ambiguous")


class CitationProblem(models.TextChoices):
    """Why a reference was not followed (``corpus.citations.Problem``), as a reader reads it on the page."""

    UNKNOWN_LAW = "unknown_law", _("The library holds no law of this name.")
    AMBIGUOUS = "ambiguous", _("This name fits several laws in the library; the reference is not linked.")
    NO_CONTEXT = "no_context", _("It is not clear what this refers to here; the reference is not linked.")
    NO_ARTICLE = "no_article", _("The cited law in the library has no such article.")
    NO_PARAGRAPH = "no_paragraph", _("The cited article in the library has no such paragraph.")
    NO_ITEM = "no_item", _("The cited paragraph in the library has no such item.")
    BAD_RANGE = "bad_range", _("The range of articles cited does not run forwards.")
