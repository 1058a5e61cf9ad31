"""The site's and publisher's own names, which are never an article's author."""

from __future__ import annotations

from typing import Any

from newscrawl.extract.page import Page
from newscrawl.extract.text import squash


def organisation_names(page: Page) -> set[str]:
    """Squashed names of the site and its publisher (``og:site_name``, JSON-LD, host labels)."""
    names = [*page.meta.get("og:site_name", ()), *page.meta.get("application-name", ())]
    for node in page.json_ld:
        if is_organization_node(node) or "website" in str(node.get("@type")).lower():
            names.append(node.get("name") if isinstance(node.get("name"), str) else "")
        publisher = node.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.append(publisher["name"])
    host = page.url.split("//", 1)[-1].split("/", 1)[0].split(":")[0].lower()
    labels = [label for label in host.split(".") if label not in ("www", "com", "co", "org",
                                                                   "net", "uk", "news")]
    names.extend(labels)
    return {squash(name) for name in names if name and len(squash(name)) >= 3}


def is_organisation(name: str, organisations: set[str]) -> bool:
    """Whether ``name`` is one of ``organisations`` (or contains, or is part of, one)."""
    squashed = squash(name)
    if squashed.startswith("the"):
        squashed = squashed[3:]
    return any(
        squashed == org
        or (len(squashed) >= 4 and org in squashed)
        or (len(squashed) >= 4 and squashed in org and not _is_owners_site(name, org))
        for org in organisations
    )


def _is_owners_site(name: str, org: str) -> bool:
    """A personal site named after its author ("Jane Doe's Blog"): the name is an author."""
    return len(name.split()) >= 2 and org.startswith(squash(name) + "s")



def is_organization_node(node: dict[str, Any]) -> bool:
    """Typed as an organisation and not also as a person (Yoast types a blog's owner as
    ``["Person", "Organization"]``)."""
    kind = node.get("@type")
    kinds = [k.lower() for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]
    return any("organization" in k for k in kinds) and "person" not in kinds

