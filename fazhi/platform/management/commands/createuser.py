import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from fazhi.accounts.choices import RoleCode
from fazhi.accounts.models import Role
from fazhi.accounts.services import role_grant, staff_create
from fazhi.core.context import acting
from fazhi.orgs.models import Organisation


class Command(BaseCommand):
    help = "Create a staff account in an organisation, optionally with a role (scope defaults to the organisation)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--org", required=True, help="organisation code, e.g. 310101-SFJ")
        parser.add_argument("--name", default="", help="display name")
        parser.add_argument("--email", default="")
        parser.add_argument("--role", choices=RoleCode.values)
        parser.add_argument("--scope", help="organisation code where the role applies (default: --org)")
        parser.add_argument("--password", help="initial password (prompted when omitted)")

    def handle(self, *args, username, org, name, email, role, scope, password, **options):
        organisation = Organisation.objects.filter(code=org).first()
        scope_org = Organisation.objects.filter(code=scope).first() if scope else organisation
        if organisation is None or scope_org is None:
            raise CommandError(f"unknown organisation code: {scope if organisation else org}")
        password = password or getpass.getpass("Password: ")
        try:
            with acting(source="cli"):
                user = staff_create(
                    username=username, password=password, organisation=organisation, display_name=name, email=email
                )
                if role:
                    role_grant(user=user, role=Role.objects.get(code=role), organisation=scope_org)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"created {username} at {organisation}" + (f" as {role} in {scope_org}" if role else ""))
