from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from fazhi.audit.display import field_label, model_of
from fazhi.audit.filtersets import ConsoleAuditEntryFilterSet
from fazhi.audit.models import AuditEntry
from fazhi.audit.services import verify_chain
from fazhi.core.views import ObjectDetailView, ObjectListView, PlatformView


class AuditEntryListView(ObjectListView):
    model = AuditEntry
    queryset = AuditEntry.objects.select_related("content_type", "organisation", "user")
    filterset_class = ConsoleAuditEntryFilterSet
    template_name = "audit/auditentry_list.html"
    results_template_name = "audit/_auditentry_results.html"


class AuditEntryDetailView(ObjectDetailView):
    model = AuditEntry
    queryset = AuditEntry.objects.select_related("content_type", "organisation", "user")
    slug_field = slug_url_kwarg = "seq"
    template_name = "audit/auditentry_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entry = self.object
        keys = sorted(set(entry.before or {}) | set(entry.after or {}))
        model = model_of(entry.content_type_id)
        # The field's label (verbose_name), never its column name.
        rows = [(field_label(model, k), (entry.before or {}).get(k), (entry.after or {}).get(k)) for k in keys]
        return super().get_context_data(rows=rows, **kwargs)


class AuditVerifyView(PlatformView):
    """Administrators re-check the whole chain from the console."""

    def post(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_superuser:
            raise PermissionDenied(_("Only platform administrators verify the whole trail."))
        checked, broken = verify_chain()
        if broken is None:
            messages.success(request, _("The audit trail is intact: %(n)d entries checked.") % {"n": checked})
        else:
            messages.error(
                request,
                _("The audit trail is broken at entry #%(seq)s: %(reason)s")
                % {"seq": broken.seq if broken.seq is not None else _("unsealed"), "reason": broken.reason},
            )
        return redirect("audit_console:list")
