"""What publicity tells the modules above it (credit takes published decisions as records, 双公示). Sent inside
the publication's transaction: a receiver that fails rolls the publication back."""

import django.dispatch

#: A decision was published or its publication updated (``decision=``, ``created=``).
decision_published = django.dispatch.Signal()

#: A published decision was withdrawn because it was changed, revoked, found unlawful or void (``decision=``,
#: ``reason=``): 上海市社会信用条例 第三十七条 has the record taken from it deleted.
decision_withdrawn = django.dispatch.Signal()

#: A batch of new decisions was imported (``decisions=``: the list, with their primary keys): receivers take them in
#: bulk. An updated decision of an import is sent singly as ``decision_published``.
decisions_imported = django.dispatch.Signal()
