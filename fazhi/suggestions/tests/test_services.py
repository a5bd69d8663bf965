"""The workflow of a people's suggestion through its services: the rules, the refusals, the timeline."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fazhi.attachments.models import Attachment
from fazhi.casework.models import MatterEvent, ModerationStatus, SensitiveWord
from fazhi.casework.services import history, sweep
from fazhi.notifications.models import Notification
from fazhi.orgs.models import Organisation
from fazhi.suggestions import services
from fazhi.suggestions.choices import Channel, ConversionKind
from fazhi.suggestions.models import Evaluation, Suggestion
from fazhi.suggestions.tests.factories import SolicitationFactory
from fazhi.testing.factories import PDF_BYTES
from fazhi.workflow.clocks import clock_named, deadline

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are matched in English (the default language is Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


ELEMENTS = {
    "theme": "建议增设社区法律服务点",
    "facts": "社区居民咨询法律问题需要跑到街道。",
    "proposal": "在每个居委会设立法律服务点,每周一次律师值班。",
}


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def submit(user, **kwargs):
    return services.suggestion_submit(user=user, **{**ELEMENTS, "organisation": org("310101"), **kwargs})


def test_submit_gives_a_tracking_number_a_deadline_and_a_history(demo_users):
    citizen = demo_users["citizen"]
    suggestion = submit(citizen, contact_phone="13912345678", consent_publish=True)
    assert suggestion.tracking_number.startswith("JY") and suggestion.status == "registered"
    assert suggestion.due_at is not None and (suggestion.due_at - timezone.now()).days in (4, 5)
    assert [e.status for e in history(suggestion, for_submitter=True)] == ["registered"]
    assert suggestion.moderation == ModerationStatus.PENDING
    stored = Suggestion.objects.get(pk=suggestion.pk)
    assert stored.contact_phone == "13912345678" and stored.masked_phone != "13912345678"
    assert Notification.objects.filter(recipient=citizen, title__contains=suggestion.tracking_number).exists()
    # Huangpu's handlers hear of it
    assert Notification.objects.filter(recipient=demo_users["hp_justice"], url__contains=str(suggestion.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"theme": " "}, "theme"),
        ({"proposal": ""}, "proposal"),
        ({"facts": "<script>alert(1)</script>"}, "facts"),
        ({"theme": '<img src=x onerror="x()">'}, "theme"),
        ({"submitter_kind": "organisation"}, "submitter_name"),
        ({"contact_phone": "12345"}, "contact_phone"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(demo_users, changes, field):
    with pytest.raises(ValidationError) as refused:
        submit(demo_users["citizen"], **changes)
    assert field in refused.value.message_dict
    assert not Suggestion.objects.exists() and not MatterEvent.objects.exists()


def test_disguised_or_too_many_attachments_refused_before_anything_is_stored(demo_users):
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not a picture", content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        submit(demo_users["citizen"], attachments=[fake])
    assert "photo.png" in " ".join(refused.value.message_dict["attachments"])
    files = [SimpleUploadedFile(f"{i}.pdf", PDF_BYTES) for i in range(6)]
    with pytest.raises(ValidationError):
        submit(demo_users["citizen"], attachments=files)
    assert not Suggestion.objects.exists() and not Attachment.objects.exists()
    suggestion = submit(demo_users["citizen"], attachments=[SimpleUploadedFile("材料.pdf", PDF_BYTES)])
    assert Attachment.objects.get().object_id == str(suggestion.pk)


def test_duplicates_and_blocked_words_refused_flagged_words_held(demo_users):
    citizen = demo_users["citizen"]
    submit(citizen)
    with pytest.raises(ValidationError, match="same suggestion"):
        submit(citizen, theme="建议增设社区法律服务点!", facts=ELEMENTS["facts"] + " ")
    submit(demo_users["hp_manager"])  # another person's identical text is not a duplicate
    SensitiveWord.objects.create(word="律师值班")
    SensitiveWord.objects.create(word="违禁词", action="block")
    from fazhi.casework.abuse import words_changed

    words_changed()
    flagged = submit(citizen, theme="另一条建议")
    assert flagged.flagged_words == "律师值班"
    with pytest.raises(ValidationError):
        submit(citizen, theme="含违禁词")
    assert Suggestion.objects.count() == 3
    words_changed()  # the words roll back with the test: no process may keep screening with them


def test_personal_claims_are_flagged_with_the_channel_not_lost(demo_users):
    suggestion = submit(demo_users["citizen"], facts="我已经起诉了开发商,要求个人赔偿。")
    assert suggestion.not_a_suggestion and "起诉" in suggestion.not_a_suggestion_terms
    assert set(suggestion.channels.split(",")) == {Channel.LEGAL_AID, Channel.HOTLINE}
    declined = services.suggestion_decline(
        suggestion=suggestion, user=demo_users["hp_justice"], reason="属于个人诉求,不作为人民建议办理。"
    )
    assert declined.status == "declined" and declined.closed_at is not None
    assert "12348" in history(declined, for_submitter=True)[-1].note


def test_solicitation_window_and_anonymous_rules(demo_users):
    from django.contrib.auth.models import AnonymousUser

    closed = SolicitationFactory(
        opens_on=timezone.localdate() - dt.timedelta(days=30), closes_on=timezone.localdate() - dt.timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="not taking suggestions"):
        submit(demo_users["citizen"], solicitation=closed)
    open_ = SolicitationFactory()
    with pytest.raises(ValidationError, match="sign in"):
        submit(AnonymousUser(), solicitation=open_)
    with pytest.raises(ValidationError, match="sign in"):
        submit(AnonymousUser())  # everyday suggestions need an account
    open_.allow_anonymous = True
    open_.save()
    anonymous = submit(AnonymousUser(), solicitation=open_)
    assert anonymous.submitter is None and anonymous.organisation == open_.organisation
    with pytest.raises(ValidationError):
        submit(AnonymousUser(), solicitation=open_, attachments=[SimpleUploadedFile("a.pdf", PDF_BYTES)])


def test_whole_workflow_with_routing_to_several_organisations(demo_users):
    citizen, hp, njdl, xh = (demo_users[n] for n in ("citizen", "hp_justice", "njdl_handler", "xh_justice"))
    suggestion = submit(citizen, consent_publish=True)
    with pytest.raises(PermissionDenied):
        services.suggestion_accept(suggestion=suggestion, user=xh)  # another district's handler
    with pytest.raises(ValidationError):
        services.suggestion_reply(suggestion=suggestion, user=hp, text="答复")  # steps in order
    services.suggestion_accept(suggestion=suggestion, user=hp)
    street = org("310101002")
    routed = services.suggestion_route(
        suggestion=suggestion, user=hp, lead=org("310101-SFJ"), co_handlers=[street], note="请牵头研究"
    )
    assert routed.organisation.code == "310101-SFJ" and routed.answer_due_at == routed.due_at
    assert Suggestion.objects.restrict(njdl, "view").filter(pk=suggestion.pk).exists()  # a co-handler sees it
    assert not Suggestion.objects.restrict(xh, "view").filter(pk=suggestion.pk).exists()
    note = services.suggestion_note(suggestion=routed, user=njdl, text="已实地走访两个居委会。", kind="research")
    assert note.organisation == street
    with pytest.raises(PermissionDenied, match="lead organisation"):
        services.suggestion_reply(suggestion=routed, user=njdl, text="答复")  # a co-handler does not answer
    answered = services.suggestion_reply(suggestion=routed, user=hp, text="感谢建议,已在三个居委会试点。")
    assert answered.status == "replied" and answered.replied_on_time is True
    conversion = services.conversion_add(
        suggestion=answered,
        user=hp,
        kind=ConversionKind.MEASURE,
        description="纳入便民服务举措",
        url="https://example.org/x",
    )
    assert conversion.link == "https://example.org/x"
    with pytest.raises(PermissionDenied):
        services.suggestion_evaluate(suggestion=answered, user=demo_users["hp_manager"], score=5)  # someone else's
    services.suggestion_evaluate(suggestion=answered, user=citizen, score=4, comment="很及时")
    with pytest.raises(ValidationError, match="already"):
        services.suggestion_evaluate(suggestion=answered, user=citizen, score=5)
    services.suggestion_commend(suggestion=answered, user=hp, text="优秀人民建议")
    closed = services.suggestion_close(suggestion=answered, user=hp)
    assert closed.closed_at is not None and closed.due_at is None
    citizen_steps = history(closed, for_submitter=True)
    assert [e.status for e in citizen_steps][:4] == ["registered", "accepted", "routed", "handling"]
    assert all(e.note == "" for e in citizen_steps if not e.public_note)  # research notes stay internal
    assert Evaluation.objects.get().score == 4
    # published only after consent + moderation + answer
    assert not Suggestion.objects.published().exists()
    from fazhi.casework.services import moderate

    moderate(closed, approve=True, user=hp)
    assert Suggestion.objects.published().get() == closed


def test_evaluation_score_must_be_1_to_5(demo_users):
    suggestion = submit(demo_users["citizen"])
    Suggestion.objects.filter(pk=suggestion.pk).update(status="replied", replied_at=timezone.now())
    for bad in (0, 6, "x", None):
        with pytest.raises(ValidationError):
            services.suggestion_evaluate(suggestion=suggestion, user=demo_users["citizen"], score=bad)
    assert not Evaluation.objects.exists()


def test_emergency_fast_track_and_overdue_sweep(demo_users):
    hp = demo_users["hp_justice"]
    suggestion = submit(demo_users["citizen"])
    services.suggestion_accept(suggestion=suggestion, user=hp, emergency=True)
    suggestion.refresh_from_db()
    # one day on the fast track, counted as the Civil Code counts (第二百零一条: the day of the step does not count;
    # 第二百零三条: it ends at 24:00, a day later if that day is a statutory holiday)
    assert suggestion.is_emergency and suggestion.clock == "suggestions.route" and suggestion.clock_amount == 1
    assert suggestion.due_at == deadline(clock_named("suggestions.route"), suggestion.clock_started_at, amount=1)[0]
    assert timezone.localdate(suggestion.due_at) >= timezone.localdate() + dt.timedelta(days=1)
    services.suggestion_route(suggestion=suggestion, user=hp, lead=org("310101-SFJ"))
    suggestion.refresh_from_db()
    assert suggestion.clock_amount == 15  # 15 days instead of 60
    assert 15 <= (timezone.localdate(suggestion.due_at) - timezone.localdate()).days <= 25
    counts = sweep(now=timezone.now() + dt.timedelta(days=16))
    assert counts["alerted"] >= 1
    assert Notification.objects.filter(recipient=hp, title__contains=suggestion.tracking_number).count() >= 2
    late = services.suggestion_reply(suggestion=suggestion, user=hp, text="答复")
    assert late.replied_on_time is True  # answered before the (real) deadline


def test_late_answer_is_recorded_as_late(demo_users):
    hp = demo_users["hp_justice"]
    suggestion = submit(demo_users["citizen"])
    services.suggestion_accept(suggestion=suggestion, user=hp)
    services.suggestion_route(suggestion=suggestion, user=hp, lead=org("310101"))
    Suggestion.objects.filter(pk=suggestion.pk).update(answer_due_at=timezone.now() - dt.timedelta(days=1))
    assert services.suggestion_reply(suggestion=suggestion, user=hp, text="迟到的答复").replied_on_time is False


def test_feedback_report_only_after_the_solicitation_closed(demo_users):
    hp = demo_users["hp_justice"]
    solicitation = SolicitationFactory()
    submit(demo_users["citizen"], solicitation=solicitation)
    with pytest.raises(ValidationError):
        services.solicitation_publish_feedback(solicitation=solicitation, user=hp, text="汇总")
    solicitation.opens_on = timezone.localdate() - dt.timedelta(days=10)
    solicitation.closes_on = timezone.localdate() - dt.timedelta(days=1)
    solicitation.save()
    with pytest.raises(PermissionDenied):
        services.solicitation_publish_feedback(solicitation=solicitation, user=demo_users["xh_justice"], text="x")
    services.solicitation_publish_feedback(solicitation=solicitation, user=hp, text="共收到建议 1 条,已采纳。")
    assert Notification.objects.filter(recipient=demo_users["citizen"], title__contains=solicitation.title).exists()


def test_files_follow_the_suggestion_when_it_is_routed_to_another_organisation(demo_users, client_for):
    citizen, hp, xh = (demo_users[n] for n in ("citizen", "hp_justice", "xh_justice"))
    suggestion = submit(citizen, attachments=[SimpleUploadedFile("a.pdf", PDF_BYTES)])
    attachment = Attachment.objects.get()
    assert not Attachment.objects.restrict(xh).exists()  # not Xuhui's (yet)
    services.suggestion_accept(suggestion=suggestion, user=hp)
    services.suggestion_route(suggestion=suggestion, user=hp, lead=org("310104-SFJ"))
    # Xuhui now handles it: its staff see the files as they see the suggestion, on the page and for download
    assert list(Attachment.objects.restrict(xh)) == [attachment]
    assert Attachment.policy.allows(xh, "view", attachment)
    assert client_for("xh_justice").get(attachment.get_absolute_url()).status_code == 200
    assert Attachment.objects.restrict(citizen).get() == attachment  # the submitter still does
    for name in ("hp_justice", "leader", "njdl_handler"):  # whoever sees the suggestion sees its files, no one else
        user = demo_users[name]
        sees = Suggestion.objects.restrict(user).filter(pk=suggestion.pk).exists()
        assert Attachment.objects.restrict(user).filter(pk=attachment.pk).exists() == sees, name
