"""The moderation tests act on the comment tests' world and reuse its fixtures."""

from tests.comments.conftest import *  # noqa: F403 - fixtures
from tests.comments.conftest import _request_context  # noqa: F401 - an autouse fixture
