"""Staff console: consultations, the draft, moderation, clusters, adoption, export, feedback, offline entry."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.consultation.choices import Adoption, ConsultationStatus, Moderation
from fazhi.consultation.excel import columns, comment_rows, read_offline_sheet
from fazhi.consultation.forms import (
    AdoptionForm,
    ConsultationForm,
    FeedbackForm,
    LawLinkForm,
    MergeForm,
    MoveForm,
    OfflineContextForm,
    OfflineRowFormSet,
)
from fazhi.consultation.models import Comment, CommentCluster, Consultation
from fazhi.consultation.services import (
    OfflineRow,
    cluster_mark_adoption,
    clusters_compute,
    clusters_merge,
    comment_move,
    consultation_close,
    consultation_link_law,
    consultation_open,
    consultation_save,
    contact_points_for,
    feedback_prefill,
    feedback_publish,
    offline_comments_enter,
)
from fazhi.core.export import table_response
from fazhi.core.permissions import ADD, CHANGE, ScopedPolicy, policy_of
from fazhi.core.views import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
    ServiceSaveMixin,
)
from fazhi.workflow.console import StepView, step_offers

#: The console shows the consultations of the user's scope only, not every public one.
_STAFF_SCOPE = ScopedPolicy(org_field="organisation")


def _error(request: HttpRequest, exc: Exception) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))


class _InScope:
    """Console pages act on the consultations of the user's scope (a public one elsewhere is a 404)."""

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()  # type: ignore[misc]
        return _STAFF_SCOPE.filter(queryset, self.request.user, self.action)  # type: ignore[attr-defined]


