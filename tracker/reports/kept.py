"""What report pages keep between requests, each part under the data versions it depends on.

The versions (tracker.data_version) are read once per request, in one query.
A part of a page kept under them is never older than the committed data: a
write bumps the version of the province it touched (or the shared one), which
changes the keys of exactly the parts that read that province. Nothing is kept
before the first write (no shared version yet), from inside a transaction
(whose data may still be rolled back), or when TRACKER_REPORT_CACHE_SECONDS
is 0. The rendered pages go to the "reports" cache, the smaller parts (the
programme years, a user's scope, the navigation's count, the overview's rows)
to "report_parts": the per-process memory, or Redis shared by every app server
when REDIS_URL is set (tracker.settings).
"""

from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from tracker.conf import setting
from tracker.data_version import Versions, data_versions

PARTS = "report_parts"
_MISSING = object()


def request_versions(request) -> Versions:
    """The data versions, read once per request."""
    found = getattr(request, "_tracker_versions", None)
    if found is None:
        found = request._tracker_versions = data_versions()
    return found


def keep_seconds(request) -> int:
    """How long what this request computes may be kept; 0 when it may not be."""
    seconds = setting("TRACKER_REPORT_CACHE_SECONDS")
    if not seconds or connection.in_atomic_block:
        return 0
    if request_versions(request).shared is None:
        return 0
    return seconds


def kept(request, key: str, compute, depends):
    """compute(), or what it returned for the same key under the same versions.

    depends(request) gives the versions' part of the key (shared_depends, everything, ...);
    neither it nor the versions are read when nothing may be kept.
    """
    seconds = keep_seconds(request)
    if not seconds:
        return compute()
    cache = caches[PARTS]
    full_key = f"{key}@{depends(request)}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(full_key, value, seconds)
    return value


def kept_many(request, keys: dict, compute_missing, seconds: int | None = None) -> dict:
    """{name: value} for keys {name: full key}, computing the missing ones in one call.

    compute_missing(names) returns {name: value} for the names it was given.
    """
    seconds = keep_seconds(request) if seconds is None else seconds
    if not seconds:
        return compute_missing(list(keys))
    cache = caches[PARTS]
    found = cache.get_many(list(keys.values()))
    values = {name: found[key] for name, key in keys.items() if key in found}
    missing = [name for name in keys if name not in values]
    if missing:
        computed = compute_missing(missing)
        cache.set_many({keys[name]: computed[name] for name in missing}, seconds)
        values.update(computed)
    return values


def shared_depends(request) -> str:
    """The key part of what reads only shared data (units, criteria, targets, the round)."""
    return str(request_versions(request).shared)


def everything(request) -> str:
    """The key part of what reads every province."""
    return request_versions(request).everything


def province_ids_by_code(request) -> dict[str, list[int]]:
    """Every province's ids by code: a province is the same on every map edition."""
    from tracker.units.models import Province

    def compute():
        found: dict[str, list[int]] = {}
        for pk, code in Province.objects.order_by("pk").values_list("pk", "code"):
            found.setdefault(code, []).append(pk)
        return found

    return kept(request, "province-ids", compute, shared_depends)


def province_depends(request, code: str) -> str:
    """The key part of what reads one province (by code, on every map) and shared data."""
    ids = province_ids_by_code(request).get(code, [])
    return request_versions(request).of_many(ids)


def today_key() -> str:
    """Late days count to today: what shows them is not kept into another day."""
    return timezone.localdate().isoformat()


def report_cache_context(request, depends) -> dict:
    """What a report page's {% cache %} block is keyed by: its versions, and how long it keeps.

    depends() gives the versions' key part; not asked when nothing is kept.
    """
    seconds = keep_seconds(request)
    return {
        "cache_seconds": seconds,
        "data_version": depends() if seconds else "",
        "cache_day": today_key(),
    }


def scope_prefetch(request) -> None:
    """The user's scope (tracker.accounts.permissions.user_scope) from what is kept, if it is.

    Accounts are shared data: a change to any scope makes every one read again.
    A ward account's wards (with their codes and maps) and the codes of their provinces
    are kept with it.
    """
    from tracker.accounts.models import UserScope
    from tracker.accounts.permissions import scope_wards

    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.is_superuser:
        return
    if hasattr(user, "_tracker_scope"):
        return

    def compute():
        scope = UserScope.objects.select_related("province", "ward").filter(user=user).first()
        if scope is not None and scope.ward_id:
            # The navigation's "Phường của tôi" reads them too, without a query.
            scope._province_codes = sorted({w.province_code for w in scope_wards(scope)})
        return scope

    user._tracker_scope = kept(request, f"scope:{user.pk}", compute, shared_depends)


def work_count(request) -> int:
    """The navigation's count of the user's work list, kept under the versions it reads."""
    from tracker.accounts.permissions import user_scope
    from tracker.rounds.worklist import work_list

    scope_prefetch(request)
    scope = user_scope(request.user)
    if scope is None or scope.read_only:
        return 0

    def depends(request) -> str:
        if scope.national:
            return everything(request)
        codes = getattr(scope, "_province_codes", None) or [scope.province.code]
        by_code = province_ids_by_code(request)
        return request_versions(request).of_many(
            [pk for code in codes for pk in by_code.get(code, [])]
        )

    return kept(
        request,
        f"work-count:{request.user.pk}:{today_key()}",
        lambda: work_list(request.user).count,
        depends,
    )


def national_rows(request, *, year: int, edition) -> list:
    """The overview's rows (tracker.reports.progress.national_progress), one kept per province.

    A write in one province makes only that province's row computed again.
    """
    from tracker.reports.progress import national_progress
    from tracker.units.models import Province

    if not keep_seconds(request):
        return national_progress(year=year, edition=edition)
    codes = kept(
        request,
        f"edition-provinces:{edition.pk}",
        lambda: dict(Province.objects.filter(edition=edition).values_list("pk", "code")),
        shared_depends,
    )
    versions, by_code = request_versions(request), province_ids_by_code(request)
    keys = {
        pk: f"overview-row:{year}:{edition.pk}:{pk}:{today_key()}"
        f"@{versions.of_many(by_code.get(code, [pk]))}"
        for pk, code in codes.items()
    }

    def compute(missing: list[int]) -> dict:
        every = len(missing) == len(keys)
        rows = national_progress(
            year=year, edition=edition, province_ids=None if every else missing
        )
        return {row.province_id: row for row in rows}

    rows = kept_many(request, keys, compute)
    return sorted(rows.values(), key=lambda r: r.code)
