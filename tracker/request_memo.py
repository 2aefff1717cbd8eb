"""Lookups read once per page view: a GET (or HEAD) request asks them again for free.

A report page asks a few small lookups from parts that do not share a caller (the year's
due dates: the navigation's work list, the round's figures and the due date form each
want them). Within one request that only reads, the answer cannot change, so the first
one is remembered until the response is returned. Requests that write (POST and the
others), management commands and tests outside a request remember nothing: there a
lookup reads the database each time, as without this module.

A memoized function must return what its callers only read (they share the one answer)
and take hashable arguments.
"""

import functools
from contextvars import ContextVar

_memo: ContextVar[dict | None] = ContextVar("tracker_request_memo", default=None)

READING = ("GET", "HEAD")


def once_per_request(function):
    """function(...) read once per reading request, by its arguments."""

    @functools.wraps(function)
    def memoized(*args, **kwargs):
        memo = _memo.get()
        if memo is None:
            return function(*args, **kwargs)
        key = (function, args, tuple(sorted(kwargs.items())))
        if key not in memo:
            memo[key] = function(*args, **kwargs)
        return memo[key]

    return memoized


class RequestMemoMiddleware:
    """Opens the memo of a reading request, and drops it when its response is returned."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in READING:
            return self.get_response(request)
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