class ConsultationListView(_InScope, ObjectListView):
    model = Consultation
    template_name = "consultation/console/list.html"
    title = gettext_lazy("Consultations")

    def get_queryset(self) -> QuerySet:
        return (
            super()
            .get_queryset()
            .select_related("organisation")
            .annotate(
                comment_count=Count("comments"),
                pending_count=Count("comments", filter=Q(comments__moderation=Moderation.PENDING)),
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        can_enter_offline = bool(contact_points_for(user))
        targets = Consultation.objects.filter(status__in=(ConsultationStatus.OPEN, ConsultationStatus.CLOSED))
        return super().get_context_data(
            can_add=policy_of(Consultation).allows(user, ADD),
            can_enter_offline=can_enter_offline,
            offline_targets=targets.select_related("organisation")[:50] if can_enter_offline else [],
            **kwargs,
        )


class _Save(ServiceSaveMixin):
    model = Consultation
    form_class = ConsultationForm
    template_name = "consultation/console/form.html"
    saved_message = gettext_lazy("Consultation saved.")
    service_refusals = True

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}  # type: ignore[misc]

    def save_through_service(self, form: ConsultationForm) -> Consultation:
        return consultation_save(consultation=form.save(commit=False), user=self.request.user)

    def after_save(self, saved: Consultation) -> None:
        if saved.parse_report:
            messages.warning(self.request, _("Some of the draft could not be read; see the parse report."))

    def saved_url(self, saved: Consultation) -> str:
        return saved.get_console_url()


class ConsultationCreateView(_Save, ObjectCreateView):
    title = gettext_lazy("New consultation")


class ConsultationEditView(_InScope, _Save, ObjectEditView):
    pass


class ConsultationDetailView(_InScope, ObjectDetailView):
    model = Consultation
    queryset = Consultation.objects.select_related("organisation", "law")
    template_name = "consultation/console/detail.html"

    def get_title(self) -> Any:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        consultation = self.object
        comments = consultation.comments.all()
        context.update(
            can_change=policy_of(Consultation).allows(self.request.user, CHANGE, consultation),
            article_count=consultation.articles.count(),
            counts={
                "total": comments.count(),
                "pending": comments.filter(moderation=Moderation.PENDING).count(),
                "approved": comments.filter(moderation=Moderation.APPROVED).count(),
                "rejected": comments.filter(moderation=Moderation.REJECTED).count(),
                "offline": comments.filter(contact_point__isnull=False).count(),
                "decided": comments.exclude(adoption="").count(),
            },
            law_form=LawLinkForm(initial={"work": consultation.law.title if consultation.law else ""}),
        )
        return context


class _Post(_InScope, ObjectDetailView):
    model = Consultation
    action = CHANGE
    http_method_names = ["post"]


class ConsultationStatusView(_Post):
    """POST ``action=open`` or ``action=close``."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        consultation = self.get_object()
        step = {"open": consultation_open, "close": consultation_close}.get(request.POST.get("action", ""))
        if step is None:
            messages.error(request, _("Choose open or close."))
        else:
            try:
                step(consultation=consultation, user=request.user)
            except (ValidationError, PermissionDenied) as exc:
                _error(request, exc)
            else:
                messages.success(
                    request, _("Status changed: %(status)s.") % {"status": consultation.get_status_display()}
                )
        return redirect(consultation.get_console_url())


class LawLinkView(_Post):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from fazhi.laws.models import Work

        consultation = self.get_object()
        form = LawLinkForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the law's title."))
            return redirect(consultation.get_console_url())
        title = form.cleaned_data["work"].strip()
        work = None
        if title:
            work = (
                Work.objects.filter(Q(title=title) | Q(short_title=title)).first()
                or Work.objects.filter(title__icontains=title).order_by("level", "title").first()
            )
            if work is None:
                messages.error(request, _("No law titled “%(title)s” in the library.") % {"title": title})
                return redirect(consultation.get_console_url())
        try:
            consultation_link_law(consultation=consultation, work=work, user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Linked to %(law)s.") % {"law": work} if work else _("Link removed."))
        return redirect(consultation.get_console_url())


class CommentsView(_InScope, ObjectDetailView):
    """All comments of a consultation, filtered (``?moderation=pending`` is the moderation queue)."""

    model = Consultation
    template_name = "consultation/console/comments.html"

    def get_title(self) -> Any:
        return _("Comments: %(title)s") % {"title": self.object}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        comments = self.object.comments.select_related(
            "article", "submitter", "contact_point", "cluster", "organisation"
        )
        moderation = self.request.GET.get("moderation", "")
        if moderation in Moderation.values:
            comments = comments.filter(moderation=moderation)
        adoption = self.request.GET.get("adoption", "")
        if adoption in Adoption.values:
            comments = comments.filter(adoption=adoption)
        elif adoption == "none":
            comments = comments.filter(adoption="")
        comments = list(comments[:500])
        for comment in comments:
            # the steps this user may take on it now (workflow.py), each form with ids of its own on this page
            comment.step_offers = step_offers(comment, self.request.user, "consultation_console:comment_step")
            comment.step_prefix = f"comment-{comment.pk}-"
            for offer in comment.step_offers:
                offer.form.auto_id = f"id_c{comment.pk}_{offer.name}_%s"
        context.update(
            comments=comments,
            moderation=moderation,
            adoption=adoption,
            moderation_choices=Moderation.choices,
            adoption_choices=Adoption.choices,
        )
        return context


class _CommentPost(ObjectDetailView):
    model = Comment
    action = CHANGE
    http_method_names = ["post"]

    def back(self, comment: Comment) -> HttpResponse:
        target = self.request.POST.get("next", "")
        base = f"/console/consultation/{comment.consultation_id}/"
        return redirect(target if target.startswith(base) else f"{base}comments/")


class CommentStepView(StepView):
    """POST one step of a comment (consultation/workflow.py); errors come back as messages. Back to the comments
    page as it was filtered (``next``), at the comment."""

    model = Comment

    def detail_url(self, obj: Comment) -> str:
        base = reverse("consultation_console:comments", args=[obj.consultation_id])
        target = self.request.POST.get("next", "")
        if not target.startswith(base):  # only back to this consultation's comments page
            target = base
        return f"{target}#comment-{obj.pk}"


class CommentMoveView(_CommentPost):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        comment = self.get_object()
        form = MoveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a cluster."))
            return self.back(comment)
        cluster = None
        if form.cleaned_data["cluster"]:
            cluster = CommentCluster.objects.filter(pk=form.cleaned_data["cluster"]).first()
            if cluster is None:
                messages.error(request, _("No such cluster."))
                return self.back(comment)
        try:
            comment_move(comment=comment, cluster=cluster, new_title=form.cleaned_data["new_title"], user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Comment moved."))
        return redirect("consultation_console:clusters", pk=comment.consultation_id)


class ClustersView(_InScope, ObjectDetailView):
    model = Consultation
    template_name = "consultation/console/clusters.html"

    def get_title(self) -> Any:
        return _("Clusters: %(title)s") % {"title": self.object}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        clusters = list(self.object.clusters.prefetch_related("comments__article"))
        context.update(
            clusters=clusters,
            unclustered=self.object.comments.filter(cluster__isnull=True)
            .exclude(moderation=Moderation.REJECTED)
            .select_related("article"),
            adoption_form=AdoptionForm(),
            can_change=policy_of(Consultation).allows(self.request.user, CHANGE, self.object),
        )
        return context


class ClustersComputeView(_Post):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        consultation = self.get_object()
        try:
            made = clusters_compute(consultation=consultation, user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
        else:
            messages.success(request, _("%(n)s clusters of similar comments found.") % {"n": made})
        return redirect("consultation_console:clusters", pk=consultation.pk)


class ClustersMergeView(_Post):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        consultation = self.get_object()
        ids = [v for v in request.POST.getlist("clusters") if v.isdigit() and len(v) < 12]
        clusters = sorted(consultation.clusters.filter(pk__in=ids), key=lambda c: c.pk)
        form = MergeForm(request.POST)
        try:
            clusters_merge(clusters=clusters, title=form.data.get("title", "")[:200], user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Clusters merged."))
        return redirect("consultation_console:clusters", pk=consultation.pk)


class ClusterAdoptionView(ObjectDetailView):
    model = CommentCluster
    action = CHANGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        cluster = self.get_object()
        form = AdoptionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a decision and give the reason."))
        else:
            try:
                count = cluster_mark_adoption(cluster=cluster, user=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                _error(request, exc)
            else:
                messages.success(request, _("%(n)s comments marked.") % {"n": count})
        return redirect("consultation_console:clusters", pk=cluster.consultation_id)


class ExportView(_InScope, ObjectDetailView):
    """All comments as Excel (``export.xlsx``) or CSV (``export.csv``); names masked."""

    model = Consultation
    fmt = "xlsx"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        consultation = self.get_object()
        comments = Comment.objects.restrict(request.user).filter(consultation=consultation)
        return table_response(
            header=columns(),
            rows=comment_rows(comments),
            fmt=self.fmt,
            filename=f"consultation-{consultation.pk}-comments-{timezone.localdate().isoformat()}",
            sheet="comments",
        )


class FeedbackView(_InScope, ObjectDetailView):
    """The feedback report: pre-filled with counts per article and adoption, composed by staff, published."""

    model = Consultation
    action = CHANGE
    template_name = "consultation/console/feedback.html"

    def get_title(self) -> Any:
        return _("Feedback report: %(title)s") % {"title": self.object}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        consultation = self.object
        initial = consultation.feedback_report or feedback_prefill(consultation)
        kwargs.setdefault("form", FeedbackForm(initial={"report": initial}))
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = consultation = self.get_object()
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                feedback_publish(consultation=consultation, report=form.cleaned_data["report"], user=request.user)
            except (ValidationError, PermissionDenied) as exc:
                for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Feedback report published."))
                return redirect(consultation.get_console_url())
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 400
        return response


class OfflineEntryView(PageView):
    """A contact point's staff enter the comments gathered offline: rows of a form, or an Excel sheet."""

    template_name = "consultation/console/offline.html"

    def check_access(self, request: HttpRequest) -> None:
        super().check_access(request)
        if not contact_points_for(request.user):
            raise PermissionDenied(
                _("Only the staff of a grassroots legislative contact point may enter offline comments.")
            )

    def get_consultation(self) -> Consultation:
        queryset = Consultation.objects.filter(status__in=(ConsultationStatus.OPEN, ConsultationStatus.CLOSED))
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_title(self) -> Any:
        return _("Enter offline comments")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        points = contact_points_for(self.request.user)
        kwargs.setdefault("form", OfflineContextForm(points=points, initial={"contact_point": points[0].pk}))
        kwargs.setdefault("formset", OfflineRowFormSet(prefix="rows"))
        return super().get_context_data(consultation=self.get_consultation(), **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        consultation = self.get_consultation()
        form = OfflineContextForm(request.POST, request.FILES, points=contact_points_for(request.user))
        formset = OfflineRowFormSet(request.POST, prefix="rows")
        report = None
        if form.is_valid():
            try:
                if form.cleaned_data.get("sheet"):
                    rows = read_offline_sheet(form.cleaned_data["sheet"])
                elif formset.is_valid():
                    rows = [OfflineRow(**row) for row in formset.cleaned_data if row and row.get("text")]
                else:
                    raise ValidationError(_("Correct the rows marked below."))
                report = offline_comments_enter(
                    consultation=consultation,
                    contact_point=form.cleaned_data["contact_point"],
                    rows=rows,
                    user=request.user,
                )
            except (ValidationError, PermissionDenied) as exc:
                for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
                    form.add_error(None, message)
        if report is not None:
            messages.success(
                request,
                _("%(created)s comments entered, %(unchanged)s already entered before, %(skipped)s skipped.")
                % {"created": len(report.created), "unchanged": len(report.unchanged), "skipped": len(report.skipped)},
            )
            formset = OfflineRowFormSet(prefix="rows")
        response = self.render_to_response(self.get_context_data(form=form, formset=formset, report=report))
        if report is None:
            response.status_code = 400
        return response
