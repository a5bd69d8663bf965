"""Who may read the audit trail (administrators, Huangpu's manager within Huangpu, evaluators) and verify it."""

from fazhi.audit.models import AuditEntry
from fazhi.audit.services import seal_pending
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
    seal_pending()  # the test never commits, so nothing was sealed after a commit: entries are addressed by seq
    entry = AuditEntry.objects.filter(organisation=huangpu, seq__isnull=False).order_by("-seq").first()
    return {"audit_console:detail": {"seq": entry.seq}, "api:auditentry-detail": {"seq": entry.seq}}
