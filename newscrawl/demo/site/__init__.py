"""Package data of the demo site: ``articles.toml`` (the stories) and the HTML templates.

A package (not a plain folder) so that the files are installed with newscrawl and found with
:mod:`importlib.resources`. :mod:`newscrawl.demo.pages` renders them into pages.
"""
