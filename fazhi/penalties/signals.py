"""What a penalty case tells other modules (publicity publishes and withdraws decisions on these; the integrator
connects them). Both are sent inside the step's transaction: a receiver that fails rolls the step back, and one
that only wants committed data uses ``transaction.on_commit``."""

import django.dispatch

#: A decision was recorded — to punish, or not to punish (an exemption is a decision too). ``case=``.
decision_made = django.dispatch.Signal()

#: A recorded decision was altered or revoked (复议/诉讼 outcome, or the body's own correction). ``case=``,
#: ``reason=`` (the text to publish with the withdrawal, 行政处罚法 第四十八条第二款).
decision_changed = django.dispatch.Signal()
