"""Staff console: the work queue by deadline, the moderation queue, sensitive words and time limits."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.casework.abuse import words_changed
from fazhi.casework.forms import SensitiveWordForm
from fazhi.casework.models import SensitiveWord
from fazhi.casework.queries import moderation_queue, work_queue
from fazhi.casework.registry import MATTER_TYPES
from fazhi.casework.services import moderate
from fazhi.core.permissions import CHANGE
from fazhi.core.views import ObjectCreateView, ObjectDetailView, ObjectEditView, ObjectListView, PageView


class QueueView(PageView):
    template_name = "casework/console/queue.html"
    title = gettext_lazy("Work queue")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kind = self.request.GET.get("kind", "")
        kind = kind if kind in MATTER_TYPES else ""
        overdue = self.request.GET.get("overdue") == "1"
        return super().get_context_data(
            rows=work_queue(self.request.user, kind=kind, overdue_only=overdue),
            kinds=[(k, t.label) for k, t in MATTER_TYPES.items()],
            kind=kind,
            overdue=overdue,
            **kwargs,
        )


class ModerationQueueView(PageView):
    template_name = "casework/console/moderation.html"
    title = gettext_lazy("Moderation queue")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(rows=moderation_queue(self.request.user), **kwargs)


class ModerateView(PageView):
    """POST kind, pk, decision (approve / reject) and note: a moderator's decision on one item."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        matter_type = MATTER_TYPES.get(kwargs["kind"])
        if matter_type is None or not matter_type.moderated:
            raise Http404
        item = matter_type.restricted(request.user, CHANGE).filter(pk=kwargs["pk"]).first()
        if item is None:
            raise Http404
        decision = request.POST.get("decision")
        if decision not in ("approve", "reject"):
            messages.error(request, _("Choose to approve or not to publish."))
            return redirect("casework_console:moderation")
        try:
            moderate(item, approve=decision == "approve", user=request.user, note=request.POST.get("note", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Decision recorded."))
        return redirect("casework_console:moderation")


class WordListView(ObjectListView):
    model = SensitiveWord
    template_name = "casework/console/words.html"
    title = gettext_lazy("Sensitive words")
    paginate_by = 200

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        can_delete = SensitiveWord.policy.allows(self.request.user, "delete")
        return super().get_context_data(form=SensitiveWordForm(), can_delete=can_delete, **kwargs)


def _words_saved(response: HttpResponse) -> HttpResponse:
    transaction.on_commit(words_changed)  # every process recompiles the list on its next screening
    return response


# Adding and editing a word share their settings (spelt out in each: a mixin's would clash with the views' types).
class WordAddView(ObjectCreateView):
    model = SensitiveWord
    form_class = SensitiveWordForm
    template_name = "core/object_form.html"
    success_url = reverse_lazy("casework_console:words")

    def form_valid(self, form: Any) -> HttpResponse:
        return _words_saved(super().form_valid(form))


class WordEditView(ObjectEditView):
    model = SensitiveWord
    form_class = SensitiveWordForm
    template_name = "core/object_form.html"
    success_url = reverse_lazy("casework_console:words")

    def form_valid(self, form: Any) -> HttpResponse:
        return _words_saved(super().form_valid(form))


class WordDeleteView(ObjectDetailView):
    model = SensitiveWord
    action = "delete"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        word = self.get_object()
        word.delete()
        words_changed()
        messages.success(request, _("Word removed."))
        return redirect("casework_console:words")
