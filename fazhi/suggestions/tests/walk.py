"""People's suggestions: the portal is public, submitting an everyday suggestion needs an account; the submitter
follows their own (the sample is the citizen's, registered with Huangpu). The console and the API follow the
suggestion's organisation: everyone with a role in Huangpu reads it, its handlers act on it; other districts'
staff get a 404. The API's step actions let in whoever may see the suggestion, then the service decides: a step
without a body is a 400 (let in), a step that needs none is refused to those who do not handle it (403)."""

from fazhi.suggestions.workflow import SUGGESTION_WORKFLOW
from fazhi.testing.walk import (
    AUTHORS,
    DENIED,
    GONE,
    HUANGPU_AUTHORS,
    HUANGPU_READERS,
    LOGIN,
    OK,
    STAFF,
    by_role,
    everyone,
    only,
    signed_in,
    staff,
    workflow_step_samples,
    workflow_steps,
)


def _viewer(role):
    """The submitter and Huangpu's readers; other staff: 404."""
    if role is None:
        return LOGIN
    return OK if role in ("citizen", *HUANGPU_READERS) else GONE


def _handler(role):
    """Huangpu's handlers act; readers and the submitter are refused (403); other staff do not see it (404)."""
    if role is None:
        return LOGIN
    if role in HUANGPU_AUTHORS:
        return OK
    return DENIED if role in ("citizen", *HUANGPU_READERS) else GONE


def _submitter_or_staff_in_scope(role):
    return GONE if role is None else _viewer(role)


EXPECT = {
    "suggestions:home": ("get", everyone),
    "suggestions:submit": ("get", signed_in),
    "suggestions:submitted": ("get", _submitter_or_staff_in_scope),
    "suggestions:solicitations": ("get", everyone),
    "suggestions:solicitation": ("get", everyone),
    "suggestions:solicitation_submit": ("get", signed_in),  # the sample takes no anonymous suggestions
    "suggestions:published": ("get", everyone),
    "suggestions:published_detail": ("get", everyone),
    "suggestions:published_evaluate": ("post", signed_in),  # 公众评价: anyone signed in (400 without a rating)
    "suggestions:mine": ("get", _viewer),  # staff in scope are sent to the console page
    "suggestions_console:list": ("get", staff),
    "suggestions_console:export": ("get", staff),  # their scope only; citizens 403
    "suggestions_console:detail": ("get", by_role(ok=HUANGPU_READERS, gone=STAFF)),
    "suggestions_console:step": ("post", by_role(ok=HUANGPU_READERS, gone=STAFF)),  # refusals come as messages
    "suggestions_console:solicitations": ("get", staff),
    "suggestions_console:solicitation_add": ("get", only(*AUTHORS)),
    "suggestions_console:solicitation": ("get", staff),  # published: public
    "suggestions_console:solicitation_edit": ("get", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "suggestions_console:solicitation_feedback": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "api:suggestion-list": ("get", signed_in),
    "api:suggestion-detail": ("get", _viewer),
    "api:suggestion-submit": ("post", everyone),  # 400 without a body
    "api:suggestion-published": ("get", everyone),
    "api:suggestion-published-evaluate": ("post", signed_in),  # 400 without a body
    "api:suggestion-export": ("get", staff),
    # a step without fields (accept, close, emergency: "not an emergency") is taken by Huangpu's handlers only
    **workflow_steps(SUGGESTION_WORKFLOW, "suggestion", takes=_handler, sees=_viewer),
    "api:suggestion-evaluate": ("post", _viewer),
    "api:solicitation-list": ("get", everyone),
    "api:solicitation-detail": ("get", everyone),
    "api:solicitation-feedback": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
}


def samples(users):
    from fazhi.casework.services import moderate
    from fazhi.orgs.models import Organisation
    from fazhi.suggestions import services
    from fazhi.suggestions.tests.factories import SolicitationFactory

    huangpu = Organisation.objects.get(code="310101")
    solicitation = SolicitationFactory(organisation=huangpu)
    elements = {"organisation": huangpu, "facts": "步行道上停满了自行车。", "proposal": "划设停放区。"}
    mine = services.suggestion_submit(user=users["citizen"], theme="南京东路非机动车停放", **elements)
    published = services.suggestion_submit(
        user=users["citizen"], theme="地铁口增设停放区", consent_publish=True, **elements
    )
    hp = users["hp_justice"]
    services.suggestion_accept(suggestion=published, user=hp)
    services.suggestion_route(suggestion=published, user=hp, lead=huangpu)
    services.suggestion_reply(suggestion=published, user=hp, text="已在两个地铁口试点。")
    published.refresh_from_db()
    moderate(published, approve=True, user=hp)
    by_pk = {"pk": mine.pk}
    return {
        "suggestions:submitted": {"number": mine.tracking_number},
        "suggestions:solicitation": {"pk": solicitation.pk},
        "suggestions:solicitation_submit": {"pk": solicitation.pk},
        "suggestions:published_detail": {"number": published.tracking_number},
        "suggestions:published_evaluate": {"number": published.tracking_number},
        "api:suggestion-published-evaluate": {"number": published.tracking_number},
        "suggestions:mine": {"number": mine.tracking_number},
        "suggestions_console:detail": by_pk,
        "suggestions_console:step": {"pk": mine.pk, "step": "note"},
        "suggestions_console:solicitation": {"pk": solicitation.pk},
        "suggestions_console:solicitation_edit": {"pk": solicitation.pk},
        "suggestions_console:solicitation_feedback": {"pk": solicitation.pk},
        "api:suggestion-detail": by_pk,
        **workflow_step_samples(SUGGESTION_WORKFLOW, "suggestion", by_pk),
        "api:suggestion-evaluate": by_pk,
        "api:solicitation-detail": {"pk": solicitation.pk},
        "api:solicitation-feedback": {"pk": solicitation.pk},
    }
