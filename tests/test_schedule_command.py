"""The ``schedule`` sub-command's arguments, its checks before anything runs, and ``--check``."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from newscrawl.schedule import command

CONFIG = """
[[sites]]
name = "ledger"
start_urls = ["https://ledger.example/robots.txt"]
interval = "15m"

[[sites]]
name = "tickers"
start_urls = ["https://tickers.example/feed/"]
cron = "0 6 * * mon"
"""


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    return parser.parse_args(list(argv))


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "schedule.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def test_arguments():
    args = parse("s.toml", "--once", "--site", "a", "--site", "b", "--db", "sqlite:///x.db")
    assert (args.config, args.once, args.site, args.db) == ("s.toml", True, ["a", "b"], "sqlite:///x.db")
    assert parse("s.toml").max_concurrent is None
    assert parse("s.toml", "--max-concurrent", "3").max_concurrent == 3
    with pytest.raises(SystemExit):
        parse("s.toml", "--max-concurrent", "0")
    assert isinstance(command.HELP, str) and command.HELP


def test_check_prints_the_schedule_and_the_commands(config_file, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert command.run(parse(str(config_file), "--check", "--db", "sqlite:///rel/news.db")) == 0
    out = capsys.readouterr().out
    assert "2 site(s)" in out
    assert "[ledger] every 15m" in out
    assert "[tickers] cron '0 6 * * mon'" in out
    # a relative SQLite path is made absolute: the crawls may run elsewhere
    assert f"database: sqlite:///{tmp_path}/rel/news.db" in out
    assert "-a start_urls=https://tickers.example/feed/" in out


def test_check_masks_the_database_password(config_file, capsys):
    url = "postgresql+psycopg://news:s3cret@db.example/news"
    assert command.run(parse(str(config_file), "--check", "--db", url)) == 0
    out = capsys.readouterr().out
    assert "s3cret" not in out
    assert "news:***@db.example" in out


def test_site_selection(config_file, capsys):
    assert command.run(parse(str(config_file), "--check", "--site", "tickers")) == 0
    out = capsys.readouterr().out
    assert "[tickers]" in out and "[ledger]" not in out


def test_unknown_site_is_a_config_error(config_file, capsys):
    assert command.run(parse(str(config_file), "--check", "--site", "nope")) == 2
    assert "--site 'nope': no such site (have: ledger, tickers)" in capsys.readouterr().err


def test_bad_file_exits_2_with_the_problems(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text('[[sites]]\nname = "x"\ninterval = "soon"\n', encoding="utf-8")
    assert command.run(parse(str(path))) == 2
    err = capsys.readouterr().err
    assert f"invalid schedule file {path}" in err
    assert "site 'x' (sites[0]) interval: cannot read duration 'soon'" in err


@pytest.mark.parametrize(
    ("url", "message"),
    [("sqlite://", "in-memory SQLite"), ("not a url", "bad database URL")],
)
def test_unusable_database_urls(config_file, capsys, url, message):
    assert command.run(parse(str(config_file), "--db", url)) == 2
    assert message in capsys.readouterr().err


def test_check_masks_the_password_of_a_sites_own_database(tmp_path, capsys):
    path = tmp_path / "own.toml"
    path.write_text(
        '[[sites]]\nname = "vw"\ninterval = "1h"\nstart_urls = ["https://vw.example/"]\n'
        'settings = { DATABASE_URL = "postgresql+psycopg://vw:hush@db.example/vw" }\n'
    )
    assert command.run(parse(str(path), "--check", "--db", "sqlite:////x/n.db")) == 0
    out = capsys.readouterr().out
    assert "hush" not in out
    assert "database: postgresql+psycopg://vw:***@db.example/vw" in out


@pytest.mark.parametrize(
    ("argv", "verbose"),
    [
        (["schedule", "s.toml"], False),
        (["-v", "schedule", "s.toml"], True),
        (["schedule", "s.toml", "-v"], True),
    ],
)
def test_verbose_flag_before_or_after_the_sub_command(argv, verbose):
    from newscrawl.cli import build_parser

    assert build_parser().parse_args(argv).verbose is verbose


@pytest.mark.parametrize("text", ["0", "-2", "many"])
def test_counts_below_one_or_not_numbers_are_refused(text):
    from newscrawl.cli import positive_int

    with pytest.raises(argparse.ArgumentTypeError, match="whole number >= 1"):
        positive_int(text)
