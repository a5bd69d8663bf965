"""Base views. Every page of the platform is one of these, so that access is always decided the same way.

``access`` says who may open the page at all — ``PUBLIC``, ``LOGIN`` (any signed-in person), ``STAFF``
(anyone holding a role: the console) — and, for model views, the model's policy then decides per action and
per record. A test walks every URL and fails on a view that is not a :class:`PlatformView`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms import BaseForm, BaseModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from fazhi.core.exceptions import NotAcceptable
from fazhi.core.middleware import oversized_post
from fazhi.core.permissions import ADD, CHANGE, VIEW, is_staff_member, policy_of

if TYPE_CHECKING:
    from django.views.generic.base import ContextMixin
    from django.views.generic.edit import FormMixin, ModelFormMixin

    # The classes below are typed as the Django views they are mixed into; at run time they stay plain mixins.
    class _ContextView(ContextMixin, View):
        """PlatformView's pages have a context (TemplateView, the object views); plain ones do not use it."""

    class _ObjectViewMixin(ContextMixin):
        """What a PolicyMixin view gets from Django's SingleObjectMixin or MultipleObjectMixin."""

        queryset: models.QuerySet[Any] | None

        def get_queryset(self) -> models.QuerySet[Any]: ...

    _FormMixin = FormMixin[Any]
    _ModelFormMixin = ModelFormMixin[Any, Any]
else:
    _ContextView = View
    _ObjectViewMixin = _FormMixin = _ModelFormMixin = object

PUBLIC, LOGIN, STAFF = "public", "login", "staff"


def is_htmx_partial(request: HttpRequest) -> bool:
    """An htmx request that wants only a fragment (not a boosted full-page navigation)."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"


def refuse_oversized(request: HttpRequest, form: BaseForm) -> bool:
    """A post cut because it was too large (``core.middleware.OversizedPostMiddleware``) is never saved: the form
    comes back with what was kept and this error. True when refused."""
    if not oversized_post(request):
        return False
    form.add_error(None, _("Nothing was saved: what you sent was too long. Check the text below and send it again."))
    return True


class PlatformView(_ContextView):
    """Root of every view: enforces ``access`` before anything else runs."""

    access: ClassVar[str] = STAFF  # the safe default: a view must say it is public
    title: ClassVar[Any] = ""

    def get_title(self) -> Any:
        return self.title

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("title", self.get_title())
        return context

    def check_access(self, request: HttpRequest) -> None:
        user = request.user
        if self.access == PUBLIC:
            return
        if not user.is_authenticated:
            raise _LoginRequired
        if self.access == STAFF and not is_staff_member(user):
            raise PermissionDenied(_("This page is for staff with a role."))

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            self.check_access(request)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)


class _LoginRequired(Exception):
    pass


class PageView(PlatformView, TemplateView):
    """A page that shows no particular record."""


class PolicyMixin(PlatformView, _ObjectViewMixin):
    """Model views: the model's policy decides the action on the model, then on each record."""

    model: type[models.Model]
    action: ClassVar[str] = VIEW

    def check_access(self, request: HttpRequest) -> None:
        super().check_access(request)
        if not policy_of(self.model).allows(request.user, self.action):
            if not request.user.is_authenticated:
                raise _LoginRequired
            raise PermissionDenied(_("You do not have permission to do this."))

    def get_queryset(self) -> models.QuerySet:
        base = super().get_queryset() if getattr(self, "queryset", None) is not None else self.model._default_manager
        queryset = base.all()
        # What ``restrict()`` does, through the model's policy (a queryset's type does not say it has restrict()).
        return policy_of(queryset.model).filter(queryset, self.request.user, self.action)


