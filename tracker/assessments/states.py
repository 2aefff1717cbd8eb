"""The workflow's states: where an assessment stands, read from its status and forwarding.

Each state is written once, as a test on one assessment and, where lists ask it, as a
filter on many: the workflow's steps (tracker.assessments.workflow), the results' lock
(tracker.assessments.locks), the work list and the official documents all read it here.
"""

from django.db.models import Q

from tracker.assessments.models import AssessmentStatus

# The statuses a province may give while building; recognition is the workflow's.
BUILDING_STATUSES = (AssessmentStatus.REGISTERED, AssessmentStatus.BUILDING)
# The Ministry has decided: the results are locked for everyone until it reopens.
DECIDED = (AssessmentStatus.RECOGNIZED, AssessmentStatus.REFUSED)

# Proposed by the ward, not yet forwarded: the province reviews it.
AWAITING_REVIEW = Q(status=AssessmentStatus.PROPOSED, forwarded_at__isnull=True)
# Forwarded by the province: the Ministry decides.
AWAITING_DECISION = Q(status=AssessmentStatus.PROPOSED, forwarded_at__isnull=False)
# Forwarded, or decided by the Ministry: a year's proposal lists them all, a decided ward
# staying with its decision after the Ministry has answered.
FORWARDED_OR_DECIDED = AWAITING_DECISION | Q(status__in=DECIDED)
# Proposed by the ward (reviewed or forwarded), or decided: a province's dossier of the year.
PROPOSED_OR_DECIDED = Q(status=AssessmentStatus.PROPOSED) | Q(status__in=DECIDED)


def building(a) -> bool:
    return a.status in BUILDING_STATUSES


def awaiting_review(a) -> bool:
    return a.status == AssessmentStatus.PROPOSED and not a.forwarded_at


def awaiting_decision(a) -> bool:
    return a.status == AssessmentStatus.PROPOSED and bool(a.forwarded_at)


def decided(a) -> bool:
    return a.status in DECIDED


def awaiting_answer(a) -> bool:
    """Returned (or reopened) with a note the ward has not yet answered by proposing again."""
    return a.status in BUILDING_STATUSES and bool(a.review_note)
