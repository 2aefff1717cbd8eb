"""What each log record says about the request it comes from (settings.LOGGING).

Django's request logger passes the request with a failing or refused request's record;
this filter adds its path and the id of the user who made it ("-" when there is no
request or nobody is logged in), so a traceback on standard error or in the
administrators' mail can be matched with the user who saw the error.
"""

import logging


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.path = getattr(request, "path", None) or "-"
        record.user_id = "-"
        try:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                record.user_id = user.pk
        except Exception:  # a log line must not fail for want of the user
            pass
        return True
