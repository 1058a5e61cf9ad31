"""Near-duplicate detection: MinHash signatures of article bodies and an LSH index over them.

A syndicated story, or the same story lightly edited on another page, shares most of its word
sequences with the original. The body is cut into overlapping word shingles (``shingle_size``
consecutive words, lower-cased, punctuation ignored), the set of shingles is sketched with
MinHash, and an LSH index (locality-sensitive hashing: bands of the signature as bucket keys)
finds earlier signatures whose estimated Jaccard similarity reaches ``threshold``. Candidates
from LSH are then checked against the estimate itself, so the threshold is a real cut-off
rather than a probability.

The MinHash is datasketch's ``affine32`` scheme (the input hashes pre-mixed with the
MurmurHash3 finalizer, then ``a·h + b`` modulo 2³² per permutation, permutations drawn from
``numpy.random.RandomState(seed)``), computed here with numpy alone: signatures are bit for bit
those datasketch makes (the stored ``scheme`` name says so), without importing datasketch and
the scipy it pulls in (some 60 MB of a crawler's memory, and a second of its start-up).

This module knows nothing about databases: :class:`NearDuplicateIndex` holds signatures keyed
by an integer (the article id) together with the key of the first copy each one belongs to.
``newscrawl.db.duplicates`` stores the signatures and links articles at write time.

Speed: a signature costs about 1 ms for a 1,000-word body (word hashes with ``zlib.crc32``,
shingle hashes combined with numpy, then vectorised permutations). Memory: the index keeps
about 0.8 kB per article (the signature as 32-bit values, and one 64-bit key per band in
sorted numpy arrays), a fraction of what per-bucket Python sets would take.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from operator import methodcaller
from typing import NamedTuple

import numpy as np

_WORD = re.compile(r"\w+")
# A token's bytes, as the hash reads them (a C call per token: no Python frame each).
_UTF8 = methodcaller("encode", "utf-8", "replace")
# Combines the word hashes of a shingle into one 32-bit value (a polynomial rolling hash).
_SHINGLE_MULTIPLIER = np.uint64(1_000_003)
_MASK32 = np.uint64(0xFFFFFFFF)
# datasketch's hash scheme: hash values below 2**32, stored here as 4 little-endian bytes each.
_SCHEME = "affine32"
_SIGNATURE_DTYPE = np.dtype("<u4")
# The MurmurHash3 32-bit finalizer's shifts and multipliers (datasketch's pre-mix).
_FMIX_SHIFT_1, _FMIX_SHIFT_2, _FMIX_SHIFT_3 = np.uint32(16), np.uint32(13), np.uint32(16)
_FMIX_MULTIPLIER_1, _FMIX_MULTIPLIER_2 = np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35)
# Equal weights of false positives and false negatives when choosing the LSH bands.
_FALSE_POSITIVE_WEIGHT = _FALSE_NEGATIVE_WEIGHT = 0.5
# Points of the numerical integration of the LSH error probabilities.
_INTEGRATION_POINTS = 1001
# The index's arrays grow by this factor when full.
_GROWTH = 1.5
# How far below the similarity threshold the LSH bands aim (see _lsh_threshold).
LSH_MARGIN = 0.15


@dataclass(frozen=True)
class NearDuplicateSettings:
    """How near duplicates are found.

    ``threshold``: estimated Jaccard similarity of the bodies' shingle sets from which two
    articles are copies of one story (0.8 catches a syndicated copy with a new intro line and a
    few changed words; unrelated stories on one topic stay far below 0.2).
    ``num_perm``: MinHash permutations (more is more precise and slower; 128 gives about ±0.04).
    ``shingle_size``: words per shingle. ``min_words``: shorter bodies are only matched exactly
    (a sketch of a handful of shingles is too noisy). ``window``: only articles signed within
    this long before the newest write are loaded into a new process's index (syndication
    happens within days; the bound keeps memory flat over months of crawling); ``None`` loads
    every signature. ``seed``: the MinHash seed; signatures made with other values are ignored.
    """

    threshold: float = 0.8
    num_perm: int = 128
    shingle_size: int = 4
    min_words: int = 20
    window: timedelta | None = timedelta(days=30)
    seed: int = 1

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if self.num_perm < 16:
            raise ValueError(f"num_perm must be at least 16, got {self.num_perm}")
        if self.shingle_size < 1 or self.min_words < self.shingle_size:
            raise ValueError(
                "shingle_size must be at least 1 and min_words at least shingle_size, got "
                f"{self.shingle_size} and {self.min_words}"
            )
        if self.window is not None and self.window <= timedelta(0):
            raise ValueError(f"window must be positive or None, got {self.window}")

    @property
    def scheme(self) -> str:
        """Names everything that makes two signatures comparable (stored with each one)."""
        return f"minhash-{_SCHEME}-p{self.num_perm}-s{self.seed}-w{self.shingle_size}"


class Signature(NamedTuple):
    """A MinHash signature: ``num_perm`` 32-bit hash values."""

    values: np.ndarray

    def to_bytes(self) -> bytes:
        """Compact form for the database: 4 little-endian bytes per value."""
        return self.values.astype(_SIGNATURE_DTYPE).tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        """Inverse of :meth:`to_bytes`; raises ``ValueError`` for a length that is not 4·n."""
        if not data or len(data) % _SIGNATURE_DTYPE.itemsize:
            raise ValueError(f"not a signature: {len(data)} bytes")
        return cls(np.frombuffer(data, dtype=_SIGNATURE_DTYPE).astype(np.uint64))

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity (share of equal values)."""
        if len(self.values) != len(other.values):
            raise ValueError("signatures of different sizes cannot be compared")
        return float(np.count_nonzero(self.values == other.values)) / len(self.values)


