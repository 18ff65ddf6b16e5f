"""对齐 duiqi: Chinese–English parallel-text alignment (type stub of the compiled module)."""

import os
from typing import Any, Iterable, Iterator, Literal, Mapping, Optional, Sequence, Tuple, Union

__version__: str

Span = Tuple[int, int]
Document = Union[Mapping[str, Any], Tuple[Union[str, int], str], Tuple[Union[str, int], str, str]]

class Bead:
    """One alignment unit (a pair, one side alone, or text in neither language).

    Byte spans are UTF-8 offsets into the input string each side came from, as in the
    CLI's JSONL; char spans are the same ranges in characters (``text[s:e]``).
    """

    @property
    def n(self) -> int:
        """Position of the bead in its document, in the order of the CLI's JSONL."""
    @property
    def kind(self) -> Literal["pair", "zh_only", "en_only", "other"]: ...
    @property
    def score(self) -> float:
        """Estimated probability (0..1) that the bead is exactly right, as the CLI's
        ``score`` (JSONL rounds it to three decimals); 0 for ``other``."""
    @property
    def zh(self) -> str: ...
    @property
    def en(self) -> str: ...
    @property
    def zh_spans(self) -> list[Span]: ...
    @property
    def en_spans(self) -> list[Span]: ...
    @property
    def zh_char_spans(self) -> list[Span]: ...
    @property
    def en_char_spans(self) -> list[Span]: ...
    @property
    def other(self) -> Optional[str]:
        """Text in neither language (``kind == "other"``), else None."""
    @property
    def other_spans(self) -> list[Span]: ...
    @property
    def other_char_spans(self) -> list[Span]: ...
    @property
    def layout(self) -> Optional[Literal["en-first", "zh-first"]]:
        """A pair of interleaved text: which side comes first (JSONL's ``layout``), else None."""
    def to_dict(self) -> dict[str, Any]:
        """The public attributes as a dict."""

class Result:
    """One document of ``align_many``: its beads, or why it could not be aligned."""

    @property
    def index(self) -> int:
        """Position of the document in the input."""
    @property
    def id(self) -> Any:
        """The document's id as given (None if it had none)."""
    @property
    def beads(self) -> list[Bead]:
        """The document's beads; empty when ``error`` is set."""
    @property
    def error(self) -> Optional[str]: ...

class ResultIterator(Iterator[Result]):
    def __iter__(self) -> ResultIterator: ...
    def __next__(self) -> Result: ...

def align(text: str) -> list[Bead]:
    """Aligns interleaved text (Chinese passages following their English translations).

    Raises TypeError if ``text`` is not a str, ValueError if it is empty, blank or has NUL.
    """

def align_pair(zh: str, en: str, presplit: bool = False) -> list[Bead]:
    """Aligns a Chinese document with its English translation (either order).

    With ``presplit=True`` every line is one sentence, as in sentence-aligned corpora.
    """

def align_many(
    docs: Iterable[Document], jobs: Optional[int] = None, presplit: bool = False
) -> ResultIterator:
    """Aligns many documents; one Result per document, in input order.

    A document is ``{"id": ..., "text": ...}``, ``{"id": ..., "zh": ..., "en": ...}``,
    ``(id, text)`` or ``(id, zh, en)``. A bad document gives a Result with ``error`` set;
    it never stops the batch. ``jobs`` threads (default: every core), GIL released.
    """

def coverage(
    text: Optional[str] = None,
    *,
    zh: Optional[str] = None,
    en: Optional[str] = None,
    presplit: bool = False,
) -> dict[str, Any]:
    """Coverage report (``summary`` and ``findings``) of interleaved text or a pair."""

def to_tmx(beads: Iterable[Bead], path: Union[str, os.PathLike[str]], min_score: float = 0.0) -> None:
    """TMX 1.4 (one document as ``duiqi align``; several merged as ``--merged``)."""

def to_tmx_units(
    units: Iterable[Tuple[str, str, float, Optional[int]]], path: Union[str, os.PathLike[str]]
) -> None:
    """TMX 1.4 of units merged elsewhere (e.g. deduplicated by Spark): ``(zh, en, score,
    count)`` tuples in the order given, ``count`` written as ``x-count``; read as a stream."""

def to_tsv(beads: Iterable[Bead], path: Union[str, os.PathLike[str]], min_score: float = 0.0) -> None:
    """``score<TAB>zh<TAB>en`` table, one header."""

def to_jsonl(beads: Iterable[Bead], path: Union[str, os.PathLike[str]], min_score: float = 0.0) -> None:
    """The CLI's JSONL byte for byte (an ``id`` on every line for align_many beads)."""
