"""What accounts registers with the other apps at start-up (called once from ``AppConfig.ready``)."""

from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def register() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in

    from fazhi.accounts.lockout import on_locked_out
    from fazhi.accounts.middleware import stamp_session
    from fazhi.accounts.models import RoleAssignment
    from fazhi.accounts.roles import sync_roles
    from fazhi.core import hooks
    from fazhi.core.portal import MenuEntry, register_menu

    # core's permission checks read a user's role assignments through this hook (core imports no app).
    hooks.set_grants_lookup(RoleAssignment.grants_for)
    # Roles are defined in code (roles.py) and follow every migration, so new module permissions reach them.
    post_migrate.connect(sync_roles, dispatch_uid="fazhi.accounts.sync_roles")
    _grant_roles()
    register_menu(
        MenuEntry(_("Staff accounts"), "accounts_console:list", console=True, permission="accounts.view_user")
    )
    register_menu(
        MenuEntry(_("Sign-in lock-outs"), "accounts_console:lockouts", console=True, permission="accounts.change_user")
    )
    # Every lock-out is audited; every sign-in starts the session's absolute lifetime.
    user_locked_out.connect(on_locked_out, dispatch_uid="fazhi.accounts.on_locked_out")
    user_logged_in.connect(stamp_session, dispatch_uid="fazhi.accounts.stamp_session")


def _grant_roles() -> None:
    """What each role may do with people and roles — and with organisations, the audit trail and files, whose apps
    sit below accounts and cannot import its catalogue (the import contracts forbid the cycle)."""
    from fazhi.accounts.choices import RoleCode as R
    from fazhi.accounts.roles import grant

    # The directory is public; every role picks organisations in forms and filters within its scope.
    for role in (R.MANAGER, R.HANDLER, R.REVIEWER, R.LEADER, R.EVALUATOR, R.OPERATOR, R.EDITOR):
        grant(role, "orgs.view_organisation")
    # The manager's job: the organisations and staff of its subtree, and who did what there.
    grant(R.MANAGER, "orgs.add_organisation", "orgs.change_organisation", "accounts.*", "audit.view_auditentry")
    grant(R.EVALUATOR, "audit.view_auditentry")
    # Files follow the record they hang on (attachments.models.AttachmentPolicy): these grants only let a role
    # take the action at all; whose record it is decides the rest.
    for role in (R.MANAGER, R.HANDLER, R.REVIEWER, R.OPERATOR, R.EDITOR):
        grant(role, "attachments.*")
    grant(R.LEADER, "attachments.view_attachment")
    grant(R.EVALUATOR, "attachments.view_attachment")