def words(text: str) -> list[str]:
    """The lower-cased words of ``text`` (``\\w+``; punctuation and spacing ignored)."""
    return _WORD.findall(text.lower())


def has_a_word(text: str) -> bool:
    """Whether ``text`` has at least one of its :func:`words` (without listing them all)."""
    return _WORD.search(text) is not None


class Sketcher:
    """Makes MinHash signatures of texts with fixed settings (the permutations are made once)."""

    def __init__(self, settings: NearDuplicateSettings) -> None:
        self.settings = settings
        self._a, self._b = _permutations(settings)
        self._a_column, self._b_column = self._a.reshape(-1, 1), self._b.reshape(-1, 1)

    def signature(self, text: str) -> Signature | None:
        """The signature of ``text``, or ``None`` when it has fewer than ``min_words`` words."""
        tokens = words(text)
        if len(tokens) < self.settings.min_words:
            return None
        hashes = _fmix32(self._shingle_hashes(tokens).astype(np.uint32))
        # One row per permutation, one column per shingle; uint32 arithmetic wraps modulo
        # 2**32. Computed in place in one array: a fresh temporary per operation (hundreds of
        # kilobytes, newly mapped each time) cost six times as much as the arithmetic.
        permuted = np.empty((len(self._a), len(hashes)), dtype=np.uint32)
        np.multiply(self._a_column, hashes, out=permuted)
        np.add(permuted, self._b_column, out=permuted)
        return Signature(permuted.min(axis=1).astype(np.uint64))

    def _shingle_hashes(self, tokens: list[str]) -> np.ndarray:
        size = self.settings.shingle_size
        word_hashes = np.fromiter(
            map(zlib.crc32, map(_UTF8, tokens)), dtype=np.uint64, count=len(tokens)
        )
        count = len(tokens) - size + 1
        combined = np.zeros(count, dtype=np.uint64)
        for offset in range(size):
            # Below 2**52 before masking, so uint64 never overflows.
            combined = (combined * _SHINGLE_MULTIPLIER + word_hashes[offset : offset + count]) & (
                _MASK32
            )
        return np.unique(combined)

    @property
    def made_with(self) -> str:
        """Names everything that decides a signature (or its absence) for a given text: the
        scheme, and the fewest words sketched."""
        return f"{self.settings.scheme}-m{self.settings.min_words}"

    def sketch(self, title: str | None, body: str) -> BodySketch:
        """The body's signature, tagged with the content hash of ``title`` and ``body`` (see
        :class:`BodySketch`)."""
        from newscrawl.fingerprint import content_hash

        signature = self.signature(body)
        return BodySketch(
            content_hash=content_hash(title, body),
            made_with=self.made_with,
            signature=signature.to_bytes() if signature is not None else None,
        )

    def carried_signature(
        self, sketch: BodySketch | None, content_hash: str
    ) -> tuple[bool, Signature | None]:
        """``(True, signature)`` when ``sketch`` was made, with these settings, from an article
        whose content hash is ``content_hash``; else ``(False, None)``: sketch the body anew."""
        if (
            not isinstance(sketch, BodySketch)
            or sketch.content_hash != content_hash
            or sketch.made_with != self.made_with
        ):
            return False, None
        if sketch.signature is None:
            return True, None
        return True, Signature.from_bytes(sketch.signature)


