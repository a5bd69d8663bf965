import pytest
from django.core import mail
from django.urls import reverse

from fazhi.accounts.models import Role, RoleAssignment, User
from fazhi.audit.models import AuditEntry
from fazhi.notifications.models import Notification
from fazhi.orgs.models import Organisation

pytestmark = pytest.mark.django_db

GOOD = {
    "display_name": "李四",
    "phone": "139 1234 5678",
    "email": "",
    "password1": "Zhiye-法治-2025",
    "password2": "Zhiye-法治-2025",
    "consent": "on",
}


def test_citizen_registers_with_a_phone_and_logs_in_with_it(client):
    response = client.post(reverse("accounts:register"), GOOD)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    user = User.objects.get(display_name="李四")
    assert user.phone == "13912345678" and user.organisation is None
    assert not user.role_assignments.exists()
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": "13912345678", "password": GOOD["password1"]})
    assert response.status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 200
    assert AuditEntry.objects.filter(action="user.register", object_id=str(user.pk)).exists()


def test_registration_explains_why_it_collects_and_refuses_bad_input(client):
    page = client.get(reverse("accounts:register")).content.decode()
    assert "加密" in page  # the purpose statement, in Chinese by default
    cases = [
        ({**GOOD, "phone": ""}, "手机号码或电子邮箱"),
        ({**GOOD, "phone": "12345"}, "手机"),
        ({**GOOD, "password2": "different"}, "两次"),
        ({**GOOD, "consent": ""}, "必填"),
        ({**GOOD, "phone": "13800138000"}, "已经存在"),  # the demo citizen's number
        ({**GOOD, "password1": "123", "password2": "123"}, "密码"),
        ({**GOOD, "display_name": "<script>alert(1)</script>", "phone": "", "email": "x@"}, "邮件地址"),
    ]
    for data, message in cases:
        before = User.objects.count()
        response = client.post(reverse("accounts:register"), data)
        assert response.status_code == 200, data
        assert message in response.content.decode(), (data, message)
        assert User.objects.count() == before


def test_login_by_email_and_wrong_password(client):
    assert (
        client.post(
            reverse("accounts:login"), {"username": "citizen@example.com", "password": "fazhi-demo-2025"}
        ).status_code
        == 302
    )
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": "citizen@example.com", "password": "nope"})
    assert response.status_code == 200 and "正确" in response.content.decode()


def test_profile_edit_masks_nothing_for_oneself_but_validates(client_for, demo_users):
    client = client_for("citizen")
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "13800138000" in page  # one's own number, in clear
    response = client.post(reverse("accounts:profile"), {"display_name": "张三", "phone": "abc", "email": ""})
    assert response.status_code == 200 and "手机" in response.content.decode()
    response = client.post(reverse("accounts:profile"), {"display_name": "张三丰", "phone": "13800138001", "email": ""})
    assert response.status_code == 302
    demo_users["citizen"].refresh_from_db()
    assert demo_users["citizen"].phone == "13800138001"


def test_staff_see_masked_phones(client_for, demo_users):
    worker = demo_users["hp_justice"]
    worker.phone = "13700001111"
    worker.save()
    page = client_for("hp_manager").get(reverse("accounts_console:detail", args=[worker.pk])).content.decode()
    assert "137****1111" in page and "13700001111" not in page


def test_manager_creates_staff_and_grants_roles_only_in_scope(client_for, demo_users):
    client = client_for("hp_manager")
    huangpu_street = Organisation.objects.get(code="310101013")
    response = client.post(
        reverse("accounts_console:add"),
        {
            "username": "waitan",
            "display_name": "外滩 办理员",
            "organisation": huangpu_street.pk,
            "email": "",
            "password": "Waitan-2025-ok",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(username="waitan")
    response = client.post(
        reverse("accounts_console:grant", args=[person.pk]),
        {"role": Role.objects.get(code="handler").pk, "organisation": huangpu_street.pk},
    )
    assert RoleAssignment.objects.filter(user=person, organisation=huangpu_street).exists()
    note = Notification.objects.get(recipient=person)
    assert "办理人员" in note.title or "handler" in note.title.lower()

    xuhui = Organisation.objects.get(code="310104")
    response = client.post(
        reverse("accounts_console:grant", args=[person.pk]),
        {"role": Role.objects.get(code="handler").pk, "organisation": xuhui.pk},
    )
    assert not RoleAssignment.objects.filter(user=person, organisation=xuhui).exists()
    response = client.post(
        reverse("accounts_console:add"),
        {"username": "xuhui1", "display_name": "x", "organisation": xuhui.pk, "password": "Waitan-2025-ok"},
    )
    assert response.status_code == 200 and not User.objects.filter(username="xuhui1").exists()


def test_manager_cannot_grant_admin(client_for, demo_users):
    client = client_for("hp_manager")
    client.post(
        reverse("accounts_console:grant", args=[demo_users["hp_justice"].pk]),
        {"role": Role.objects.get(code="admin").pk, "organisation": Organisation.objects.get(code="310101").pk},
    )
    assert not RoleAssignment.objects.filter(user=demo_users["hp_justice"], role__code="admin").exists()


def test_role_grant_sends_email_when_the_person_has_one(demo_users, django_capture_on_commit_callbacks):
    from fazhi.accounts.services import role_grant

    person = demo_users["citizen"]
    with django_capture_on_commit_callbacks(execute=True):
        role_grant(
            user=person, role=Role.objects.get(code="handler"), organisation=Organisation.objects.get(code="310101")
        )
    assert any("citizen@example.com" in m.to for m in mail.outbox)


def test_roles_follow_the_catalogue():
    handler = Role.objects.get(code="handler")
    codes = set(handler.permissions.values_list("codename", flat=True))
    assert "view_organisation" in codes and "add_attachment" in codes
    assert "add_user" not in codes and "view_auditentry" not in codes
    evaluator = set(Role.objects.get(code="evaluator").permissions.values_list("codename", flat=True))
    assert evaluator and all(code.startswith("view_") for code in evaluator)


def test_token_page_creates_and_rotates(client_for):
    client = client_for("citizen")
    first = client.post(reverse("accounts:token")).context["new_token"]
    second = client.post(reverse("accounts:token")).context["new_token"]
    assert first != second
    from rest_framework.authtoken.models import Token

    assert list(Token.objects.values_list("key", flat=True).filter(user__username="citizen")) == [second]
