"""Every status of every kind of record, with the Chinese label people read, checked against the legal terms.

Issue #20 (1): one English msgid ("closed", "accepted") served different meanings across modules, so accepting a
suggestion (受理) read 「已采纳」 and a closed ticket 「已截止」. Status labels now carry a context per kind
(``pgettext_lazy("ticket status", "closed")``); this test reads them through the real catalogue and fails when

- a status of some kind is not in the table below (a new status needs its meaning reviewed here);
- two statuses of one kind read the same;
- one Chinese label stands for two different meanings anywhere on the platform;
- a label uses a legal term (受理, 办理, 办结, 答复, 采纳, 转化, …) for a meaning the law does not give it:
  上海市人民建议征集若干规定 第十一条 登记、受理、转送、办理, 第十二条 反馈 (答复), 第十三条 转化; the hotline's
  办结 after the citizen's confirmation; 采纳 for comments on drafts (立法法 第四十条, 重大行政决策程序暂行条例
  第三十二条 — 意见采纳情况); a progress report is reviewed (审核), not 采纳.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pytest
from django.apps import apps
from django.utils import translation

from fazhi.suggestions.choices import SolicitationState
from fazhi.supervision.choices import OVERDUE
from fazhi.supervision.models import Task

#: Kind → status value → meaning. Statuses of different kinds may share a label only if they share a meaning.
PENALTY_CASE_MEANINGS = {
    "filed": "penalty case filed under investigation",
    "investigated": "penalty case investigated",
    "notified": "party notified of the intended penalty",
    "hearing_requested": "hearing requested",
    "hearing_scheduled": "hearing scheduled",
    "heard": "hearing held",
    "decided": "penalty decided awaiting service",
    "served": "penalty decision served awaiting performance",
    "reminded": "reminded to perform",
    "enforcing": "court enforcement applied for",
    "performed": "penalty performed",
    "closed": "penalty case closed and archived",
}

MEANINGS: dict[str, dict[str, str]] = {
    "suggestions.suggestion.status": {
        "registered": "registered",
        "accepted": "accepted for handling",
        "routed": "routed",
        "handling": "being handled",
        "replied": "answered",
        "closed": "handling concluded",
        "declined": "not accepted for handling",
    },
    "suggestions.suggestion.moderation": {
        "pending": "awaiting moderation",
        "approved": "published after moderation",
        "rejected": "not published",
    },
    "suggestions.solicitation.state": {
        "draft": "draft",
        "upcoming": "not open yet",
        "open": "collecting",
        "closed": "collection ended",
    },
    "hotline.ticket.status": {
        "registered": "registered awaiting dispatch",
        "dispatched": "dispatched",
        "replied": "answered awaiting confirmation",
        "reopened": "handled again",
        "closed": "handling concluded",
        "unconfirmed": "handling concluded without confirmation",
        "merged": "merged",
    },
    "penalties.penaltycase.status": PENALTY_CASE_MEANINGS,
    "penalties.caseevent.status": PENALTY_CASE_MEANINGS,  # a step records the case's status
    # 公示规定 第十三条 停止公示, 行政处罚法 第四十八条 撤回; 第十二条 更正 (a request answered: corrected or not)
    "publicity.publisheddecision.status": {
        "published": "published and searchable",
        "expired": "publication period ended",
        "withdrawn": "publication withdrawn",
    },
    # 上海市城市管理行政执法条例 第二十六条: 核查, 告知举报人, 移送
    "enforcement.enforcementreport.status": {
        "submitted": "report received being checked",
        "transferred": "report transferred to the competent body",
        "answered": "report result told to the reporter",
    },
    "publicity.correctionrequest.status": {
        "submitted": "correction requested awaiting answer",
        "corrected": "corrected",
        "declined": "not corrected",
    },
    "consultation.consultation.status": {
        "draft": "in preparation",
        "open": "open for comments",
        "closed": "comment period ended",
        "feedback": "adoption feedback published",
    },
    "consultation.comment.status": {
        "pending": "received awaiting moderation",
        "approved": "published",
        "rejected": "not published",
        "adopted": "adopted",
        "partly": "partly adopted",
        "not_adopted": "not adopted",
        "answered": "adoption feedback given",
    },
    "consultation.comment.moderation": {
        "pending": "awaiting moderation",
        "approved": "published after moderation",
        "rejected": "not published",
    },
    "surveys.survey.status": {"draft": "draft", "open": "open for answers", "closed": "survey ended"},
    "supervision.task.status": {
        "planned": "not started",
        "in_progress": "in progress",
        "done": "completed",
        OVERDUE: "overdue",
    },
    "supervision.progressreport.status": {
        "submitted": "submitted for review",
        "accepted": "passed review",
        "returned": "returned for revision",
    },
    "supervision.supervisionnotice.status": {"issued": "awaiting reply", "replied": "replied"},
    "laws.version.status": {
        "current": "in force",
        "superseded": "amended",
        "repealed": "repealed",
        "not_yet": "not yet in force",
        "unknown": "unknown",
    },
    "laws.citation.status": {"FOUND": "found", "NOT_FOUND": "not found", "AMBIGUOUS": "ambiguous"},
    # 上海市社会信用条例 第十条 (a catalogue drafted, put out for comment, published), 第三十五条 (five years'
    # query), 第三十六条 (异议: marked, corrected or transferred), 第三十七条 (deleted), 第三十八条 (修复)
    "credit.catalogue.status": {
        "draft": "draft",
        "consultation": "open for comments",
        "published": "in force",
        "superseded": "amended",
    },
    "credit.creditrecord.status": {
        "active": "on record",
        "repaired": "repaired and withdrawn from public view",
        "expired": "query period ended",
        "deleted": "deleted",
    },
    "credit.objection.status": {
        "submitted": "objection received awaiting mark",
        "marked": "marked as under objection",
        "transferred": "objection transferred to the provider",
        "corrected": "corrected",
        "upheld": "not corrected",
    },
    "credit.repairapplication.status": {
        "submitted": "repair applied for awaiting review",
        "confirmed": "repair confirmed by the provider",
        "repaired": "repair completed",
        "refused": "repair refused",
    },
}

#: A legal term → the meanings a status label may use it for. A label containing the term for any other meaning
#: fails (「已采纳」 for an accepted suggestion or a reviewed report, 「已截止」 for a concluded matter).
TERMS: dict[str, set[str]] = {
    "受理": {"accepted for handling", "not accepted for handling"},
    "办理": {"being handled", "handled again", "routed"},  # 办理单位: the organisation that handles it (第十一条)
    "办结": {"handling concluded", "handling concluded without confirmation"},
    "答复": {"answered", "answered awaiting confirmation"},
    "采纳": {"adopted", "partly adopted", "not adopted", "adoption feedback published", "adoption feedback given"},
    "转化": set(),  # a conversion (第十三条) is a record of its own, never a status
    "截止": set(),  # a deadline passing is not a status: periods 结束, matters 办结
}

STATUS_FIELDS = ("status", "moderation")


def _kinds() -> dict[str, dict[str, Any]]:
    """Every status field with choices on the platform's models, plus the derived states shown like statuses."""
    kinds: dict[str, dict[str, Any]] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("fazhi."):
            continue
        for field in model._meta.get_fields():
            if getattr(field, "name", None) in STATUS_FIELDS and getattr(field, "choices", None):
                kinds[f"{model._meta.label_lower}.{field.name}"] = dict(field.flatchoices)
    kinds["suggestions.solicitation.state"] = dict(SolicitationState.choices)
    kinds["supervision.task.status"][OVERDUE] = _overdue_label()
    return kinds


