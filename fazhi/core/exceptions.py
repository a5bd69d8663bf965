"""Exceptions services raise that pages and the API both answer the same way."""

from __future__ import annotations


class NotAcceptable(Exception):
    """The Accept header names no type the resource is offered in: 406 with this message (which says which are)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TooManyRequests(Exception):
    """A rate limit was reached: 429 with this message (page: core/middleware.py; API: core/drf.py)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
