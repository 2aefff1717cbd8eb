"""A fixed clock for the tests that depend on today's date, so the suite gives the same result
at any hour: time-machine's travel, standing still (tick=False), through the `clock` fixture.

Vietnam is 7 hours ahead of UTC: from 17:00 to 24:00 UTC the local day is already the next
one. The two moments below sit on both sides of local midnight on the same UTC day.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
# 23:30 local (16:30 UTC) on 5 December, and 00:30 local (17:30 UTC, still 5 December in UTC)
# on 6 December.
BEFORE_MIDNIGHT = datetime.datetime(2026, 12, 5, 23, 30, tzinfo=LOCAL)
AFTER_MIDNIGHT = datetime.datetime(2026, 12, 6, 0, 30, tzinfo=LOCAL)
# A test run at each: @BOTH_SIDES_OF_MIDNIGHT and a `moment` argument.
BOTH_SIDES_OF_MIDNIGHT = pytest.mark.parametrize(
    "moment", [BEFORE_MIDNIGHT, AFTER_MIDNIGHT], ids=["23h30-local", "00h30-local"]
)
