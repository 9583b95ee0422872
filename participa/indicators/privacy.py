"""A person's appointment as platform reviewer of assessments, in their export.

The appointment is a role, like a membership: it goes with the account. What reviewers and
municipal staff did on assessments is institutional and stays (see ``accounts.privacy``).
"""

from participa.core.features import Contributions
from participa.indicators.models import PlatformReviewer

contributions = Contributions()

contributions.add(
    "personal_data_rows",
    "indicator_reviewer",
    PlatformReviewer,
    "user_id",
    ("created_at",),
    on_erase="delete",
)
