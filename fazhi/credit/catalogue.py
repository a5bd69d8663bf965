"""The 公共信用信息目录 (上海市社会信用条例 第九条–第十一条): items as data, drafted in versions, put out for public
comment as a consultation of the consultation module (each item one article of the draft), then published. A
published version supersedes the one in force; intake takes only records whose item is in the version in force
(第十一条: information outside the catalogue is not collected).

第十四条 forbids collecting religious belief, genes, fingerprints, blood type, illness and medical history: a record
has fixed fields only (no free attributes), and an item whose name or description asks for such data is refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.services import log_event
from fazhi.consultation import models as consultation_models
from fazhi.consultation import services as consultation_services
from fazhi.credit.choices import CatalogueStatus, Category, Disclosure, SubjectKind
from fazhi.credit.models import Catalogue, CatalogueItem
from fazhi.laws.refs import resolve_article
from fazhi.orgs.models import Organisation

#: The data 第十四条 forbids the platform to collect (and the words that name it in an item).
FORBIDDEN_TERMS = (
    "宗教信仰",
    "宗教",
    "基因",
    "指纹",
    "血型",
    "疾病",
    "病史",
    "religio",
    "gene",
    "fingerprint",
    "blood type",
    "illness",
    "disease",
    "medical history",
)
COMMENT_DAYS = 30  # policy: 第十条 asks for public comment and sets no period; thirty days as the consultations do


@dataclass
class ItemData:
    code: str
    name: str
    category: str
    legal_basis: str
    disclosure: str = Disclosure.PUBLIC
    disclosure_months: int | None = None
    subject_kinds: str = "organisation,person"
    provider: Organisation | None = None
    provider_description: str = ""
    queryable_by: str = ""


def forbidden_term_in(*texts: str) -> str | None:
    joined = " ".join(t or "" for t in texts).lower()
    return next((term for term in FORBIDDEN_TERMS if term in joined), None)


def current_catalogue() -> Catalogue | None:
    """The version in force (at most one is published at a time)."""
    return Catalogue.objects.filter(status=CatalogueStatus.PUBLISHED).order_by("-published_at").first()


def item_for(code: str) -> CatalogueItem:
    """The item of the version in force with this code; a ``ValidationError`` otherwise (第十一条)."""
    catalogue = current_catalogue()
    code = str(code or "").strip()
    item = catalogue.items.filter(code=code).first() if catalogue is not None else None
    if item is None:
        raise ValidationError(
            _("Item %(code)s is not in the published credit information catalogue: the record is not taken.")
            % {"code": code[:30] or "-"}
        )
    return item


def _require_draft(catalogue: Catalogue) -> None:
    if catalogue.status != CatalogueStatus.DRAFT:
        raise ValidationError(_("Only a draft catalogue can be changed."))


@transaction.atomic
def draft_catalogue(*, version: str, title: str, note: str = "", copy_from: Catalogue | None = None) -> Catalogue:
    """A new draft version, starting from the items of ``copy_from`` (by default the version in force)."""
    version, title = str(version or "").strip()[:20], str(title or "").strip()[:200]
    if not version or not title:
        raise ValidationError(_("A catalogue needs a version and a title."))
    if Catalogue.objects.filter(version=version).exists():
        raise ValidationError(_("Version %(version)s already exists.") % {"version": version})
    catalogue = Catalogue.objects.create(version=version, title=title, note=str(note or "")[:2000])
    source = copy_from if copy_from is not None else current_catalogue()
    if source is not None:
        for item in source.items.all():
            item.pk = None
            item.id = None
            item._state.adding = True
            item.catalogue = catalogue
            item.save()
    return catalogue


def _checked_item(catalogue: Catalogue, data: ItemData) -> CatalogueItem:
    code, name = str(data.code or "").strip()[:30], str(data.name or "").strip()[:200]
    if not code or not name:
        raise ValidationError(_("An item needs a code and a name."))
    term = forbidden_term_in(name, data.provider_description, data.queryable_by)
    if term:
        raise ValidationError(
            _(
                "An item may not collect %(term)s: 第十四条 forbids collecting religious belief, genes, fingerprints, "
                "blood type, illness and medical history."
            )
            % {"term": term}
        )
    if data.category not in Category.values:
        raise ValidationError(_("Unknown category."))
    if data.disclosure not in Disclosure.values:
        raise ValidationError(_("Unknown kind of disclosure."))
    kinds = [k.strip() for k in str(data.subject_kinds or "").split(",") if k.strip()]
    if not kinds or any(k not in SubjectKind.values for k in kinds):
        raise ValidationError(_("Name the kinds of subject the item covers."))
    basis = str(data.legal_basis or "").strip()
    if not basis:
        raise ValidationError(_("An item needs its legal basis (第十条)."))
    try:
        ref = resolve_article(basis)
        work, article = ref.work, ref.number
    except ValidationError:
        work, article = None, None  # kept as written; the page shows it unresolved
    return CatalogueItem(
        catalogue=catalogue,
        code=code,
        name=name,
        category=data.category,
        subject_kinds=",".join(kinds),
        provider=data.provider,
        provider_description=str(data.provider_description or "")[:200],
        legal_basis=basis[:200],
        basis_work=work,
        basis_article=article,
        disclosure=data.disclosure,
        disclosure_months=data.disclosure_months,
        queryable_by=str(data.queryable_by or "")[:200],
    )


@transaction.atomic
def save_item(catalogue: Catalogue, data: ItemData) -> CatalogueItem:
    """Add an item to a draft, or replace the draft's item with the same code."""
    catalogue = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
    _require_draft(catalogue)
    item = _checked_item(catalogue, data)
    existing = catalogue.items.filter(code=item.code).first()
    if existing is not None:
        item.pk = existing.pk
        item.created_at = existing.created_at
    item.save()
    return item


