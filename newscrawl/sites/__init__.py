"""Bundled site profiles: one TOML file per site (see ``newscrawl.extract.rules``)."""
