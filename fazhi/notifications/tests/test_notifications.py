import pytest
from django.core import mail
from django.urls import reverse

from fazhi.notifications.models import Notification
from fazhi.notifications.services import notify
from fazhi.testing.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_notify_puts_it_in_the_inbox_and_emails_after_commit(demo_users, django_capture_on_commit_callbacks):
    citizen = demo_users["citizen"]
    with django_capture_on_commit_callbacks(execute=True):
        notify(citizen, title="您的建议已受理", body="编号 S-1", url="/accounts/")
    assert Notification.objects.filter(recipient=citizen, title="您的建议已受理").exists()
    assert mail.outbox[-1].subject == "您的建议已受理" and mail.outbox[-1].to == ["citizen@example.com"]
    assert Notification.objects.get(title="您的建议已受理").emailed_at is not None


def test_no_email_for_people_who_opted_out(django_capture_on_commit_callbacks):
    person = UserFactory(email_notifications=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, title="x")
    assert mail.outbox == []


def test_inbox_is_private_and_reading_marks_read(client_for, demo_users):
    mine = NotificationFactory(recipient=demo_users["citizen"], title="我的通知", url="/orgs/")
    theirs = NotificationFactory(recipient=demo_users["hp_justice"], title="别人的通知")
    client = client_for("citizen")
    page = client.get(reverse("notifications:list")).content.decode()
    assert "我的通知" in page and "别人的通知" not in page
    assert client.post(reverse("notifications:open", args=[mine.pk]))["Location"] == "/orgs/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    client.post(reverse("notifications:open", args=[theirs.pk]))
    theirs.refresh_from_db()
    assert theirs.read_at is None
    api = client.get("/api/v1/notifications/").json()
    assert [n["title"] for n in api["results"]] == ["我的通知"]
    assert client.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404


def test_api_mark_read_validates_ids(client_for, demo_users):
    NotificationFactory(recipient=demo_users["citizen"])
    client = client_for("citizen")
    assert (
        client.post("/api/v1/notifications/mark-read/", {"ids": ["x"]}, content_type="application/json").status_code
        == 400
    )
    assert client.post("/api/v1/notifications/mark-read/", {}, content_type="application/json").json() == {"marked": 1}


def test_external_links_are_not_followed(client_for, demo_users):
    evil = NotificationFactory(recipient=demo_users["citizen"], url="https://evil.example/")
    assert client_for("citizen").post(reverse("notifications:open", args=[evil.pk]))["Location"] == "/notifications/"
