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
    register_menu(
        MenuEntry(_("Staff accounts"), "accounts_console:list", console=True, permission="accounts.view_user")
    )
    register_menu(
        MenuEntry(_("Sign-in lock-outs"), "accounts_console:lockouts", console=True, permission="accounts.change_user")
    )
    # Every lock-out is audited; every sign-in starts the session's absolute lifetime.
    user_locked_out.connect(on_locked_out, dispatch_uid="fazhi.accounts.on_locked_out")
    user_logged_in.connect(stamp_session, dispatch_uid="fazhi.accounts.stamp_session")
