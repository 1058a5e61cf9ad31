"""``newscrawl schedule``: crawl a list of sites on intervals or cron times, forever.

- :mod:`~newscrawl.schedule.config`: the schedule file (TOML, or YAML with PyYAML) and its
  validation;
- :mod:`~newscrawl.schedule.timing` and :mod:`~newscrawl.schedule.cron`: due times;
- :mod:`~newscrawl.schedule.launcher`: ``scrapy crawl`` subprocesses;
- :mod:`~newscrawl.schedule.locks`: per-site locks shared through the database;
- :mod:`~newscrawl.schedule.runner`: the loop (:class:`~newscrawl.schedule.runner.Scheduler`);
- :mod:`~newscrawl.schedule.command`: the sub-command.

Importing this package is cheap; the modules are imported where they are used.
"""
