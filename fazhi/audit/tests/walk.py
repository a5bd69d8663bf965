"""Who may read the audit trail (administrators, Huangpu's manager within Huangpu, evaluators) and verify it."""

from fazhi.audit.models import AuditEntry
from fazhi.orgs.models import Organisation
from fazhi.testing.walk import only

AUDITORS = only("admin", "hp_manager", "evaluator")

EXPECT = {
    "audit_console:list": ("get", AUDITORS),
    "audit_console:detail": ("get", AUDITORS),
    "audit_console:verify": ("post", only("admin")),
    "api:auditentry-list": ("get", AUDITORS),
    "api:auditentry-detail": ("get", AUDITORS),
}


def samples(users):
    huangpu = Organisation.objects.get(code="310101")
    entry = AuditEntry.objects.filter(organisation=huangpu).order_by("-seq").first()
    return {"audit_console:detail": {"seq": entry.seq}, "api:auditentry-detail": {"seq": entry.seq}}
