"""Consultations: the list, an opened consultation and commenting are public (commenting needs an account unless
the consultation allows anonymous comments: the sample does not); the console belongs to the staff of the running
organisation's scope (the sample is run by Huangpu), handling comments (moderation, adoption, clusters) to its
handlers and reviewers; offline entry to the staff of a grassroots legislative contact point (the sample point is
under 南京东路街道, so njdl_handler is one; xh_justice has none in scope).

A comment's steps (consultation/workflow.py) let in whoever sees the comment, then the service decides: a step with
required fields posted without a body is a 400; ``approve`` (no required field) is taken by Huangpu's handlers and
refused (403) to the readers and the author; ``answer`` is refused to everyone while the feedback report is not out.
"""

from fazhi.consultation.tests.factories import CommentClusterFactory, CommentFactory, ConsultationFactory, contact_point
from fazhi.consultation.workflow import COMMENT_WORKFLOW
from fazhi.testing.walk import (
    AUTHORS,
    CITIZENS,
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

CONTACT_POINT_STAFF = ("admin", "office", "hp_justice", "njdl_handler")
# Handling comments (moving them between articles, adopting a cluster) is the handlers' job as well as the office's.
COMMENT_HANDLERS = (*AUTHORS, "njdl_handler", "credit_officer")


def _comment_post(role):
    """Anonymous visitors are sent to log in; everyone signed in is let in (then judged: 400 without a text)."""
    return LOGIN if role is None else OK


def _comment_viewer(role):
    """The sample comment awaits moderation: Huangpu's readers and its author see it; others do not (404)."""
    if role is None:
        return GONE  # reading comments is public: an anonymous visitor is let in and finds no such comment
    return OK if role in (*HUANGPU_READERS, "citizen") else GONE


def _comment_handler(role):
    """Huangpu's handlers take the step; its readers and the author are refused (403); others get a 404."""
    if role is None:
        return GONE
    if role in HUANGPU_AUTHORS:
        return OK
    return DENIED if role in (*HUANGPU_READERS, "citizen") else GONE


def _nobody_yet(role):
    """``answer`` waits for the feedback report: refused (403) to everyone who sees the comment."""
    seen = _comment_viewer(role)
    return DENIED if seen == OK else seen


EXPECT = {
    "consultation:list": ("get", everyone),
    "consultation:detail": ("get", everyone),
    "consultation:comment": ("post", _comment_post),
    "api:consultation-list": ("get", everyone),
    "api:consultation-detail": ("get", everyone),
    "api:consultation-export": ("get", by_role(ok=HUANGPU_READERS, gone=(*STAFF, *CITIZENS))),
    # Let in to be judged (400 without a body); the service then checks the contact point and the scope.
    "api:consultation-offline-comments": ("post", signed_in),
    "api:draftarticle-list": ("get", everyone),
    "api:draftarticle-detail": ("get", everyone),
    "api:consultationcomment-list": ("get", everyone),
    # The sample comment is the citizen's own and awaits moderation: hidden from the public and other scopes.
    "api:consultationcomment-detail": ("get", only(*HUANGPU_READERS, "citizen", others=GONE, anonymous=GONE)),
    **workflow_steps(COMMENT_WORKFLOW, "consultationcomment", takes=_comment_handler, sees=_comment_viewer),
    "api:consultationcomment-step-answer": ("post", _nobody_yet),
    "consultation_console:list": ("get", staff),
    "consultation_console:add": ("get", only(*AUTHORS)),
    "consultation_console:detail": ("get", by_role(ok=HUANGPU_READERS, gone=STAFF)),
    "consultation_console:edit": ("get", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "consultation_console:status": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "consultation_console:law": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "consultation_console:comments": ("get", by_role(ok=HUANGPU_READERS, gone=STAFF)),
    "consultation_console:clusters": ("get", by_role(ok=HUANGPU_READERS, gone=STAFF)),
    "consultation_console:clusters_compute": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "consultation_console:clusters_merge": ("post", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "consultation_console:export_xlsx": ("get", by_role(ok=HUANGPU_READERS, gone=STAFF)),
    "consultation_console:export_csv": ("get", by_role(ok=HUANGPU_READERS, gone=STAFF)),
    "consultation_console:feedback": ("get", by_role(ok=HUANGPU_AUTHORS, gone=AUTHORS)),
    "consultation_console:offline": ("get", only(*CONTACT_POINT_STAFF)),
    "consultation_console:comment_step": ("post", by_role(ok=HUANGPU_READERS, gone=STAFF)),  # refusals: messages
    "consultation_console:comment_move": ("post", by_role(ok=HUANGPU_AUTHORS, gone=COMMENT_HANDLERS)),
    "consultation_console:cluster_adoption": ("post", by_role(ok=HUANGPU_AUTHORS, gone=COMMENT_HANDLERS)),
}


def samples(users):
    contact_point()
    consultation = ConsultationFactory()
    comment = CommentFactory(consultation=consultation, submitter=users["citizen"])
    cluster = CommentClusterFactory(consultation=consultation, is_manual=True)  # survives re-clustering
    on = {"pk": consultation.pk}
    return {
        "consultation:detail": on,
        "consultation:comment": on,
        "api:consultation-detail": on,
        "api:consultation-export": on,
        "api:consultation-offline-comments": on,
        "api:draftarticle-detail": {"pk": consultation.articles.first().pk},
        "api:consultationcomment-detail": {"pk": comment.pk},
        **workflow_step_samples(COMMENT_WORKFLOW, "consultationcomment", {"pk": comment.pk}),
        "consultation_console:detail": on,
        "consultation_console:edit": on,
        "consultation_console:status": on,
        "consultation_console:law": on,
        "consultation_console:comments": on,
        "consultation_console:clusters": on,
        "consultation_console:clusters_compute": on,
        "consultation_console:clusters_merge": on,
        "consultation_console:export_xlsx": on,
        "consultation_console:export_csv": on,
        "consultation_console:feedback": on,
        "consultation_console:offline": on,
        "consultation_console:comment_step": {"pk": comment.pk, "step": "adoption"},
        "consultation_console:comment_move": {"pk": comment.pk},
        "consultation_console:cluster_adoption": {"pk": cluster.pk},
    }