@transaction.atomic
def remove_item(catalogue: Catalogue, code: str) -> None:
    catalogue = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
    _require_draft(catalogue)
    item = catalogue.items.filter(code=code).first()
    if item is None:
        raise ValidationError(_("The draft has no item with this code."))
    item.delete()


def _chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    if n < 100:
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    tail = "" if rest == 0 else ("零" + digits[rest] if rest < 10 else ("一" if rest < 20 else "") + _chinese(rest))
    return digits[hundreds] + "百" + tail


def draft_text(catalogue: Catalogue) -> str:
    """The draft as the consultation shows it: one article per item."""
    lines = []
    for number, item in enumerate(catalogue.items.order_by("code"), start=1):
        months = (
            _("disclosed for %(months)s months") % {"months": item.disclosure_months} if item.disclosure_months else ""
        )
        lines.append(
            f"第{_chinese(number)}条 【{item.code}】{item.name}。"
            f"{_('Category')}：{item.get_category_display()}；"
            f"{_('Providing bodies')}：{item.provider or item.provider_description or '-'}；"
            f"{_('Legal basis')}：{item.legal_basis}；"
            f"{_('Disclosure')}：{item.get_disclosure_display()}{('，' + str(months)) if months else ''}。"
        )
    return "\n".join(lines)


@transaction.atomic
def put_out_for_comment(
    catalogue: Catalogue, *, organisation: Organisation, user: Any, closes_on: dt.date | None = None
) -> consultation_models.Consultation:
    """Open a public consultation on the draft (第十条): its items become the consultation's articles."""
    catalogue = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
    _require_draft(catalogue)
    if not catalogue.items.exists():
        raise ValidationError(_("Add items to the draft before putting it out for comment."))
    today = timezone.localdate()
    consultation = consultation_models.Consultation(
        title=_("Public credit information catalogue (draft, version %(version)s)") % {"version": catalogue.version},
        kind=consultation_models.ConsultationKind.MAJOR_DECISION,
        organisation=organisation,
        explanation=catalogue.note or catalogue.title,
        draft_text=draft_text(catalogue),
        opens_on=today,
        closes_on=closes_on or today + dt.timedelta(days=COMMENT_DAYS),
    )
    # The credit centre's right is checked on the catalogue (the caller); the consultation is run as a system step.
    consultation_services.consultation_save(consultation=consultation, user=None)
    consultation_services.consultation_open(consultation=consultation, user=None)
    catalogue.consultation = consultation
    catalogue.status = CatalogueStatus.CONSULTATION
    catalogue.save()
    return consultation


@transaction.atomic
def publish_catalogue(catalogue: Catalogue, *, user: Any) -> Catalogue:
    """Publish a version: it comes into force and the one in force is superseded (audited)."""
    catalogue = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
    if catalogue.status not in (CatalogueStatus.DRAFT, CatalogueStatus.CONSULTATION):
        raise ValidationError(_("This version was already published."))
    if not catalogue.items.exists():
        raise ValidationError(_("A catalogue without items cannot be published."))
    for item in catalogue.items.all():  # an item saved before the rule existed is caught here as well
        if forbidden_term_in(item.name, item.provider_description, item.queryable_by):
            raise ValidationError(_("Item %(code)s names data 第十四条 forbids.") % {"code": item.code})
    for old in Catalogue.objects.select_for_update().filter(status=CatalogueStatus.PUBLISHED):
        old.status = CatalogueStatus.SUPERSEDED
        old.save()
    catalogue.status = CatalogueStatus.PUBLISHED
    catalogue.published_at = timezone.now()
    catalogue.published_by = user if user is not None and getattr(user, "is_authenticated", False) else None
    catalogue.save()
    log_event(catalogue, "credit.catalogue.publish", f"published version {catalogue.version}")
    return catalogue


def may_edit_catalogue(user: Any) -> bool:
    from fazhi.credit.access import is_centre_staff

    return is_centre_staff(user, "credit.change_catalogue")


def require_catalogue_editor(user: Any) -> None:
    if user is not None and not may_edit_catalogue(user):
        raise PermissionDenied(_("Only the credit centre's staff edit the catalogue."))
