"""The most recently opened workspaces, newest first, kept in the settings."""

from __future__ import annotations

from pathlib import Path

from desktop.settings import app_settings

MAX_RECENT = 8
_GROUP = "recent_files"
_KEY = "path"


class RecentFiles:
    """A short list of workspace paths that survives restarts."""

    def paths(self) -> list[Path]:
        """The remembered paths, newest first."""
        settings = app_settings()
        count = settings.beginReadArray(_GROUP)
        found = []
        for index in range(count):
            settings.setArrayIndex(index)
            value = settings.value(_KEY)
            if isinstance(value, str) and value:
                found.append(Path(value))
        settings.endArray()
        return found[:MAX_RECENT]

    def add(self, path: Path) -> None:
        """Put ``path`` first, dropping any older mention and the oldest entries."""
        target = path.resolve()
        kept = [known for known in self.paths() if known != target]
        self._store([target, *kept])

    def remove(self, path: Path) -> None:
        """Forget one path."""
        target = path.resolve()
        self._store([known for known in self.paths() if known != target])

    def clear(self) -> None:
        """Forget every path."""
        self._store([])

    def _store(self, paths: list[Path]) -> None:
        settings = app_settings()
        settings.remove(_GROUP)
        settings.beginWriteArray(_GROUP, min(len(paths), MAX_RECENT))
        for index, path in enumerate(paths[:MAX_RECENT]):
            settings.setArrayIndex(index)
            settings.setValue(_KEY, str(path))
        settings.endArray()
        settings.sync()
