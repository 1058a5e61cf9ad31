"""Starting crawls: the ``scrapy crawl`` command line for a site, and the subprocess itself.

Each crawl is a separate process: Twisted's reactor cannot be restarted inside one process,
and a crash, a leak or a hung download in one crawl must not take the scheduler down. Crawls
start in their own session, so a Ctrl-C in the scheduler's terminal reaches only the
scheduler, which then forwards exactly one SIGTERM (a second one makes Scrapy stop uncleanly).
On Linux the kernel also sends a crawl SIGTERM if the scheduler itself dies (even by SIGKILL),
so no crawl outlives its scheduler and its lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Protocol

from newscrawl.schedule.config import SiteConfig

__all__ = [
    "CrawlProcess",
    "Launcher",
    "SubprocessLauncher",
    "build_crawl_command",
    "crawl_environment",
]

log = logging.getLogger(__name__)

SETTINGS_MODULE = "newscrawl.settings"
# Read by newscrawl.settings (DATABASE_URL's default) in each crawl process.
DATABASE_URL_VARIABLE = "NEWSCRAWL_DATABASE_URL"
# The Scrapy setting that tells a crawl which scheduled site it belongs to; the store pipeline
# records it in crawl_runs.site (pipelines/store.py reads the same name).
SITE_LABEL_SETTING = "NEWSCRAWL_SITE_LABEL"

# prctl(2) option: the signal this process gets when its parent dies.
PR_SET_PDEATHSIG = 1


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


def build_crawl_command(site: SiteConfig, *, python: str = sys.executable) -> list[str]:
    """The ``scrapy crawl`` command line for ``site``.

    It never holds the scheduler's database URL: any local user can read a command line
    (``ps``), and the URL may carry a password. :func:`crawl_environment` passes it instead.
    It ends with ``-s NEWSCRAWL_SITE_LABEL=<site name>``, so that the crawl's ``crawl_runs``
    row names the site it was started for.
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
    for name, value in site.settings.items():
        command += ["-s", f"{name}={value}"]
    # Last, so that it wins over a stray setting of the same name: the label of a scheduled
    # crawl is always the name its lock and log folder use.
    command += ["-s", f"{SITE_LABEL_SETTING}={site.name}"]
    return command


def project_directory() -> Path | None:
    """The checkout holding this package and its ``scrapy.cfg``, or None for an installed
    package."""
    project = Path(__file__).resolve().parents[2]
    return project if (project / "scrapy.cfg").is_file() else None


def crawl_environment(base: Mapping[str, str], database_url: str | None = None) -> dict[str, str]:
    """The environment of a crawl: ``base`` plus what makes ``scrapy crawl`` work from any
    directory (the settings module by name; the checkout on the import path, for the
    top-level ``spiders`` and ``pipelines`` packages when newscrawl is not installed).

    ``database_url`` becomes ``$NEWSCRAWL_DATABASE_URL``, so the crawls write where the
    scheduler keeps its locks; a site's own ``-s DATABASE_URL=...`` still wins over it. Unlike
    a command line, a process's environment is readable by its owner only.
    """
    environ = dict(base)
    environ["SCRAPY_SETTINGS_MODULE"] = SETTINGS_MODULE
    if database_url:
        environ[DATABASE_URL_VARIABLE] = database_url
    project = project_directory()
    if project is not None:
        paths = [str(project), *filter(None, environ.get("PYTHONPATH", "").split(os.pathsep))]
        environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return environ


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
    """Runs ``scrapy crawl`` in a child process from ``workdir`` (default: the current
    directory, so that relative paths in settings, such as the spill folder or ``JOBDIR``,
    resolve where the scheduler was started).

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
        self.workdir = workdir or Path.cwd()
        self.log_dir = log_dir
        self.python = python
        self.environ = crawl_environment(os.environ if environ is None else environ, database_url)

    def command(self, site: SiteConfig) -> list[str]:
        """The command line :meth:`launch` runs for ``site``."""
        return build_crawl_command(site, python=self.python)

    def launch(self, site: SiteConfig, now: datetime) -> CrawlProcess:
        """Start ``scrapy crawl`` for ``site`` in its own session; ``OSError`` if it cannot."""
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
                preexec_fn=_terminate_with_parent_hook(),
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


def _terminate_with_parent_hook() -> Callable[[], None] | None:
    """A hook run in the child before ``exec``: ask Linux to SIGTERM the child when this
    process dies. None elsewhere (the database lock's expiry is then the only safeguard)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def hook() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the scheduler died before the request took effect
            os.kill(os.getpid(), signal.SIGTERM)

    return hook


def quote_command(command: Sequence[str]) -> str:
    """``command`` as a shell would show it, for logs."""
    import shlex

    return shlex.join(command)
