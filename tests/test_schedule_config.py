"""The schedule file: parsing, defaults, validation messages, and the crawl command it yields."""

from __future__ import annotations

import importlib.util
import json
import sys
import types
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newscrawl.schedule.config import ConfigError, load_config
from newscrawl.schedule.launcher import build_crawl_command
from newscrawl.schedule.timing import CronTrigger, IntervalTrigger

REPO = Path(__file__).resolve().parents[1]

MINIMAL = """
[[sites]]
name = "ledger"
start_urls = ["https://ledger.example/robots.txt"]
interval = "15m"
"""


def write(tmp_path: Path, text: str, name: str = "schedule.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    return caught.value.problems


def test_minimal_site_gets_the_defaults(tmp_path):
    config = load_config(write(tmp_path, MINIMAL))
    (site,) = config.sites
    assert site.name == "ledger"
    assert site.spider == "news"
    assert site.start_urls == ("https://ledger.example/robots.txt",)
    assert site.trigger == IntervalTrigger(timedelta(minutes=15), run_at_start=True)
    assert site.settings == {}
    assert site.enabled
    assert config.options.lock_ttl == timedelta(minutes=10)
    assert config.options.max_concurrent is None


def test_the_bundled_example_is_valid():
    config = load_config(REPO / "examples" / "schedule.toml")
    names = [site.name for site in config.sites]
    assert names == ["valuewalk", "example-news", "archive"]
    assert [site.name for site in config.enabled_sites] == ["valuewalk", "example-news"]
    example = config.sites[1]
    assert isinstance(example.trigger, CronTrigger)
    assert example.trigger.tz == ZoneInfo("Europe/Berlin")
    # [scheduler] settings apply to every site; a site's own settings are added.
    assert example.settings["LOG_LEVEL"] == "INFO"
    assert example.settings["DEPTH_LIMIT"] == "2"
    assert config.options.log_dir == (REPO / "logs").resolve()


def test_cron_site_with_default_and_own_time_zone(tmp_path):
    config = load_config(
        write(
            tmp_path,
            """
[scheduler]
timezone = "America/New_York"
[[sites]]
name = "a"
start_urls = ["https://a.example/"]
cron = "0 6 * * *"
[[sites]]
name = "b"
start_urls = ["https://b.example/"]
cron = "0 6 * * *"
timezone = "Asia/Tokyo"
""",
        )
    )
    assert config.sites[0].trigger.tz == ZoneInfo("America/New_York")
    assert config.sites[1].trigger.tz == ZoneInfo("Asia/Tokyo")


def test_setting_values_are_rendered_for_dash_s(tmp_path):
    config = load_config(
        write(
            tmp_path,
            MINIMAL
            + """
[sites.settings]
ROBOTSTXT_OBEY = false
DOWNLOAD_DELAY = 1.5
DEPTH_LIMIT = 2
USER_AGENT = "bot/1"
SPIDER_MIDDLEWARES = { "a.B" = 10 }
LIST = ["x", "y"]
""",
        )
    )
    assert config.sites[0].settings == {
        "ROBOTSTXT_OBEY": "False",
        "DOWNLOAD_DELAY": "1.5",
        "DEPTH_LIMIT": "2",
        "USER_AGENT": "bot/1",
        "SPIDER_MIDDLEWARES": '{"a.B": 10}',
        "LIST": "x,y",
    }


def test_a_profile_site_needs_no_start_urls(tmp_path):
    config = load_config(
        write(
            tmp_path,
            """
[[sites]]
name = "vw"
profile = "valuewalk"
interval = "1h"
[[sites]]
name = "vw-spider"
spider = "valuewalk"
interval = "1h"
""",
        )
    )
    assert config.sites[0].profile == "valuewalk"
    assert config.sites[1].spider == "valuewalk"


def test_every_problem_is_reported_with_file_site_and_field(tmp_path):
    path = write(
        tmp_path,
        """
[scheduler]
lock_ttl = "ten minutes"
colour = "blue"
[[sites]]
name = "ledger"
start_urls = ["ftp://ledger.example/"]
interval = "15x"
[[sites]]
name = "other"
start_urls = ["https://other.example/"]
cron = "61 * * * *"
settings = { depth = 1 }
intervall = "1h"
""",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert str(path) in message
    problems = caught.value.problems
    assert any(p.startswith("[scheduler] lock_ttl: cannot read duration") for p in problems)
    assert any("[scheduler]: unknown key 'colour'" in p for p in problems)
    assert any(p.startswith("site 'ledger' (sites[0]) start_urls:") for p in problems)
    assert any(p.startswith("site 'ledger' (sites[0]) interval:") for p in problems)
    assert any("site 'other' (sites[1]) cron: cron minute field: 61" in p for p in problems)
    assert any("site 'other' (sites[1]) settings: 'depth'" in p for p in problems)
    assert any("site 'other' (sites[1]): unknown key 'intervall'" in p for p in problems)
    assert len(problems) == 7


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ('name = "x"\nstart_urls = ["https://x.example/"]', "give exactly one of 'interval'"),
        (
            'name = "x"\nstart_urls = ["https://x.example/"]\ninterval = "1h"\ncron = "@hourly"',
            "give exactly one of 'interval'",
        ),
        ('name = "x"\ninterval = "1h"', "the 'news' spider needs start_urls or a profile"),
        ('name = "x y"\nstart_urls = ["https://x.example/"]\ninterval = "1h"', "name: required"),
        ('start_urls = ["https://x.example/"]\ninterval = "1h"', "sites[0] name: required"),
        ('name = "x"\nspider = "bad spider"\ninterval = "1h"', "spider: must be a spider name"),
        ('name = "x"\nprofile = "nope"\ninterval = "1h"', "unknown site profile 'nope'"),
        ('name = "x"\nstart_urls = ["https://x.example/"]\ncron = "0 0 30 2 *"', "never matches"),
        (
            'name = "x"\nstart_urls = ["https://x.example/"]\ncron = "@daily"\n'
            'timezone = "Mars/Base"',
            "unknown time zone 'Mars/Base'",
        ),
        (
            'name = "x"\nstart_urls = ["https://x.example/"]\ninterval = "1h"\ntimezone = "UTC"',
            "timezone: only applies to 'cron'",
        ),
        ('name = "x"\nstart_urls = ["https://x.example/"]\ninterval = "0s"', "greater than zero"),
        (
            'name = "x"\nstart_urls = ["https://x.example/"]\ninterval = "1h"\nenabled = "yes"',
            "enabled: must be true or false",
        ),
        (
            'name = "x"\nstart_urls = ["https://x.example/"]\ninterval = "1h"\nenabled = false',
            "every site has enabled = false",
        ),
        (
            'name = "x"\nstart_urls = ["https://x.example/"]\ninterval = "1h"\n'
            'args = { start_urls = "y" }',
            "'start_urls' is not usable as a spider argument",
        ),
    ],
)
def test_site_errors(tmp_path, snippet, expected):
    problems = problems_of(tmp_path, f"[[sites]]\n{snippet}\n")
    assert any(expected in p for p in problems), problems


