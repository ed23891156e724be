"""Where the window keeps its preferences: one QSettings per user.

Tests and the start-up benchmark redirect it with ``QSettings.setDefaultFormat``
and ``QSettings.setPath`` so they never touch the real user's settings.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANIZATION = "Counteroffer"
APPLICATION = "Counteroffer"


def app_settings() -> QSettings:
    """The user's settings for Counteroffer, in the default format."""
    return QSettings(
        QSettings.defaultFormat(),
        QSettings.Scope.UserScope,
        ORGANIZATION,
        APPLICATION,
    )
