"""The statutory clocks of the credit platform, each citing the article that sets it (the workflows that run them
are in workflow.py). 上海市社会信用条例 (2017) is the version applied: the only one in the law library.

Periods that are not clocks on a matter, but dates on a record:

* a failing record is queryable for five years from the day the act ended (第三十五条; 征信业管理条例 第十六条
  gives the same five years): ``QUERY_YEARS``;
* a penalty record is disclosed for three years (沪营商条例 第六十五条) and may be repaired after three months,
  one year in the sectors 第六十七条 lists (food, drugs, special equipment, work safety, fire):
  ``PENALTY_PUBLIC_YEARS``, ``REPAIR_AFTER_MONTHS``, ``SEVERE_REPAIR_AFTER_MONTHS``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.workflow.clocks import Clock, Duration, Provision, Unit

CREDIT_LAW = "上海市社会信用条例"
BUSINESS_LAW = "上海市优化营商环境条例"

QUERY_YEARS = 5
QUERY_BASIS = Provision(CREDIT_LAW, 35)
PENALTY_PUBLIC_YEARS = 3
PENALTY_PUBLIC_BASIS = Provision(BUSINESS_LAW, 65)
REPAIR_AFTER_MONTHS = 3
SEVERE_REPAIR_AFTER_MONTHS = 12
REPAIR_PERIOD_BASIS = Provision(BUSINESS_LAW, 67)
OWN_REPORTS_PER_YEAR = 2
OWN_REPORT_BASIS = Provision(CREDIT_LAW, 34)

OBJECTION_MARK = Clock(
    "credit.objection.mark",
    _("mark the record as under objection"),
    Duration(1, Unit.WORKING_DAYS),
    basis=Provision(CREDIT_LAW, 36),
)
OBJECTION_DECIDE = Clock(
    "credit.objection.decide",
    _("decide whether to correct the record, or transfer the objection to the provider"),
    Duration(5, Unit.WORKING_DAYS),
    basis=Provision(CREDIT_LAW, 36),
)
OBJECTION_TRANSFER = Clock(
    "credit.objection.transfer",
    _("transfer the objection to the providing body"),
    Duration(2, Unit.WORKING_DAYS),
    basis=Provision(CREDIT_LAW, 36),
)
OBJECTION_PROVIDER = Clock(
    "credit.objection.provider",
    _("the providing body decides on the transferred objection"),
    Duration(5, Unit.WORKING_DAYS),
    basis=Provision(CREDIT_LAW, 36),
)
DELETION = Clock(
    "credit.delete",
    _("delete the record whose underlying act was revoked"),
    Duration(3, Unit.WORKING_DAYS),
    basis=Provision(CREDIT_LAW, 37),
)
REPAIR_REVIEW = Clock(
    "credit.repair.review",
    _("the providing body reviews the repair application"),
    Duration(10, Unit.WORKING_DAYS),
    policy_note=_("第六十七条 sets no time for the review itself: the platform's target."),
    policy_under=Provision(BUSINESS_LAW, 67),
)
REPAIR_WITHDRAW = Clock(
    "credit.repair.withdraw",
    _("withdraw the repaired record from the public query view"),
    Duration(3, Unit.WORKING_DAYS),
    basis=Provision(CREDIT_LAW, 38),
)
REPAIR_SHARE = Clock(
    "credit.repair.share",
    _("share the repair result with the bodies and systems concerned"),
    Duration(3, Unit.WORKING_DAYS),
    basis=Provision(BUSINESS_LAW, 67),
)