def test_duplicate_site_names(tmp_path):
    problems = problems_of(tmp_path, MINIMAL + MINIMAL)
    assert problems == ["site 'ledger' (sites[1]): the name is used twice"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "no 'sites' list"),
        ("sites = []", "must be a non-empty list"),
        ('sites = ["x"]', "sites[0]: must be a table"),
        ("[scheduler]\nmax_concurrent = 0\n" + MINIMAL, "max_concurrent: must be a whole number"),
        ("extra = 1\n" + MINIMAL, "unknown top-level key 'extra'"),
    ],
)
def test_file_level_errors(tmp_path, text, expected):
    problems = problems_of(tmp_path, text)
    assert any(expected in p for p in problems), problems


def test_broken_toml_names_the_line(tmp_path):
    problems = problems_of(tmp_path, "[[sites]]\nname = \n")
    assert len(problems) == 1
    assert problems[0].startswith("not valid TOML") and "line 2" in problems[0]


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read the file"):
        load_config(tmp_path / "absent.toml")


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(b"# caf\xe9\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(path)


@pytest.mark.skipif(importlib.util.find_spec("yaml") is not None, reason="PyYAML is installed")
def test_yaml_without_pyyaml_says_what_to_do(tmp_path):
    path = write(tmp_path, "sites: []\n", "schedule.yaml")
    with pytest.raises(ConfigError, match=r"need PyYAML \(pip install pyyaml\)"):
        load_config(path)


def test_yaml_goes_through_safe_load(tmp_path, monkeypatch):
    # A stand-in for PyYAML (JSON is valid YAML), so the YAML path is tested without it.
    stub = types.ModuleType("yaml")
    stub.safe_load = json.loads  # type: ignore[attr-defined]
    stub.YAMLError = json.JSONDecodeError  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "yaml", stub)
    site = {"name": "ledger", "start_urls": ["https://l.example/"], "cron": "@daily"}
    document = {"sites": [site]}
    path = write(tmp_path, json.dumps(document), "schedule.yaml")
    assert load_config(path).sites[0].trigger.describe() == "cron '@daily'"
    broken = write(tmp_path, "{", "broken.yml")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(broken)