@dataclass(frozen=True)
class BodySketch:
    """An article body's signature, made where the article was extracted (in an analysis
    worker process, off the crawler's main process) and carried with it to the store.

    ``content_hash`` is the :func:`~newscrawl.fingerprint.article_content_hash` of the article
    it was made from. Signatures depend on the body's words only, and that hash on its text
    with whitespace collapsed: an article stored with the same content hash (whitespace
    normalised, say) has the same signature, and one whose title or body changed on the way
    (a NUL removed, a title filled in from a feed) is sketched anew by the store.
    ``made_with`` is :attr:`Sketcher.made_with`; ``signature`` is
    :meth:`Signature.to_bytes` (compact to send between processes), ``None`` for a body too
    short to sketch.
    """

    content_hash: str
    made_with: str
    signature: bytes | None


def _fmix32(values: np.ndarray) -> np.ndarray:
    """The MurmurHash3 finalizer on uint32 values (a bijection that spreads similar inputs)."""
    values = values ^ (values >> _FMIX_SHIFT_1)
    values = values * _FMIX_MULTIPLIER_1
    values = values ^ (values >> _FMIX_SHIFT_2)
    values = values * _FMIX_MULTIPLIER_2
    return values ^ (values >> _FMIX_SHIFT_3)


def _permutations(settings: NearDuplicateSettings) -> tuple[np.ndarray, np.ndarray]:
    """The affine permutations ``a·h + b`` (``a`` odd) for ``settings``, as datasketch draws
    them for its ``affine32`` scheme (deterministic in the seed)."""
    generator = np.random.RandomState(settings.seed)
    count = settings.num_perm
    a = generator.randint(0, 1 << 31, count, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, count, dtype=np.uint32)
    return a, b


def _lsh_threshold(threshold: float) -> float:
    """The LSH banding aims a little below the real threshold: pairs just above it are then
    found almost always rather than about half the time, and every candidate is checked
    against the real threshold anyway. (At least two bands are wanted: at most 0.9.)"""
    return min(0.9, max(0.3, threshold - LSH_MARGIN))


def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """The number of bands and of rows per band that minimise the (equally weighted) chances
    of a false positive below ``threshold`` and of a false negative above it (as datasketch's
    ``MinHashLSH`` chooses them)."""
    best, best_error = (1, num_perm), float("inf")
    below = np.linspace(0.0, threshold, _INTEGRATION_POINTS)
    above = np.linspace(threshold, 1.0, _INTEGRATION_POINTS)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            false_positive = _integral(1 - (1 - below**rows) ** bands, below)
            false_negative = _integral((1 - above**rows) ** bands, above)
            error = (
                false_positive * _FALSE_POSITIVE_WEIGHT + false_negative * _FALSE_NEGATIVE_WEIGHT
            )
            if error < best_error:
                best, best_error = (bands, rows), error
    return best


