"""What audit registers with the other apps at start-up (called once from ``AppConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from fazhi.audit.services import append_entry, log_change
    from fazhi.core import hooks
    from fazhi.core.portal import MenuEntry, register_menu

    # Every AuditedModel save/delete and every export writes its entry through this hook (core imports no app).
    hooks.set_audit_trail(log_change=log_change, append_entry=append_entry)
    register_menu(MenuEntry(_("Audit trail"), "audit_console:list", console=True, permission="audit.view_auditentry"))
