"""Typed access to QSettings: the defaults dict is also the schema, so a typo fails loudly."""

from PySide6.QtCore import QByteArray, QSettings

DEFAULTS: dict[str, object] = {
    "solver/time_limit_s": 30.0,
    "window/geometry": QByteArray(),
    "window/state": QByteArray(),
    "files/recent": [],
    "plan/live_replan": True,
}
MAX_RECENT_FILES = 8


def read(settings: QSettings, key: str) -> object:
    default = DEFAULTS[key]  # KeyError on a typo, on purpose
    value = settings.value(key, default)
    if isinstance(default, list):
        if value is None:
            return []
        return [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    if isinstance(default, bool):  # an INI file gives back "true" or "false"
        return value in (True, "true")
    if isinstance(default, float):
        return float(value)  # type: ignore[arg-type]
    return value


def write(settings: QSettings, key: str, value: object) -> None:
    if key not in DEFAULTS:
        raise KeyError(f"unknown setting {key!r}")
    settings.setValue(key, value)


def remember_file(settings: QSettings, path: str) -> list[str]:
    recent = [p for p in read(settings, "files/recent") if p != path]  # type: ignore[attr-defined]
    recent = [path, *recent][:MAX_RECENT_FILES]
    write(settings, "files/recent", recent)
    return recent
