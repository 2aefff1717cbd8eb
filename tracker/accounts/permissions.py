"""Who may see and do what: every page, admin screen, export, import and workflow step asks here.

A user's UserScope gives a role and a scope. Provinces are matched by code, so a
province officer keeps the province on every map edition. Superusers act as the
Ministry. A user with no scope sees nothing.

An assessment is asked about through its ward only: accounts sit below the packages
that ask them (assessments, imports, rounds, evidence), so nothing here imports those.
"""

from django.db.models import QuerySet

from tracker.accounts.models import Role, UserScope
from tracker.units.models import MapEdition, Province, Ward
from tracker.units.selectors import MapWard, WardOnMap, main_successor_ids, map_wards, ward_on_map

NATIONAL_ADMIN = UserScope(role=Role.NATIONAL)

# The role groups every screen asks. Who runs a province's programme: registers wards,
# carries them over, imports its workbooks, sets its due dates.
MANAGING_ROLES = (Role.NATIONAL, Role.PROVINCE)
# Who reads the import batches (within their scope): the managers and the viewers.
IMPORT_READING_ROLES = (*MANAGING_ROLES, Role.VIEWER)


def user_scope(user) -> UserScope | None:
    """The user's scope, read once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if not hasattr(user, "_tracker_scope"):
        if user.is_superuser:
            user._tracker_scope = NATIONAL_ADMIN
        else:
            user._tracker_scope = (
                UserScope.objects.select_related("province", "ward").filter(user=user).first()
            )
    return user._tracker_scope


def scope_ward_ids(scope: UserScope) -> frozenset[int]:
    """A ward account's ward and, across a map change, the phường that succeeds it.

    A ward split between several new units follows its main successor only
    (UnitSuccession.is_main). Read once per request (cached on the scope).
    """
    if not hasattr(scope, "_ward_ids"):
        scope._ward_ids = frozenset({scope.ward_id, *main_successor_ids(scope.ward_id)})
    return scope._ward_ids


def scope_wards(scope: UserScope) -> list[MapWard]:
    """A ward account's wards (scope_ward_ids) with their codes and maps; read once per
    request (cached on the scope, and kept with it: tracker.reports.kept.scope_prefetch)."""
    if not hasattr(scope, "_wards"):
        scope._wards = map_wards(scope_ward_ids(scope))
    return scope._wards


def scope_ward_on(scope: UserScope, edition: MapEdition) -> WardOnMap | None:
    """The ward a ward account sees on a map: its own on its own map, its main successor
    on a later one (tracker.units.selectors.ward_on_map). None for other accounts."""
    if scope is None or not scope.ward_id:
        return None
    return ward_on_map(own_id=scope.ward_id, wards=scope_wards(scope), edition=edition)


def _writer(scope: UserScope | None) -> bool:
    return scope is not None and not scope.read_only


def user_is_national(user) -> bool:
    """Sees every province: the Ministry and national viewers."""
    scope = user_scope(user)
    return scope is not None and scope.national


def user_is_national_admin(user) -> bool:
    scope = user_scope(user)
    return scope is not None and scope.role == Role.NATIONAL


def user_is_manager(user) -> bool:
    """Has a managing role (MANAGING_ROLES); each province is checked where it is named."""
    scope = user_scope(user)
    return scope is not None and scope.role in MANAGING_ROLES


def user_can_view_imports(user) -> bool:
    scope = user_scope(user)
    return scope is not None and scope.role in IMPORT_READING_ROLES


def user_can_view_province(*, user, province: Province) -> bool:
    scope = user_scope(user)
    if scope is None or scope.ward_id:
        return False
    return scope.national or scope.province.code == province.code


def user_can_view_ward(*, user, ward: Ward) -> bool:
    scope = user_scope(user)
    if scope is None:
        return False
    if scope.ward_id:
        return ward.pk in scope_ward_ids(scope)
    return scope.national or scope.province.code == ward.province.code


def user_can_edit_assessment(*, user, assessment) -> bool:
    """May the user change the criterion results of this assessment?"""
    return _writer(user_scope(user)) and user_can_view_ward(user=user, ward=assessment.ward)


def user_can_manage_province(*, user, province: Province) -> bool:
    """May the user manage the province's programme: register wards, carry them over to the
    new map, hand out and import its workbooks? The Ministry and the province's own police."""
    scope = user_scope(user)
    return (
        _writer(scope)
        and scope.role in MANAGING_ROLES
        and user_can_view_province(user=user, province=province)
    )


def user_can_propose(*, user, assessment) -> bool:
    scope = user_scope(user)
    return (
        scope is not None
        and scope.role == Role.WARD
        and assessment.ward_id in scope_ward_ids(scope)
    )


def user_can_review(*, user, assessment) -> bool:
    scope = user_scope(user)
    return (
        scope is not None
        and scope.role == Role.PROVINCE
        and scope.province.code == assessment.ward.province.code
    )


def user_can_decide(*, user, assessment) -> bool:
    return user_is_national_admin(user)


def visible_provinces(*, user, queryset: QuerySet, prefix: str = "") -> QuerySet:
    """Filter any queryset reaching a Province through `prefix` ("" for Province itself)."""
    scope = user_scope(user)
    if scope is None or scope.ward_id:
        return queryset.none()
    if scope.national:
        return queryset
    return queryset.filter(**{f"{prefix}code": scope.province.code})


def visible_wards(*, user, queryset: QuerySet, prefix: str = "") -> QuerySet:
    """Filter any queryset reaching a Ward through `prefix` ("" for Ward itself)."""
    scope = user_scope(user)
    if scope is None:
        return queryset.none()
    if scope.ward_id:
        return queryset.filter(**{f"{prefix}pk__in": scope_ward_ids(scope)})
    if scope.national:
        return queryset
    return queryset.filter(**{f"{prefix}province__code": scope.province.code})


def visible_assessments(*, user, queryset: QuerySet, prefix: str = "") -> QuerySet:
    return visible_wards(user=user, queryset=queryset, prefix=f"{prefix}ward__")
