"""Near-duplicate detection: MinHash signatures of article bodies and an LSH index over them.

A syndicated story, or the same story lightly edited on another page, shares most of its word
sequences with the original. The body is cut into overlapping word shingles (``shingle_size``
consecutive words, lower-cased, punctuation ignored), the set of shingles is sketched with
datasketch's MinHash, and datasketch's MinHash LSH finds earlier signatures whose estimated
Jaccard similarity reaches ``threshold``. Candidates from LSH are then checked against the
estimate itself, so the threshold is a real cut-off rather than a probability.

This module knows nothing about databases: :class:`NearDuplicateIndex` holds signatures keyed
by an integer (the article id) together with the key of the first copy each one belongs to.
``newscrawl.db.duplicates`` stores the signatures and links articles at write time.

Speed: a signature costs about 1 ms for a 1,000-word body (word hashes with ``zlib.crc32``,
shingle hashes combined with numpy, then datasketch's vectorised permutations).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash

# datasketch is imported where it is used: it pulls in scipy, about a second of start-up that
# commands which never sketch (``newscrawl export``, ``newscrawl db``) should not pay.

_WORD = re.compile(r"\w+")
# Combines the word hashes of a shingle into one 32-bit value (a polynomial rolling hash).
_SHINGLE_MULTIPLIER = np.uint64(1_000_003)
_MASK32 = np.uint64(0xFFFFFFFF)
# datasketch's hash scheme: hash values below 2**32, stored here as 4 little-endian bytes each.
_SCHEME = "affine32"
_SIGNATURE_DTYPE = np.dtype("<u4")
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


class Sketcher:
    """Makes MinHash signatures of texts with fixed settings (the permutations are made once)."""

    def __init__(self, settings: NearDuplicateSettings) -> None:
        self.settings = settings
        self._permutations = _permutations(settings)

    def signature(self, text: str) -> Signature | None:
        """The signature of ``text``, or ``None`` when it has fewer than ``min_words`` words."""
        tokens = words(text)
        if len(tokens) < self.settings.min_words:
            return None
        from datasketch import MinHash

        minhash = MinHash(
            num_perm=self.settings.num_perm,
            seed=self.settings.seed,
            hashfunc=int,  # the values below are already 32-bit hashes
            permutations=self._permutations,
            scheme=_SCHEME,
        )
        minhash.update_batch(self._shingle_hashes(tokens).tolist())
        return Signature(minhash.hashvalues.astype(np.uint64))

    def _shingle_hashes(self, tokens: list[str]) -> np.ndarray:
        size = self.settings.shingle_size
        word_hashes = np.fromiter(
            (zlib.crc32(t.encode("utf-8", "replace")) for t in tokens),
            dtype=np.uint64,
            count=len(tokens),
        )
        count = len(tokens) - size + 1
        combined = np.zeros(count, dtype=np.uint64)
        for offset in range(size):
            # Below 2**52 before masking, so uint64 never overflows.
            combined = (combined * _SHINGLE_MULTIPLIER + word_hashes[offset : offset + count]) & (
                _MASK32
            )
        return np.unique(combined)


def _permutations(settings: NearDuplicateSettings) -> Any:
    """datasketch's permutation parameters for ``settings`` (deterministic in the seed)."""
    from datasketch import MinHash

    return MinHash(num_perm=settings.num_perm, seed=settings.seed).permutations


def _lsh_threshold(threshold: float) -> float:
    """The LSH banding aims a little below the real threshold: pairs just above it are then
    found almost always rather than about half the time, and every candidate is checked
    against the real threshold anyway. (datasketch needs at least two bands: at most 0.9.)"""
    return min(0.9, max(0.3, threshold - LSH_MARGIN))


def _band_key(data: bytes) -> bytes:
    # LSH buckets are keyed by 8-byte digests of the bands instead of the bands themselves:
    # a fraction of the memory per article.
    return hashlib.blake2b(data, digest_size=8).digest()


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
    """

    def __init__(self, settings: NearDuplicateSettings | None = None) -> None:
        from datasketch import MinHashLSH

        self.settings = settings or NearDuplicateSettings()
        self._lsh = MinHashLSH(
            threshold=_lsh_threshold(self.settings.threshold),
            num_perm=self.settings.num_perm,
            hashfunc=_band_key,
        )
        self._entries: dict[int, tuple[Signature, int]] = {}
        # Made once: MinHash() would otherwise regenerate them for every lookup.
        self._permutations = _permutations(self.settings)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def add(self, key: int, signature: Signature, original: int | None = None) -> None:
        """Index ``signature`` under ``key``; ``original`` is its first copy's key (default
        ``key``). Adding a key again replaces its entry (a new version of the article)."""
        if len(signature.values) != self.settings.num_perm:
            raise ValueError(
                f"signature has {len(signature.values)} values, the index {self.settings.num_perm}"
            )
        if key in self._entries:
            self.remove(key)
        self._lsh.insert(key, self._minhash(signature), check_duplication=False)
        self._entries[key] = (signature, key if original is None else original)

    def get(self, key: int) -> tuple[Signature, int] | None:
        """The signature and first-copy key stored under ``key``, if any."""
        return self._entries.get(key)

    def remove(self, key: int) -> None:
        """Forget ``key`` (no error when it is unknown)."""
        if self._entries.pop(key, None) is not None:
            self._lsh.remove(key)

    def matches(self, signature: Signature, exclude: Iterable[int] = ()) -> list[Match]:
        """Indexed entries at least ``threshold`` similar to ``signature``, most similar first
        (ties: the lower key, i.e. the older article, first)."""
        skip = set(exclude)
        found = []
        for key in self._lsh.query(self._minhash(signature)):
            if key in skip:
                continue
            stored, original = self._entries[key]
            similarity = signature.similarity(stored)
            if similarity >= self.settings.threshold:
                found.append(Match(key, original, similarity))
        return sorted(found, key=lambda m: (-m.similarity, m.key))

    def find_original(self, signature: Signature, exclude: Iterable[int] = ()) -> Match | None:
        """The best match's first copy: of all stories matched, the one first stored (lowest
        original key) among the most similar ones; ``None`` when nothing is similar enough."""
        found = self.matches(signature, exclude)
        if not found:
            return None
        return min(found, key=lambda m: (m.original, -m.similarity))

    def _minhash(self, signature: Signature) -> MinHash:
        from datasketch import MinHash

        return MinHash(
            seed=self.settings.seed,
            hashvalues=signature.values,
            permutations=self._permutations,
            scheme=_SCHEME,
        )