def _overdue_label() -> Any:
    return Task(status="in_progress", deadline=dt.date(2000, 1, 1)).get_display_status()


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def _chinese() -> dict[str, dict[str, str]]:
    with translation.override("zh-hans"):
        return {kind: {value: str(label) for value, label in labels.items()} for kind, labels in _kinds().items()}


def test_every_status_has_a_reviewed_meaning():
    kinds = _kinds()
    assert {kind: sorted(labels) for kind, labels in kinds.items()} == {
        kind: sorted(meanings) for kind, meanings in MEANINGS.items()
    }


@pytest.mark.parametrize("kind", sorted(MEANINGS))
def test_statuses_of_one_kind_read_differently(kind):
    labels = _chinese()[kind]
    by_label: dict[str, list[str]] = defaultdict(list)
    for value, label in labels.items():
        by_label[label].append(value)
    assert {label: values for label, values in by_label.items() if len(values) > 1} == {}
    untranslated = {value: label for value, label in labels.items() if not _has_chinese(label)}
    assert untranslated == {}, "every status reads in Chinese"


def test_one_label_one_meaning_across_the_platform():
    meanings_of: dict[str, set[str]] = defaultdict(set)
    where: dict[str, list[str]] = defaultdict(list)
    for kind, labels in _chinese().items():
        for value, label in labels.items():
            meanings_of[label].add(MEANINGS[kind][value])
            where[label].append(f"{kind}={value}")
    shared = {label: sorted(where[label]) for label, meanings in meanings_of.items() if len(meanings) > 1}
    assert shared == {}


def test_legal_terms_only_for_their_meaning():
    wrong = []
    for kind, labels in _chinese().items():
        for value, label in labels.items():
            meaning = MEANINGS[kind][value]
            for term, allowed in TERMS.items():
                if term in label and meaning not in allowed:
                    wrong.append(f"{kind}={value} 「{label}」 uses {term} for “{meaning}”")
    assert wrong == []


def test_the_reported_cases():
    """The words of the issue: accepting a suggestion is 受理, a closed ticket or suggestion is 办结."""
    chinese = _chinese()
    assert chinese["suggestions.suggestion.status"]["accepted"] == "已受理"
    assert chinese["suggestions.suggestion.status"]["closed"] == "已办结"
    assert chinese["hotline.ticket.status"]["closed"] == "已办结"
    assert "采纳" not in chinese["supervision.progressreport.status"]["accepted"]
