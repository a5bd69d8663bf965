from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    STREET = "street", _("Street or town")
    COMMUNITY = "community", _("Residents' or villagers' committee")
    BODY = "body", _("Functional body")


class BodyType(models.TextChoices):
    RULE_OF_LAW_OFFICE = "rule_of_law_office", _("Rule-of-law committee office")
    JUSTICE_BUREAU = "justice_bureau", _("Justice bureau")
    JUDICIAL_OFFICE = "judicial_office", _("Judicial office (street level)")
    COURT = "court", _("People's court")
    PROCURATORATE = "procuratorate", _("People's procuratorate")
    CREDIT_CENTRE = "credit_centre", _("Public credit information centre")
    SUGGESTION_OFFICE = "suggestion_office", _("People's suggestion office")
    HOTLINE = "hotline", _("12345 citizen hotline")
    LEGISLATIVE_CONTACT_POINT = "legislative_contact_point", _("Grassroots legislative contact point")
    EVALUATOR = "evaluator", _("Third-party evaluation institute")
    #: A working department of the city or a district government (市场监管局, 人社局, 公安分局 …): departments.csv.
    DEPARTMENT = "department", _("Government working department")
    OTHER = "other", _("Other body")


#: How the statistical levels of the divisions file map onto our kinds.
DIVISION_LEVELS = {
    "province": OrganisationKind.CITY,  # Shanghai is a province-level municipality
    "district": OrganisationKind.DISTRICT,
    "street": OrganisationKind.STREET,
    "community": OrganisationKind.COMMUNITY,
    "village": OrganisationKind.COMMUNITY,
    "body": OrganisationKind.BODY,
}
#: Statistical grouping levels with no organisation behind them (e.g. 3101 市辖区); their children move up.
TRANSPARENT_LEVELS = {"city"}
