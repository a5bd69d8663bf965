"""Stored time limits become clock settings; open matters keep their deadlines and learn which clock runs.

The old ``casework.TimeLimit`` kept days per (kind of matter, status). Each such pair maps to one declared clock;
a stored value that differs from what was then the default is kept as the city office's setting (with the reason
"carried over"). Open matters keep ``due_at`` exactly as it is; they get the key of their status's clock so that
queues, 我的办件 and "cited by" counts see them (no start time: their deadline is never recomputed).
"""

from django.db import migrations

#: (kind, status) → (clock key, the default days then in force, the default fast-track days)
OLD_LIMITS = {
    ("suggestions.suggestion", "registered"): ("suggestions.accept", 5, 1),
    ("suggestions.suggestion", "accepted"): ("suggestions.route", 5, 1),
    ("suggestions.suggestion", "routed"): ("suggestions.answer", 60, 15),
    ("suggestions.suggestion", "handling"): ("suggestions.answer", 60, 15),
    ("suggestions.suggestion", "replied"): ("suggestions.close", 30, 10),
    ("hotline.ticket", "registered"): ("hotline.dispatch", 1, 1),
    ("hotline.ticket", "dispatched"): ("hotline.handle", 5, 1),
    ("hotline.ticket", "reopened"): ("hotline.handle", 5, 1),
    ("consultation.comment", "pending"): ("consultation.moderate", 3, 1),
}

MATTERS = (("suggestions", "Suggestion"), ("hotline", "Ticket"), ("consultation", "Comment"))


def forwards(apps, schema_editor):
    TimeLimit = apps.get_model("casework", "TimeLimit")
    ClockSetting = apps.get_model("workflow", "ClockSetting")
    for limit in TimeLimit.objects.all():
        target = OLD_LIMITS.get((limit.kind, limit.step))
        if target is None:
            continue
        key, days, emergency_days = target
        emergency = limit.emergency_days if limit.emergency_days != emergency_days else None
        if limit.days == days and emergency is None:
            continue
        ClockSetting.objects.update_or_create(
            key=key,
            defaults={"amount": limit.days, "emergency_amount": emergency, "reason": "carried over from time limits"},
        )
    for app_label, model_name in MATTERS:
        model = apps.get_model(app_label, model_name)
        kind = f"{app_label}.{model_name.lower()}"
        for (matter_kind, status), (key, _days, _emergency) in OLD_LIMITS.items():
            if matter_kind == kind:
                model.objects.filter(closed_at__isnull=True, due_at__isnull=False, status=status).update(clock=key)


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0001_initial"),
        ("casework", "0001_initial"),
        ("suggestions", "0003_suggestion_clock"),
        ("hotline", "0004_ticket_clock"),
        ("consultation", "0002_comment_clock"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