def _integral(values: np.ndarray, points: np.ndarray) -> float:
    """Trapezoid rule."""
    return float(np.sum((values[1:] + values[:-1]) * np.diff(points)) / 2)


class Match(NamedTuple):
    """An earlier article similar enough: its key, the key of its first copy, the similarity."""

    key: int
    original: int
    similarity: float


class NearDuplicateIndex:
    """Signatures of earlier articles, searchable for near duplicates (in memory, one process).

    Each entry has a key (an article id) and the key of the first copy of its story (itself for
    an original), so that a match on a copy leads to the original: links never form chains.
    Not thread-safe; the database writer uses it from its one thread.

    Storage: row ``i`` of a uint32 array is a signature, and the 64-bit hashes of its bands
    (each band hashed with multipliers of its own) go to one array kept sorted, with the row
    of each (new rows wait in a small tail, merged when it grows), so a lookup is one
    vectorised binary search. A removed or replaced entry leaves its row behind, unreachable;
    :meth:`add` compacts the arrays when such rows are half of them.
    """

    def __init__(self, settings: NearDuplicateSettings | None = None) -> None:
        self.settings = settings or NearDuplicateSettings()
        bands, rows = lsh_bands(_lsh_threshold(self.settings.threshold), self.settings.num_perm)
        self._bands, self._rows = bands, rows
        # Odd 64-bit multipliers, a row of them per band: a band's hash is the dot product of
        # its values with its row (mod 2**64).
        generator = np.random.RandomState(self.settings.seed)
        self._band_multipliers = generator.randint(
            0, 1 << 63, (bands, rows), dtype=np.uint64
        ) * np.uint64(2) + np.uint64(1)
        self._clear()

    def _clear(self) -> None:
        self._signatures = np.zeros((0, self.settings.num_perm), dtype=np.uint32)
        self._originals = np.zeros(0, dtype=np.int64)
        self._used = 0  # rows of the arrays in use (live or not)
        self._row_of: dict[int, int] = {}  # key -> row of its current entry
        self._key_of: dict[int, int] = {}  # row -> key, live rows only
        # The band hashes of every row, sorted, and the row of each ...
        self._sorted_hashes = np.zeros(0, dtype=np.uint64)
        self._sorted_rows = np.zeros(0, dtype=np.int64)
        self._merged = 0  # rows [0, _merged) are in the sorted arrays
        # ... and, for the rows not merged yet: band hash -> rows.
        self._tail: dict[int, list[int]] = {}
        self._tail_hashes: list[np.ndarray] = []

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, key: object) -> bool:
        return key in self._row_of

    def add(self, key: int, signature: Signature, original: int | None = None) -> None:
        """Index ``signature`` under ``key``; ``original`` is its first copy's key (default
        ``key``). Adding a key again replaces its entry (a new version of the article)."""
        if len(signature.values) != self.settings.num_perm:
            raise ValueError(
                f"signature has {len(signature.values)} values, the index {self.settings.num_perm}"
            )
        if key in self._row_of:
            self.remove(key)
        if self._used and 2 * len(self._row_of) < self._used and self._used >= 1024:
            self._compact()
        row = self._append(signature, key if original is None else original)
        self._row_of[key] = row
        self._key_of[row] = key
        hashes = self._band_hashes(self._signatures[row])
        self._tail_hashes.append(hashes)
        for value in hashes.tolist():
            self._tail.setdefault(value, []).append(row)
        # Merging sorts every band: done rarely, so that it costs O(1) per article on average.
        if len(self._tail_hashes) >= max(256, self._merged // 16):
            self._merge_tail()

    def get(self, key: int) -> tuple[Signature, int] | None:
        """The signature and first-copy key stored under ``key``, if any."""
        row = self._row_of.get(key)
        if row is None:
            return None
        values = self._signatures[row].astype(np.uint64)
        return Signature(values), int(self._originals[row])

    def remove(self, key: int) -> None:
        """Forget ``key`` (no error when it is unknown)."""
        row = self._row_of.pop(key, None)
        if row is not None:
            del self._key_of[row]

    def matches(self, signature: Signature, exclude: Iterable[int] = ()) -> list[Match]:
        """Indexed entries at least ``threshold`` similar to ``signature``, most similar first
        (ties: the lower key, i.e. the older article, first)."""
        skip = set(exclude)
        values = signature.values.astype(np.uint32)
        found = []
        for row in sorted(self._candidates(values)):
            key = self._key_of.get(row)
            if key is None or key in skip:
                continue
            similarity = float(np.count_nonzero(self._signatures[row] == values)) / len(values)
            if similarity >= self.settings.threshold:
                found.append(Match(key, int(self._originals[row]), similarity))
        return sorted(found, key=lambda m: (-m.similarity, m.key))

    def find_original(self, signature: Signature, exclude: Iterable[int] = ()) -> Match | None:
        """The best match's first copy: of all stories matched, the one first stored (lowest
        original key) among the most similar ones; ``None`` when nothing is similar enough."""
        found = self.matches(signature, exclude)
        if not found:
            return None
        return min(found, key=lambda m: (m.original, -m.similarity))

    # -- storage -----------------------------------------------------------------------------

    def _band_hashes(self, values: np.ndarray) -> np.ndarray:
        used = values[: self._bands * self._rows].astype(np.uint64)
        products = used.reshape(self._bands, self._rows) * self._band_multipliers
        return products.sum(axis=1, dtype=np.uint64)

    def _append(self, signature: Signature, original: int) -> int:
        if self._used == len(self._signatures):
            capacity = max(64, int(len(self._signatures) * _GROWTH))
            self._signatures = _resized(self._signatures, capacity)
            self._originals = _resized(self._originals, capacity)
        row = self._used
        self._signatures[row] = signature.values.astype(np.uint32)
        self._originals[row] = original
        self._used += 1
        return row

    def _candidates(self, values: np.ndarray) -> set[int]:
        hashes = self._band_hashes(values)
        rows: set[int] = set()
        for value in hashes.tolist():
            rows.update(self._tail.get(value, ()))
        starts = np.searchsorted(self._sorted_hashes, hashes, side="left")
        ends = np.searchsorted(self._sorted_hashes, hashes, side="right")
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            if end > start:
                rows.update(self._sorted_rows[start:end].tolist())
        return rows

    def _merge_tail(self) -> None:
        """Move the unmerged rows' band hashes into the sorted arrays."""
        if not self._tail_hashes:
            return
        count = len(self._tail_hashes)
        new_rows = np.repeat(np.arange(self._merged, self._merged + count), self._bands)
        hashes = np.concatenate([self._sorted_hashes, *self._tail_hashes])
        rows = np.concatenate([self._sorted_rows, new_rows])
        order = np.argsort(hashes, kind="stable")  # a merge of two sorted runs
        self._sorted_hashes = hashes[order]
        self._sorted_rows = rows[order]
        self._merged += count
        self._tail_hashes = []
        self._tail = {}

    def _compact(self) -> None:
        """Drop the rows of removed and replaced entries (rebuilding the band arrays)."""
        entries = sorted(self._row_of.items(), key=lambda item: item[1])
        signatures = self._signatures[[row for _, row in entries]]
        originals = self._originals[[row for _, row in entries]]
        self._clear()
        for (key, _), values, original in zip(entries, signatures, originals, strict=True):
            self.add(key, Signature(values.astype(np.uint64)), int(original))


def _resized(array: np.ndarray, rows: int) -> np.ndarray:
    grown = np.zeros((rows, *array.shape[1:]), dtype=array.dtype)
    grown[: len(array)] = array
    return grown
