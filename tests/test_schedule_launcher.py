"""The subprocess launcher, with a stand-in for ``python -m scrapy`` (a tiny shell script), so
the process handling is tested for real without paying for Scrapy's start-up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newscrawl.schedule.config import SiteConfig
from newscrawl.schedule.launcher import SubprocessLauncher, crawl_environment
from newscrawl.schedule.timing import IntervalTrigger

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
SITE = SiteConfig(
    name="ledger",
    trigger=IntervalTrigger(timedelta(minutes=15)),
    start_urls=("https://ledger.example/",),
    settings={"DEPTH_LIMIT": "2"},
)
# Upper bound for a process to react to a signal; it normally takes milliseconds.
REACT_S = 10


def fake_python(tmp_path: Path, body: str) -> str:
    """An executable that stands in for the Python interpreter."""
    path = tmp_path / "fake-python"
    path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def wait_until_exited(poll, what: str) -> int:
    deadline = time.monotonic() + REACT_S
    while (code := poll()) is None:
        assert time.monotonic() < deadline, f"{what} did not exit"
        time.sleep(0.05)
    return code


def is_running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_environment_names_the_settings_module_and_the_checkout():
    environ = crawl_environment({"PYTHONPATH": "/somewhere", "HOME": "/home/x"})
    assert environ["SCRAPY_SETTINGS_MODULE"] == "newscrawl.settings"
    assert environ["PYTHONPATH"].split(os.pathsep) == [str(REPO), "/somewhere"]
    assert environ["HOME"] == "/home/x"


def test_launch_runs_the_command_in_workdir_with_output_in_the_log_dir(tmp_path):
    python = fake_python(
        tmp_path,
        'echo "cwd=$(pwd) settings=$SCRAPY_SETTINGS_MODULE db=$NEWSCRAWL_DATABASE_URL args=$*"',
    )
    workdir = tmp_path / "work"
    workdir.mkdir()
    launcher = SubprocessLauncher(
        database_url="sqlite:////data/news.db",
        workdir=workdir,
        log_dir=tmp_path / "logs",
        python=python,
    )
    process = launcher.launch(SITE, NOW)
    assert wait_until_exited(process.poll, "the crawl") == 0
    (log_file,) = (tmp_path / "logs" / "ledger").iterdir()
    assert log_file.name == "20260101T120000Z.log"
    assert log_file.read_text().strip() == (
        f"cwd={workdir} settings=newscrawl.settings db=sqlite:////data/news.db "
        "args=-m scrapy crawl news -a start_urls=https://ledger.example/ -s DEPTH_LIMIT=2 "
        "-s NEWSCRAWL_SITE_LABEL=ledger"
    )


def test_terminate_sends_sigterm_and_the_exit_status_is_reported(tmp_path):
    python = fake_python(tmp_path, "exec sleep 30")
    process = SubprocessLauncher(database_url=None, workdir=tmp_path, python=python).launch(
        SITE, NOW
    )
    assert process.poll() is None
    process.terminate()
    assert wait_until_exited(process.poll, "the crawl") == -signal.SIGTERM
    process.terminate()  # a no-op once it has ended
    process.kill()


def test_a_missing_interpreter_is_an_oserror(tmp_path):
    launcher = SubprocessLauncher(
        database_url=None, workdir=tmp_path, python=str(tmp_path / "no-such-python")
    )
    with pytest.raises(OSError):
        launcher.launch(SITE, NOW)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses prctl(PR_SET_PDEATHSIG)")
def test_a_crawl_does_not_outlive_a_killed_scheduler(tmp_path):
    python = fake_python(tmp_path, "exec sleep 60")
    # A stand-in scheduler: launches one crawl, prints its pid, then waits to be killed.
    script = (
        "import sys, time\n"
        "from datetime import datetime, timezone\n"
        "from tests.test_schedule_launcher import SITE\n"
        "from newscrawl.schedule.launcher import SubprocessLauncher\n"
        f"launcher = SubprocessLauncher(database_url=None, python={python!r})\n"
        "print(launcher.launch(SITE, datetime.now(timezone.utc)).pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    scheduler = subprocess.Popen(
        [sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert scheduler.stdout is not None
    crawl_pid = int(scheduler.stdout.readline())
    assert is_running(crawl_pid)
    scheduler.kill()  # SIGKILL: no chance to clean up
    scheduler.wait()
    deadline = time.monotonic() + REACT_S
    while is_running(crawl_pid):
        assert time.monotonic() < deadline, "the crawl outlived its scheduler"
        time.sleep(0.05)


def test_the_database_url_goes_through_the_environment_not_the_command_line():
    secret = "postgresql+psycopg://crawler:s3cret@db.example/news"
    launcher = SubprocessLauncher(database_url=secret, environ={"HOME": "/home/x"})
    assert launcher.environ["NEWSCRAWL_DATABASE_URL"] == secret
    assert not any("s3cret" in part for part in launcher.command(SITE))


def test_without_a_database_url_the_inherited_one_is_kept():
    environ = crawl_environment({"NEWSCRAWL_DATABASE_URL": "sqlite:////mine.db"}, None)
    assert environ["NEWSCRAWL_DATABASE_URL"] == "sqlite:////mine.db"