@pytest.mark.skipif(importlib.util.find_spec("yaml") is None, reason="PyYAML is not installed")
def test_yaml_file(tmp_path):
    path = write(
        tmp_path,
        "sites:\n  - name: ledger\n    start_urls: [https://ledger.example/]\n    interval: 15m\n",
        "schedule.yml",
    )
    assert load_config(path).sites[0].name == "ledger"


def test_crawl_command_for_start_urls_settings_and_database(tmp_path):
    config = load_config(
        write(
            tmp_path,
            """
[[sites]]
name = "ledger"
start_urls = ["https://ledger.example/robots.txt", "https://ledger.example/feed/"]
interval = "15m"
settings = { DEPTH_LIMIT = 2 }
args = { max_pages = 50 }
""",
        )
    )
    command = build_crawl_command(config.sites[0], python="py")
    assert command == [
        "py",
        "-m",
        "scrapy",
        "crawl",
        "news",
        "-a",
        "start_urls=https://ledger.example/robots.txt,https://ledger.example/feed/",
        "-a",
        "max_pages=50",
        "-s",
        "DEPTH_LIMIT=2",
        "-s",
        "NEWSCRAWL_SITE_LABEL=ledger",
    ]


def test_crawl_command_site_database_wins_and_profile_is_an_argument(tmp_path):
    config = load_config(
        write(
            tmp_path,
            """
[[sites]]
name = "vw"
profile = "valuewalk"
interval = "1h"
settings = { DATABASE_URL = "sqlite:////elsewhere.db" }
""",
        )
    )
    command = build_crawl_command(config.sites[0])
    assert command[:5] == [sys.executable, "-m", "scrapy", "crawl", "news"]
    assert "site_profile=valuewalk" in command
    # -s on the command line wins over the scheduler's $NEWSCRAWL_DATABASE_URL
    assert "DATABASE_URL=sqlite:////elsewhere.db" in command


def test_crawl_command_names_the_site_last_so_that_crawl_runs_records_it(tmp_path):
    config = load_config(
        write(
            tmp_path,
            """
[[sites]]
name = "vw"
spider = "valuewalk"
interval = "1h"
settings = { NEWSCRAWL_SITE_LABEL = "something-else" }
""",
        )
    )
    command = build_crawl_command(config.sites[0])
    # Scrapy keeps the last -s of a name: the scheduler's own name for the site wins.
    assert command[-2:] == ["-s", "NEWSCRAWL_SITE_LABEL=vw"]
