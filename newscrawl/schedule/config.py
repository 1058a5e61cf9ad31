"""The schedule file: which sites to crawl, when, and with which settings.

TOML (always) or YAML (when PyYAML is installed), the same structure in both::

    [scheduler]                 # optional; every key has a default
    lock_ttl = "10m"

    [[sites]]
    name = "valuewalk"
    spider = "valuewalk"        # a spider bound to a site profile
    interval = "15m"

    [[sites]]
    name = "ledger"
    start_urls = ["https://ledger.example/robots.txt"]
    cron = "*/30 6-22 * * mon-fri"
    settings = { DEPTH_LIMIT = 2 }

:func:`load_config` reads and validates a file and reports *every* problem at once, each
naming the file, the site and the field, so that a typo does not cost one run per mistake.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newscrawl.schedule.cron import CronError, CronExpression
from newscrawl.schedule.timing import (
    CronTrigger,
    DurationError,
    IntervalTrigger,
    Trigger,
    parse_duration,
)

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 (pyproject pulls in tomli)
    import tomli as tomllib  # type: ignore[no-redef]

__all__ = ["ConfigError", "ScheduleConfig", "SchedulerOptions", "SiteConfig", "load_config"]

DEFAULT_SPIDER = "news"

SITE_KEYS = frozenset(
    {
        "name",
        "spider",
        "start_urls",
        "profile",
        "interval",
        "cron",
        "timezone",
        "run_at_start",
        "settings",
        "args",
        "enabled",
    }
)
SCHEDULER_KEYS = frozenset(
    {
        "database_url",
        "lock_ttl",
        "shutdown_timeout",
        "poll_interval",
        "backoff_after",
        "backoff_base",
        "backoff_max",
        "timezone",
        "workdir",
        "log_dir",
        "max_concurrent",
        "settings",
    }
)
TOP_KEYS = frozenset({"scheduler", "sites"})

_NAME = re.compile(r"^[A-Za-z0-9][\w.-]*$")
_SPIDER = re.compile(r"^[A-Za-z_][\w-]*$")
_SETTING = re.compile(r"^[A-Z][A-Z0-9_]*$")
_ARGUMENT = re.compile(r"^[A-Za-z_]\w*$")


class ConfigError(ValueError):
    """A schedule file that cannot be used; the message lists every problem found."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"invalid schedule file {self.path}:\n{lines}")


@dataclass(frozen=True)
class SiteConfig:
    """One scheduled site."""

    name: str
    trigger: Trigger
    spider: str = DEFAULT_SPIDER
    start_urls: tuple[str, ...] = ()
    profile: str | None = None
    settings: Mapping[str, str] = field(default_factory=dict)
    args: Mapping[str, str] = field(default_factory=dict)
    enabled: bool = True


@dataclass(frozen=True)
class SchedulerOptions:
    """Process-wide options (the ``[scheduler]`` table)."""

    database_url: str | None = None
    # A crawl holds its site's lock for this long unless renewed; renewed every third of it.
    lock_ttl: timedelta = timedelta(minutes=10)
    # How long a stopping scheduler waits for running crawls to finish after SIGTERM.
    shutdown_timeout: timedelta = timedelta(seconds=60)
    # How often running crawls are checked for completion.
    poll_interval: timedelta = timedelta(seconds=1)
    backoff_after: int = 3
    backoff_base: timedelta = timedelta(minutes=15)
    backoff_max: timedelta = timedelta(hours=6)
    workdir: Path | None = None
    log_dir: Path | None = None
    # At most this many crawls at once (None: no limit); due sites wait for a free slot.
    max_concurrent: int | None = None
    # Time zone of cron sites that name none of their own.
    timezone: str = "UTC"
    settings: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ScheduleConfig:
    """A validated schedule file."""

    path: Path
    sites: tuple[SiteConfig, ...]
    options: SchedulerOptions = field(default_factory=SchedulerOptions)

    @property
    def enabled_sites(self) -> tuple[SiteConfig, ...]:
        """The sites that are not ``enabled = false``."""
        return tuple(site for site in self.sites if site.enabled)


def load_config(path: str | Path) -> ScheduleConfig:
    """Read and validate the schedule file at ``path`` (``.toml``, ``.yaml`` or ``.yml``)."""
    path = Path(path)
    data = _read_document(path)
    return parse_config(data, path)


