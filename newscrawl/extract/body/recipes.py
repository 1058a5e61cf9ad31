"""A recipe's ingredient list, printed in a box of its own beside the method.

Recipe portals lay the ingredients out as a table or list of short rows ("125 g" | "flour")
next to the method's paragraphs: the scoring walk, which looks for paragraphs, picks the
method and leaves the ingredients out. Pages that say they are a recipe (a ``Recipe`` in
JSON-LD, or ``recipeIngredient``/``ingredients`` microdata) get the box back, found by its
microdata or by a class name with "ingredient(s)" as a word, one line per row; only a box
with a list or table of at least :data:`MIN_ROWS` rows counts, and not when the story
prints the ingredients itself.
"""

from __future__ import annotations

import re

import lxml.html

from newscrawl.extract.body.lines import Line
from newscrawl.extract.body.scoring import inside
from newscrawl.extract.body.vocabulary import HEADING_TAGS
from newscrawl.extract.page import Page

# "ingredients", "recipe-ingredients", "ingredient_list": the word, not "ingredientsX".
INGREDIENT_CLASS_RE = re.compile(r"(?:^|[\s_-])ingredients?(?:$|[\s_-])", re.IGNORECASE)


_MICRODATA_NAMES = ("recipeingredient", "ingredients")


# Elements that hold one ingredient (or a group's title) each.
_ROW_TAGS = ("tr", "li", *sorted(HEADING_TAGS))


# An ingredient list has at least this many rows.
MIN_ROWS = 2


# A box with more text than this is a whole recipe card or page section, not a list.
MAX_BOX_CHARS = 4000


def ingredient_lines(
    page: Page, containers: list[lxml.html.HtmlElement], stats: dict, story: list[Line]
) -> tuple[list[Line], bool]:
    """The lines of the recipe's ingredient boxes that lie outside ``containers`` (the
    story's, whose lines are ``story``), and whether they come before them on the page.
    Empty for other pages, and when the story lists most of the ingredients already."""
    if not _is_recipe(page):
        return [], True
    chosen = set(containers)
    boxes: list[lxml.html.HtmlElement] = []
    for candidate in _candidates(page):
        if candidate not in stats or not 0 < stats[candidate].text <= MAX_BOX_CHARS:
            continue  # removed as boilerplate, empty, or a whole page section
        if candidate in chosen or inside(candidate, chosen):
            continue  # the story holds it already
        if any(inside(c, {candidate}) for c in containers):
            continue  # a wrapper of the story
        if any(box is candidate or inside(candidate, {box}) for box in boxes):
            continue  # inside a box taken already
        boxes.append(candidate)
    lines = [line for box in boxes for line in _rows_of(box)]
    if not lines:
        return [], True
    told = " ".join(line.text for line in story).casefold()
    fresh = [line for line in lines if line.text.casefold() not in told]
    if len(fresh) * 2 < len(lines):
        return [], True  # the story prints the ingredients itself
    return fresh, _precedes(page, boxes[0], containers[0])


def _is_recipe(page: Page) -> bool:
    if any(page.itemprops.get(name) for name in _MICRODATA_NAMES):
        return True
    return any("recipeIngredient" in node for node in page.json_ld_of_type("Recipe"))


def _candidates(page: Page) -> list[lxml.html.HtmlElement]:
    """Ingredient boxes: the elements with an "ingredients" class, in document order (a
    wrapper before what it holds), then the lists or tables around microdata ingredients."""
    found = list(page.elements_with_class(INGREDIENT_CLASS_RE))
    for name in _MICRODATA_NAMES:
        for item in page.itemprops.get(name, ()):
            if isinstance(item.tag, str) and item.tag in ("meta", "link"):
                continue
            box = next(item.iterancestors("table", "ul", "ol"), None)
            if box is not None and box not in found:
                found.append(box)
    return found


def _rows_of(box: lxml.html.HtmlElement) -> list[Line]:
    """One line per row, list item or heading of ``box`` (a table's amount and name cells
    make one line); none when it has fewer than :data:`MIN_ROWS` rows or list items (a
    button or a note named after the ingredients)."""
    lines: list[Line] = []
    rows = [el for el in box.iter(*_ROW_TAGS) if not _in_row(el, box)]
    if sum(row.tag in ("tr", "li") for row in rows) < MIN_ROWS:
        return []
    linked = 0
    for row in rows:
        text = " ".join(_row_text(row).split())
        if text:
            lines.append(Line(text, 0, row.tag if row.tag in HEADING_TAGS else "li"))
            linked += _is_link(row, text)
    # Rows that are links each are a menu (filter by ingredient, more recipes), not a list.
    return [] if linked * 2 > len(lines) else lines


def _is_link(row: lxml.html.HtmlElement, text: str) -> bool:
    """Whether the row's whole text is one link's."""
    link = next(row.iter("a"), None)
    return link is not None and " ".join(link.text_content().split()) == text


def _row_text(row: lxml.html.HtmlElement) -> str:
    """A row's text, its table cells (amount, name) apart even when the markup does not
    space them."""
    if row.tag != "tr":
        return row.text_content()
    return " ".join(cell.text_content() for cell in row if cell.tag in ("td", "th"))


def _in_row(element: lxml.html.HtmlElement, box: lxml.html.HtmlElement) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is box:
            return False
        if ancestor.tag in _ROW_TAGS:
            return True
    return False


def _precedes(page: Page, first: lxml.html.HtmlElement, second: lxml.html.HtmlElement) -> bool:
    """Whether ``first`` comes before ``second`` in the page (``page.elements`` keeps the
    parsed document order)."""
    try:
        return page.elements.index(first) < page.elements.index(second)
    except ValueError:
        return True
