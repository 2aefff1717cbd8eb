"""Who may do what on the pages; one function per right, so scoping can be added in one place."""

from tracker.models import Assessment


def user_can_edit_assessment(*, user, assessment: Assessment) -> bool:
    """May the user change the criterion results of this assessment?

    Today the model permission alone decides; scoping to the user's province
    or ward is to be added here.
    """
    return user.is_authenticated and user.has_perm("tracker.change_criterionresult")