class TableExportView(PolicyMixin):
    """A list's records with its current filters as a download (``?as=xlsx``, the default, or ``?as=csv``; else the
    Accept header's choice, see :func:`fazhi.core.export.export_format`), through
    the module's :class:`fazhi.core.export.TableExport`; a bad format or filter is a 400 saying what is wrong."""

    filterset_class: ClassVar[Any]
    export: ClassVar[Any]  # a TableExport

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        filterset = self.filterset_class(request.GET, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            return HttpResponseBadRequest(
                " ".join(f"{field}: {' '.join(errors)}" for field, errors in filterset.errors.items())
            )
        try:
            return self.export.response(filterset.qs, request)
        except ValidationError as error:
            return HttpResponseBadRequest(" ".join(error.messages))
        except NotAcceptable as error:
            return HttpResponse(error.message, status=406, content_type="text/plain; charset=utf-8")


class ObjectListView(PolicyMixin, ListView):
    """A filterable, paginated list; an htmx request gets just the results fragment."""

    model: type[models.Model]  # required here (ListView's may be None)
    filterset_class: ClassVar[Any] = None
    paginate_by = 50
    results_template_name: ClassVar[str | None] = None

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)
            if self.filterset.is_bound and not self.filterset.is_valid():
                return queryset.none()
            return self.filterset.qs
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filterset"] = getattr(self, "filterset", None)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        return context

    def get_template_names(self) -> list[str]:
        if self.results_template_name and is_htmx_partial(self.request):
            return [self.results_template_name]
        return super().get_template_names()


class ObjectDetailView(PolicyMixin, DetailView):
    """One record; a record outside the user's reach is a 404, so its existence does not leak."""


class _SaveWithinPolicyMixin(PolicyMixin, _ModelFormMixin):
    """Saves in a transaction and rolls back if the saved record is outside what the user may do."""

    success_message: ClassVar[str] = ""

    def form_valid(self, form: BaseModelForm[Any]) -> HttpResponse:
        if refuse_oversized(self.request, form):
            return self.form_invalid(form)
        try:
            with transaction.atomic():
                self.object = form.save()
                if not policy_of(self.model).allows(self.request.user, self.action, self.object):
                    raise PermissionDenied
        except PermissionDenied:
            form.add_error(None, _("You may not save a record there: it is outside your organisation's scope."))
            return self.form_invalid(form)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())


class ServiceSaveMixin(_FormMixin):
    """Create/edit views whose save goes through a service: its refusals become form errors, success a message
    and a redirect to the saved record. Subclasses implement :meth:`save_through_service`."""

    saved_message: ClassVar[Any] = ""
    #: Say the service's own refusal (a reason it gives) rather than the generic "outside your scope".
    service_refusals: ClassVar[bool] = False
    request: HttpRequest  # the view's

    def save_through_service(self, form: BaseForm) -> Any:
        raise NotImplementedError

    def saved_url(self, saved: Any) -> str:
        return str(saved.get_absolute_url())

    def after_save(self, saved: Any) -> None:
        """Further messages about what was saved (e.g. parts of a document that could not be read)."""

    def form_valid(self, form: BaseForm) -> HttpResponse:
        if refuse_oversized(self.request, form):
            return self.form_invalid(form)
        try:
            saved = self.save_through_service(form)
        except PermissionDenied as exc:
            generic = _("You may not save a record there: it is outside your organisation's scope.")
            form.add_error(None, str(exc) if self.service_refusals and str(exc) else generic)
            return self.form_invalid(form)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.saved_message)
        self.after_save(saved)
        return redirect(self.saved_url(saved))


class ObjectCreateView(_SaveWithinPolicyMixin, CreateView):
    action = ADD

    def get_title(self) -> Any:
        return _("New %(name)s") % {"name": self.model._meta.verbose_name}

    def get_queryset(self) -> models.QuerySet:
        return self.model._default_manager.none()


class ObjectEditView(_SaveWithinPolicyMixin, UpdateView):
    action = CHANGE

    def get_title(self) -> Any:
        return self.title or _("Edit %(name)s") % {"name": self.object}
