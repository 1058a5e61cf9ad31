"""Near-duplicate sketches and the LSH index, without a database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from newscrawl.neardup import (
    NearDuplicateIndex,
    NearDuplicateSettings,
    Signature,
    Sketcher,
    lsh_bands,
    words,
)
from tests.dbhelpers import story


@pytest.fixture(scope="module")
def sketcher() -> Sketcher:
    return Sketcher(NearDuplicateSettings())


def lightly_edited(text: str) -> str:
    """What a syndication partner does: a new first line, a changed word, a footer."""
    lines = text.split("\n")
    lines[3] = lines[3].replace(lines[3].split()[2], "reportedly", 1)
    return "\n".join(["(Wire) Reporting by our partners.", *lines, "Read more at wire.example."])


def test_words_ignore_case_and_punctuation() -> None:
    assert words("Stocks FELL, again: 3% — said Ann.") == [
        "stocks",
        "fell",
        "again",
        "3",
        "said",
        "ann",
    ]


def test_same_text_gives_the_same_signature_in_any_instance() -> None:
    text = story(1)

    first = Sketcher(NearDuplicateSettings()).signature(text)
    second = Sketcher(NearDuplicateSettings()).signature(text)

    assert first is not None and second is not None
    assert first.to_bytes() == second.to_bytes()
    assert len(first.to_bytes()) == 4 * 128


def test_whitespace_and_case_do_not_change_the_signature(sketcher: Sketcher) -> None:
    text = story(2)
    reformatted = text.upper().replace("\n", "\n\n  ")

    assert sketcher.signature(text).similarity(sketcher.signature(reformatted)) == 1.0


def test_a_lightly_edited_copy_is_similar(sketcher: Sketcher) -> None:
    text = story(3)

    similarity = sketcher.signature(text).similarity(sketcher.signature(lightly_edited(text)))

    assert similarity >= 0.8


def test_unrelated_stories_are_not_similar(sketcher: Sketcher) -> None:
    similarity = sketcher.signature(story(4)).similarity(sketcher.signature(story(5)))

    assert similarity < 0.2


def test_short_texts_get_no_signature(sketcher: Sketcher) -> None:
    assert sketcher.signature("Too short to sketch reliably.") is None
    assert sketcher.signature("") is None


def test_signature_bytes_round_trip(sketcher: Sketcher) -> None:
    signature = sketcher.signature(story(6))

    again = Signature.from_bytes(signature.to_bytes())

    assert again.similarity(signature) == 1.0


@pytest.mark.parametrize("data", [b"", b"abc"])
def test_malformed_signature_bytes_are_refused(data: bytes) -> None:
    with pytest.raises(ValueError, match="not a signature"):
        Signature.from_bytes(data)


def test_index_finds_the_original_of_an_edited_copy(sketcher: Sketcher) -> None:
    index = NearDuplicateIndex()
    for key in range(1, 21):
        index.add(key, sketcher.signature(story(100 + key)))

    match = index.find_original(sketcher.signature(lightly_edited(story(107))))

    assert match is not None and (match.key, match.original) == (7, 7)
    assert index.find_original(sketcher.signature(story(999))) is None


def test_a_match_on_a_copy_leads_to_the_first_copy(sketcher: Sketcher) -> None:
    index = NearDuplicateIndex()
    index.add(1, sketcher.signature(story(8)))
    index.add(2, sketcher.signature(lightly_edited(story(8))), original=1)

    match = index.find_original(sketcher.signature(lightly_edited(lightly_edited(story(8)))))

    assert match is not None and match.original == 1


def test_removed_and_replaced_entries_are_not_found(sketcher: Sketcher) -> None:
    index = NearDuplicateIndex()
    index.add(1, sketcher.signature(story(9)))
    index.add(2, sketcher.signature(story(10)))

    index.remove(1)
    index.add(2, sketcher.signature(story(11)))  # a new version of article 2

    assert len(index) == 1 and 1 not in index
    assert index.find_original(sketcher.signature(story(9))) is None
    assert index.find_original(sketcher.signature(story(10))) is None
    assert index.find_original(sketcher.signature(story(11))).key == 2


def test_threshold_is_a_setting(sketcher: Sketcher) -> None:
    text = story(12)
    copy = sketcher.signature(lightly_edited(text))
    strict = NearDuplicateIndex(NearDuplicateSettings(threshold=1.0))
    strict.add(1, sketcher.signature(text))

    assert copy.similarity(sketcher.signature(text)) < 1.0
    assert strict.find_original(copy) is None


@pytest.mark.parametrize(
    "bad",
    [
        {"threshold": 0.0},
        {"threshold": 1.5},
        {"num_perm": 4},
        {"shingle_size": 0},
        {"shingle_size": 5, "min_words": 3},
        {"window": timedelta(0)},
    ],
)
def test_invalid_settings_are_refused(bad: dict) -> None:
    with pytest.raises(ValueError):
        NearDuplicateSettings(**bad)


def test_scheme_names_what_makes_signatures_comparable() -> None:
    assert NearDuplicateSettings().scheme != NearDuplicateSettings(shingle_size=5).scheme
    assert NearDuplicateSettings().scheme == NearDuplicateSettings(threshold=0.9).scheme


def test_signatures_are_datasketchs_affine32_minhashes(sketcher: Sketcher) -> None:
    datasketch = pytest.importorskip("datasketch")
    for number in range(5):
        text = story(200 + number)
        hashes = sketcher._shingle_hashes(words(text)).tolist()
        reference = datasketch.MinHash(num_perm=128, seed=1, hashfunc=int, scheme="affine32")
        reference.update_batch(hashes)
        assert sketcher.signature(text).to_bytes() == reference.hashvalues.astype("<u4").tobytes()


@pytest.mark.parametrize("threshold", [0.3, 0.65, 0.9])
def test_lsh_bands_are_datasketchs_choice(threshold: float) -> None:
    lsh = pytest.importorskip("datasketch.lsh")
    assert lsh_bands(threshold, 128) == lsh._optimal_param(threshold, 128, 0.5, 0.5)


def test_many_entries_removed_are_compacted_away(sketcher: Sketcher) -> None:
    index = NearDuplicateIndex()
    signatures = {
        key: sketcher.signature(story(300 + key % 40) + f" variant {key}") for key in range(1, 1201)
    }
    for key, signature in signatures.items():
        index.add(key, signature)
    for key in range(1, 1101):
        index.remove(key)
    index.add(5000, sketcher.signature(story(999)))  # compacts: most rows are dead

    assert len(index) == 101 and index._used == 101
    assert 1150 in [match.key for match in index.matches(signatures[1150])]
    assert index.find_original(sketcher.signature(story(999))).key == 5000
    assert index.get(1) is None and index.get(1200)[1] == 1200
