"""Signals other modules listen to, so that casework need not know them."""

from django.dispatch import Signal

#: Sent inside the transaction when a matter reaches one of its closed statuses (not when a closed one is saved
#: again). Arguments: ``sender`` (the matter's model), ``matter``, ``actor`` (the user who closed it, or None).
matter_closed = Signal()