def parse_config(data: Any, path: Path) -> ScheduleConfig:
    """Validate an already-parsed document; ``path`` names it in messages and anchors
    relative paths."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ConfigError(path, ["the file must hold a table/mapping with a 'sites' list"])
    for key in sorted(set(data) - TOP_KEYS):
        problems.append(f"unknown top-level key {key!r} (expected 'scheduler' and 'sites')")
    options = _parse_options(data.get("scheduler", {}), path.parent, problems)
    sites = _parse_sites(data.get("sites"), options, problems)
    if problems:
        raise ConfigError(path, problems)
    return ScheduleConfig(path=path, sites=tuple(sites), options=options)


def _read_document(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(path, [f"cannot read the file: {error.strerror or error}"]) from error
    except UnicodeDecodeError as error:
        raise ConfigError(path, [f"the file is not UTF-8 text: {error}"]) from error
    if path.suffix.lower() in (".yaml", ".yml"):
        return _read_yaml(path, text)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, [f"not valid TOML: {error}"]) from error


def _read_yaml(path: Path, text: str) -> Any:
    try:
        import yaml
    except ModuleNotFoundError as error:
        raise ConfigError(
            path,
            [
                "YAML schedule files need PyYAML (pip install pyyaml); "
                "or write the same structure as TOML (see docs/scheduling.md)"
            ],
        ) from error
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(path, [f"not valid YAML: {error}"]) from error


# --- [scheduler] ---------------------------------------------------------------------------


def _parse_options(raw: Any, base: Path, problems: list[str]) -> SchedulerOptions:
    if not isinstance(raw, dict):
        problems.append("'scheduler' must be a table")
        return SchedulerOptions()
    where = "[scheduler]"
    for key in sorted(set(raw) - SCHEDULER_KEYS):
        allowed = ", ".join(sorted(SCHEDULER_KEYS))
        problems.append(f"{where}: unknown key {key!r} (allowed: {allowed})")
    defaults = SchedulerOptions()
    values: dict[str, Any] = {}
    for key in ("lock_ttl", "shutdown_timeout", "poll_interval", "backoff_base", "backoff_max"):
        if key in raw:
            values[key] = _duration(raw[key], f"{where} {key}", problems, getattr(defaults, key))
    for key in ("backoff_after", "max_concurrent"):
        if key in raw:
            number = raw[key]
            if isinstance(number, bool) or not isinstance(number, int) or number < 1:
                problems.append(f"{where} {key}: must be a whole number >= 1, not {number!r}")
            else:
                values[key] = number
    if "database_url" in raw:
        values["database_url"] = _string(raw["database_url"], f"{where} database_url", problems)
    for key in ("workdir", "log_dir"):
        if key in raw:
            text = _string(raw[key], f"{where} {key}", problems)
            if text:
                values[key] = (base / Path(text).expanduser()).resolve()
    if "timezone" in raw and _timezone(raw["timezone"], f"{where} timezone", problems):
        values["timezone"] = raw["timezone"]
    values["settings"] = _settings(raw.get("settings", {}), f"{where} settings", problems)
    return SchedulerOptions(**{**defaults.__dict__, **values})


# --- [[sites]] -----------------------------------------------------------------------------


def _parse_sites(raw: Any, options: SchedulerOptions, problems: list[str]) -> list[SiteConfig]:
    if raw is None:
        problems.append("no 'sites' list: add at least one [[sites]] table")
        return []
    if not isinstance(raw, list) or not raw:
        problems.append("'sites' must be a non-empty list of tables ([[sites]] in TOML)")
        return []
    sites: list[SiteConfig] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        site = _parse_site(entry, index, options, problems)
        if site is None:
            continue
        if site.name in seen:
            problems.append(f"site {site.name!r} (sites[{index}]): the name is used twice")
        seen.add(site.name)
        sites.append(site)
    if sites and not any(site.enabled for site in sites):
        problems.append("every site has enabled = false: nothing to schedule")
    return sites


def _parse_site(
    raw: Any, index: int, options: SchedulerOptions, problems: list[str]
) -> SiteConfig | None:
    if not isinstance(raw, dict):
        problems.append(f"sites[{index}]: must be a table with at least 'name' and 'interval'")
        return None
    name = raw.get("name")
    label = f"site {name!r} (sites[{index}])" if isinstance(name, str) else f"sites[{index}]"
    before = len(problems)
    for key in sorted(set(raw) - SITE_KEYS):
        problems.append(f"{label}: unknown key {key!r} (allowed: {', '.join(sorted(SITE_KEYS))})")
    if not isinstance(name, str) or not _NAME.match(name):
        problems.append(
            f"{label} name: required; letters, digits, '.', '_' and '-' only, not {name!r}"
        )
    spider = raw.get("spider", DEFAULT_SPIDER)
    if not isinstance(spider, str) or not _SPIDER.match(spider):
        problems.append(f"{label} spider: must be a spider name such as 'news', not {spider!r}")
    source_problems = len(problems)
    start_urls = _start_urls(raw.get("start_urls", []), f"{label} start_urls", problems)
    profile = _profile(raw.get("profile"), f"{label} profile", problems)
    sources_valid = len(problems) == source_problems
    if spider == DEFAULT_SPIDER and sources_valid and not start_urls and profile is None:
        problems.append(
            f"{label}: the 'news' spider needs start_urls or a profile (or name a spider bound "
            "to a site profile, such as spider = \"valuewalk\")"
        )
    trigger = _trigger(raw, label, options, problems)
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        problems.append(f"{label} enabled: must be true or false, not {enabled!r}")
    settings = _settings(raw.get("settings", {}), f"{label} settings", problems)
    args = _arguments(raw.get("args", {}), f"{label} args", problems)
    if len(problems) > before or trigger is None:
        return None
    return SiteConfig(
        name=name,
        trigger=trigger,
        spider=spider,
        start_urls=start_urls,
        profile=profile,
        settings={**options.settings, **settings},
        args=args,
        enabled=enabled,
    )


def _trigger(
    raw: dict[str, Any], label: str, options: SchedulerOptions, problems: list[str]
) -> Trigger | None:
    has_interval, has_cron = "interval" in raw, "cron" in raw
    if has_interval == has_cron:
        problems.append(
            f"{label}: give exactly one of 'interval' (such as \"15m\") or 'cron' "
            "(such as \"*/15 * * * *\")"
        )
        return None
    run_at_start = raw.get("run_at_start", True)
    if not isinstance(run_at_start, bool):
        problems.append(f"{label} run_at_start: must be true or false, not {run_at_start!r}")
        return None
    if has_interval:
        if "timezone" in raw:
            problems.append(f"{label} timezone: only applies to 'cron' schedules")
        interval = _duration(raw["interval"], f"{label} interval", problems, None)
        return IntervalTrigger(interval, run_at_start) if interval else None
    if "run_at_start" in raw:
        problems.append(f"{label} run_at_start: only applies to 'interval' schedules")
    return _cron_trigger(raw, label, options.timezone, problems)


def _cron_trigger(
    raw: dict[str, Any], label: str, default_zone: str, problems: list[str]
) -> Trigger | None:
    text = raw["cron"]
    if not isinstance(text, str):
        problems.append(f"{label} cron: must be a string such as \"*/15 * * * *\", not {text!r}")
        return None
    zone = _timezone(raw.get("timezone", default_zone), f"{label} timezone", problems)
    try:
        expression = CronExpression.parse(text)
        trigger = CronTrigger(expression, zone) if zone is not None else None
        if trigger is not None:
            # Evaluate once so that an expression that never fires ("0 0 30 2 *") fails now.
            expression.next_after(datetime(2000, 1, 1, tzinfo=timezone.utc), zone)
        return trigger
    except CronError as error:
        problems.append(f"{label} cron: {error}")
        return None


# --- value helpers -------------------------------------------------------------------------


def _duration(
    value: Any, where: str, problems: list[str], fallback: timedelta | None
) -> timedelta | None:
    try:
        return parse_duration(value)
    except DurationError as error:
        problems.append(f"{where}: {error}")
        return fallback


def _string(value: Any, where: str, problems: list[str]) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    problems.append(f"{where}: must be a non-empty string, not {value!r}")
    return None


def _timezone(value: Any, where: str, problems: list[str]) -> tzinfo | None:
    if not isinstance(value, str) or not value:
        problems.append(f"{where}: must be a time zone name such as \"Europe/Berlin\"")
        return None
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"{where}: unknown time zone {value!r} (use an IANA name such as \"UTC\")")
        return None


def _start_urls(value: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    from newscrawl.urls import is_http_url

    urls = [value] if isinstance(value, str) else value
    if not isinstance(urls, list) or not all(isinstance(url, str) for url in urls):
        problems.append(f"{where}: must be a list of URLs")
        return ()
    bad = [url for url in urls if not is_http_url(url) or "," in url]
    for url in bad:
        problems.append(f"{where}: {url!r} is not an http(s) URL without commas")
    return tuple(urls) if not bad else ()


def _profile(value: Any, where: str, problems: list[str]) -> str | None:
    if value is None:
        return None
    from newscrawl.extract.rules import available_site_profiles

    known = available_site_profiles()
    if not isinstance(value, str) or value not in known:
        problems.append(f"{where}: unknown site profile {value!r} (bundled: {', '.join(known)})")
        return None
    return value


def _settings(value: Any, where: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(value, dict):
        problems.append(f"{where}: must be a table of NAME = value")
        return {}
    settings: dict[str, str] = {}
    for name, raw in value.items():
        if not _SETTING.match(str(name)):
            problems.append(f"{where}: {name!r} is not a Scrapy setting name (UPPER_CASE)")
            continue
        rendered = _setting_value(raw)
        if rendered is None:
            problems.append(f"{where} {name}: unsupported value {raw!r}")
            continue
        settings[name] = rendered
    return settings


def _setting_value(value: Any) -> str | None:
    """Render a value the way ``scrapy crawl -s NAME=VALUE`` reads it back."""
    if isinstance(value, bool):
        return "True" if value else "False"  # Settings.getbool accepts these
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ",".join(str(v) for v in value)  # Settings.getlist splits on commas
    if isinstance(value, dict):
        return json.dumps(value)  # Settings.getdict parses JSON strings
    return None


def _arguments(value: Any, where: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(value, dict):
        problems.append(f"{where}: must be a table of name = value (spider arguments, -a)")
        return {}
    arguments: dict[str, str] = {}
    for name, raw in value.items():
        if not _ARGUMENT.match(str(name)) or name == "start_urls":
            problems.append(f"{where}: {name!r} is not usable as a spider argument")
            continue
        rendered = _setting_value(raw)
        if rendered is None or isinstance(raw, dict):
            problems.append(f"{where} {name}: use a string, number or boolean")
            continue
        arguments[name] = rendered
    return arguments
