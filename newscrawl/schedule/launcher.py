"""Starting crawls: the ``scrapy crawl`` command line for a site, and the subprocess itself.

Each crawl is a separate process: Twisted's reactor cannot be restarted inside one process,
and a crash, a leak or a hung download in one crawl must not take the scheduler down. Crawls
start in their own session, so a Ctrl-C in the scheduler's terminal reaches only the
scheduler, which then forwards exactly one SIGTERM (a second one makes Scrapy stop uncleanly).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Protocol

from newscrawl.schedule.config import SiteConfig

__all__ = [
    "CrawlProcess",
    "Launcher",
    "SubprocessLauncher",
    "build_crawl_command",
    "default_workdir",
]

log = logging.getLogger(__name__)

SETTINGS_MODULE = "newscrawl.settings"


class CrawlProcess(Protocol):
    """A running crawl."""

    @property
    def pid(self) -> int: ...

    def poll(self) -> int | None:
        """The exit code once the crawl has ended, else None."""
        ...

    def terminate(self) -> None:
        """Ask the crawl to stop (SIGTERM: Scrapy finishes in-flight work and closes)."""
        ...

    def kill(self) -> None:
        """Stop the crawl at once (SIGKILL)."""
        ...


class Launcher(Protocol):
    """Starts the crawl of a site."""

    def launch(self, site: SiteConfig, now: datetime) -> CrawlProcess:
        """Start crawling ``site``; raise ``OSError`` when the crawl cannot be started."""
        ...


def build_crawl_command(
    site: SiteConfig,
    *,
    database_url: str | None = None,
    python: str = sys.executable,
) -> list[str]:
    """The ``scrapy crawl`` command line for ``site``.

    ``database_url`` becomes ``-s DATABASE_URL=...`` unless the site's own settings name one,
    so the crawls write where the scheduler keeps its locks.
    """
    command = [python, "-m", "scrapy", "crawl", site.spider]
    if site.start_urls:
        command += ["-a", "start_urls=" + ",".join(site.start_urls)]
    if site.profile:
        # NewsSpider reads its profile name from the `site_profile` attribute, which Scrapy
        # sets from a spider argument of the same name.
        command += ["-a", f"site_profile={site.profile}"]
    for name, value in site.args.items():
        command += ["-a", f"{name}={value}"]
    settings: dict[str, str] = {}
    if database_url:
        settings["DATABASE_URL"] = database_url
    settings.update(site.settings)
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return command


def default_workdir() -> Path:
    """The project directory (the one holding ``scrapy.cfg``) when running from a checkout,
    else the current directory."""
    project = Path(__file__).resolve().parents[2]
    return project if (project / "scrapy.cfg").is_file() else Path.cwd()


class _PopenCrawl:
    """A :class:`CrawlProcess` backed by :class:`subprocess.Popen`."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process

    @property
    def pid(self) -> int:
        return self._process.pid

    def poll(self) -> int | None:
        return self._process.poll()

    def terminate(self) -> None:
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        self._signal(signal.SIGKILL)

    def _signal(self, signum: signal.Signals) -> None:
        if self._process.poll() is None:
            # It may end between poll() and the signal.
            with contextlib.suppress(ProcessLookupError):
                self._process.send_signal(signum)


class SubprocessLauncher:
    """Runs ``scrapy crawl`` in a child process from ``workdir``.

    With ``log_dir``, each crawl's output goes to ``<log_dir>/<site>/<start time>.log``;
    otherwise it goes to the scheduler's own stdout/stderr.
    """

    def __init__(
        self,
        *,
        database_url: str | None,
        workdir: Path | None = None,
        log_dir: Path | None = None,
        python: str = sys.executable,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.database_url = database_url
        self.workdir = workdir or default_workdir()
        self.log_dir = log_dir
        self.python = python
        self.environ = dict(os.environ if environ is None else environ)
        # Found from any working directory, whatever scrapy.cfg says (or whether it exists).
        self.environ["SCRAPY_SETTINGS_MODULE"] = SETTINGS_MODULE

    def command(self, site: SiteConfig) -> list[str]:
        """The command line :meth:`launch` runs for ``site``."""
        return build_crawl_command(site, database_url=self.database_url, python=self.python)

    def launch(self, site: SiteConfig, now: datetime) -> CrawlProcess:
        command = self.command(site)
        output = self._open_log(site, now)
        try:
            process = subprocess.Popen(
                command,
                cwd=self.workdir,
                env=self.environ,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT if output is not None else None,
                start_new_session=True,
            )
        finally:
            if output is not None:
                output.close()  # the child holds its own descriptor
        return _PopenCrawl(process)

    def _open_log(self, site: SiteConfig, now: datetime) -> IO[bytes] | None:
        if self.log_dir is None:
            return None
        folder = self.log_dir / site.name
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{now.strftime('%Y%m%dT%H%M%SZ')}.log"
        log.info("site=%s log file %s", site.name, path)
        return path.open("ab")


def quote_command(command: Sequence[str]) -> str:
    """``command`` as a shell would show it, for logs."""
    import shlex

    return shlex.join(command)
