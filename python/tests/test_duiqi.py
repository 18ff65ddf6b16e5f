"""Tests of the duiqi Python package against the duiqi CLI on the repository's own fixtures.

The CLI binary is taken from $DUIQI_BIN, else target/release/duiqi (built by
`cargo build --release`, which .ci/run does before running these tests).
"""

import json
import os
import subprocess
import threading
from pathlib import Path

import pytest

import duiqi

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "peoples-daily-2025-06-19.txt"
PAIR = ROOT / "tests" / "fixtures" / "pair"
CLI = Path(os.environ.get("DUIQI_BIN", ROOT / "target" / "release" / "duiqi"))


def cli(*args: str) -> None:
    assert CLI.exists(), f"the duiqi CLI is not at {CLI}: run `cargo build --release` or set DUIQI_BIN"
    subprocess.run([str(CLI), *args, "--quiet"], check=True)


def jsonl_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def assert_beads_match_lines(beads: list, lines: list[dict]) -> None:
    """Every attribute of every bead equals its CLI JSONL line (score as JSONL rounds it)."""
    assert len(beads) == len(lines)
    for n, (bead, line) in enumerate(zip(beads, lines)):
        assert bead.n == n
        assert bead.kind == line["kind"]
        assert bead.zh == line["zh"] and bead.en == line["en"]
        assert [list(s) for s in bead.zh_spans] == line["zh_spans"]
        assert [list(s) for s in bead.en_spans] == line["en_spans"]
        assert abs(bead.score - line["score"]) <= 0.0005 + 1e-12
        assert bead.other == line.get("other")
        assert [list(s) for s in bead.other_spans] == line.get("other_spans", [])
        assert bead.layout == line.get("layout")


def assert_char_spans_slice_back(beads: list, zh_text: str, en_text: str) -> None:
    """Character spans select in the str exactly what the byte spans select in its UTF-8."""
    zh_bytes, en_bytes = zh_text.encode(), en_text.encode()
    for bead in beads:
        for text, data, bytes_spans, char_spans in [
            (zh_text, zh_bytes, bead.zh_spans, bead.zh_char_spans),
            (en_text, en_bytes, bead.en_spans, bead.en_char_spans),
        ]:
            assert len(bytes_spans) == len(char_spans)
            for (s, e), (cs, ce) in zip(bytes_spans, char_spans):
                assert text[cs:ce] == data[s:e].decode()
        if bead.kind == "other":
            (s, e), (cs, ce) = bead.other_spans[0], bead.other_char_spans[0]
            assert any(t[cs:ce] == t.encode()[s:e].decode(errors="replace") for t in (zh_text, en_text))


def test_sample_gives_the_clis_jsonl_byte_for_byte(tmp_path: Path) -> None:
    cli("align", str(SAMPLE), "-o", str(tmp_path / "cli.jsonl"))
    text = SAMPLE.read_text(encoding="utf-8")
    beads = duiqi.align(text)
    assert_beads_match_lines(beads, jsonl_lines(tmp_path / "cli.jsonl"))
    duiqi.to_jsonl(beads, tmp_path / "py.jsonl")
    assert (tmp_path / "py.jsonl").read_bytes() == (tmp_path / "cli.jsonl").read_bytes()
    assert_char_spans_slice_back(beads, text, text)


@pytest.mark.parametrize("extension", ["tmx", "tsv"])
def test_writers_equal_the_clis(tmp_path: Path, extension: str) -> None:
    cli("align", str(SAMPLE), "-o", str(tmp_path / f"cli.{extension}"), "--min-score", "0.5")
    beads = duiqi.align(SAMPLE.read_text(encoding="utf-8"))
    writer = getattr(duiqi, f"to_{extension}")
    writer(beads, str(tmp_path / f"py.{extension}"), min_score=0.5)
    assert (tmp_path / f"py.{extension}").read_bytes() == (tmp_path / f"cli.{extension}").read_bytes()


@pytest.mark.parametrize("name,presplit", [("oman", False), ("presplit", True)])
def test_pair_gives_the_clis_jsonl(tmp_path: Path, name: str, presplit: bool) -> None:
    zh_path, en_path = PAIR / f"{name}.zh.txt", PAIR / f"{name}.en.txt"
    cli("align", str(zh_path), str(en_path), "-o", str(tmp_path / "cli.jsonl"), *(["--presplit"] if presplit else []))
    zh, en = zh_path.read_text(encoding="utf-8"), en_path.read_text(encoding="utf-8")
    beads = duiqi.align_pair(zh, en, presplit=presplit)
    assert any(b.kind == "pair" for b in beads)
    assert_beads_match_lines(beads, jsonl_lines(tmp_path / "cli.jsonl"))
    duiqi.to_jsonl(beads, tmp_path / "py.jsonl")
    assert (tmp_path / "py.jsonl").read_bytes() == (tmp_path / "cli.jsonl").read_bytes()
    assert_char_spans_slice_back(beads, zh, en)
    # Either order: the Chinese side is found by its text, spans still point into it.
    assert [b.to_dict() for b in duiqi.align_pair(en, zh, presplit=presplit)] == [b.to_dict() for b in beads]


def test_character_spans_count_characters_not_bytes() -> None:
    # A byte-order mark, astral characters (four UTF-8 bytes) and Korean (text in neither language).
    text = "\ufeff😀 Rates rose 2.5% in 2024, officials said. 😀 利率在2024年上升了2.5%，官员表示。\n안녕하세요 여러분, 반갑습니다.\n"
    beads = duiqi.align(text)
    assert [b.kind for b in beads if b.kind in ("pair", "other")] == ["pair", "other"]
    assert_char_spans_slice_back(beads, text, text)
    pair = next(b for b in beads if b.kind == "pair")
    (cs, ce), (s, e) = pair.zh_char_spans[0], pair.zh_spans[0]
    assert text[cs:ce] == "利率在2024年上升了2.5%，官员表示。"
    assert (s - cs, e - ce) != (0, 0), "byte and character offsets must differ after non-ASCII text"


def test_align_many_keeps_input_order_and_reports_bad_documents() -> None:
    sample = SAMPLE.read_text(encoding="utf-8")
    lines = sample.splitlines(keepends=True)
    paragraphs = ["".join(lines[i : i + 8]) for i in range(0, len(lines), 8)]
    zh, en = (PAIR / "oman.zh.txt").read_text(encoding="utf-8"), (PAIR / "oman.en.txt").read_text(encoding="utf-8")
    docs: list = [{"id": f"p{i}", "text": p} for i, p in enumerate(paragraphs[:12])]
    docs.insert(3, {"id": "empty", "text": ""})
    docs.insert(5, {"id": 7, "zh": zh, "en": en})
    docs.insert(6, {"id": "nul", "text": "Bad\x00 text. 坏的。"})
    docs.insert(8, {"id": "no-text"})
    docs.insert(9, ("tuple", sample))
    docs.insert(10, 42)
    docs.insert(11, {"id": 3.5, "text": "x"})
    results = list(duiqi.align_many(iter(docs), jobs=2))

    assert [r.index for r in results] == list(range(len(docs)))
    errors = {r.index: r.error for r in results if r.error}
    assert set(errors) == {3, 6, 8, 10, 11}
    assert "empty" in errors[3]
    assert "NUL" in errors[6] or "binary" in errors[6]
    assert '"text"' in errors[8]
    assert "tuple" in errors[10] and "int" in errors[10]
    assert '"id" must be a str or an int' in errors[11]
    for result in results:
        assert (result.beads == []) == (result.error is not None)
    by_index = {r.index: r for r in results}
    assert by_index[5].id == 7 and by_index[9].id == "tuple" and by_index[10].id is None
    # Every good document gets exactly the beads the single-document functions give.
    for i, doc in enumerate(docs):
        if i in errors:
            continue
        if isinstance(doc, tuple):
            expected = duiqi.align(doc[1])
        elif "text" in doc:
            expected = duiqi.align(doc["text"])
        else:
            expected = duiqi.align_pair(doc["zh"], doc["en"])
        assert [b.to_dict() for b in by_index[i].beads] == [b.to_dict() for b in expected]


def test_align_many_jsonl_carries_each_documents_id(tmp_path: Path) -> None:
    sample = SAMPLE.read_text(encoding="utf-8")
    results = list(duiqi.align_many([{"id": "a", "text": sample}, (17, sample)], jobs=1))
    beads = [b for r in results for b in r.beads]
    duiqi.to_jsonl(beads, tmp_path / "many.jsonl")
    lines = (tmp_path / "many.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(beads)
    half = len(beads) // 2
    assert all(line.startswith('{"id":"a",') for line in lines[:half])
    assert all(line.startswith('{"id":17,') for line in lines[half:])
    # Two documents make one merged memory with a count per unit, as `--merged` does.
    duiqi.to_tmx(beads, tmp_path / "many.tmx")
    assert '<prop type="x-count">2</prop>' in (tmp_path / "many.tmx").read_text(encoding="utf-8")


def test_the_gil_is_released_while_aligning() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    ticks = 0
    stop = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1

    thread = threading.Thread(target=count)
    thread.start()
    try:
        before = ticks
        results = list(duiqi.align_many([(i, text) for i in range(6)], jobs=1))
        during = ticks - before
    finally:
        stop.set()
        thread.join()
    assert all(r.error is None for r in results)
    # With the GIL held for the whole call the counting thread could not run at all.
    assert during > 1000


def test_align_many_errors_read_as_the_clis_stream_errors() -> None:
    # The CLI's JSONL stream puts "SOURCE:LINE: " before a document's error; the rest of
    # the message is the same, so both Spark engines give the same error rows.
    docs = [
        {"id": "empty", "text": ""},
        {"id": "blank", "text": " \n\t"},
        {"id": "nul", "text": "Bad\x00 text. 坏的。"},
        {"id": "empty-zh", "zh": "", "en": "Hello."},
        {"id": "no-en", "zh": "只有中文。"},
        {"id": "english", "zh": "Hello there.", "en": "General Kenobi."},
    ]
    stream = subprocess.run(
        [str(CLI), "align", "--input-format", "jsonl", "-", "-o", "-", "--quiet", "-j1"],
        input="".join(json.dumps(d) + "\n" for d in docs),
        capture_output=True,
        text=True,
    )
    assert stream.returncode == 1, stream.stderr
    cli_errors = [json.loads(line) for line in stream.stdout.splitlines()]
    assert [e["id"] for e in cli_errors] == [d["id"] for d in docs]
    prefixes = [f"<stdin>:{i}: " for i in range(1, len(docs) + 1)]
    assert all(e["error"].startswith(p) for e, p in zip(cli_errors, prefixes))
    results = list(duiqi.align_many(docs, jobs=1))
    assert [r.error for r in results] == [e["error"][len(p) :] for e, p in zip(cli_errors, prefixes)]


def test_to_tmx_units_writes_what_the_merged_memory_writes(tmp_path: Path) -> None:
    sample = SAMPLE.read_text(encoding="utf-8")
    beads = [b for r in duiqi.align_many([("a", sample), ("b", sample)], jobs=1) for b in r.beads]
    duiqi.to_tmx(beads, tmp_path / "merged.tmx")
    # The same deduplication done in Python (as Spark does it): first-seen order, best score, count.
    units: dict = {}
    for bead in beads:
        if bead.kind == "pair":
            zh, en, score, count = units.get((bead.zh, bead.en), (bead.zh, bead.en, 0.0, 0))
            units[(bead.zh, bead.en)] = (zh, en, max(score, bead.score), count + 1)
    assert all(u[3] % 2 == 0 for u in units.values())  # every pair at least once per copy
    duiqi.to_tmx_units(iter(units.values()), tmp_path / "units.tmx")
    assert (tmp_path / "units.tmx").read_bytes() == (tmp_path / "merged.tmx").read_bytes()
    # Without counts, no x-count; a bad unit raises and leaves no file.
    duiqi.to_tmx_units([("你好。", "Hello.", 0.9, None)], tmp_path / "one.tmx")
    assert "x-count" not in (tmp_path / "one.tmx").read_text(encoding="utf-8")
    with pytest.raises(TypeError, match=r"unit 1 must be a \(zh, en, score, count\) tuple"):
        duiqi.to_tmx_units([("你好。", "Hello.", 0.9, 1), ("你好。", "Hello.")], tmp_path / "bad.tmx")
    assert not (tmp_path / "bad.tmx").exists()
    with pytest.raises(TypeError, match="iterable of"):
        duiqi.to_tmx_units("no", tmp_path / "bad.tmx")


def test_coverage_matches_the_clis_report(tmp_path: Path) -> None:
    report_path = tmp_path / "coverage.json"
    with report_path.open("w") as out:
        subprocess.run([str(CLI), "coverage", str(SAMPLE), "--json"], check=True, stdout=out)
    expected = json.loads(report_path.read_text(encoding="utf-8"))
    report = duiqi.coverage(SAMPLE.read_text(encoding="utf-8"))
    assert report["summary"] == expected["summary"]
    strip_file = lambda findings: [{k: v for k, v in f.items() if k != "file"} for f in findings]
    assert strip_file(report["findings"]) == strip_file(expected["findings"])
    pair = duiqi.coverage(zh=(PAIR / "oman.zh.txt").read_text(), en=(PAIR / "oman.en.txt").read_text())
    assert pair["summary"]["zh"]["sentences"] > 0


def test_invalid_input_raises_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"align\(\) argument 'text' must be str, not int"):
        duiqi.align(5)
    with pytest.raises(TypeError, match="must be str, not bytes"):
        duiqi.align_pair(b"\xe4\xbd\xa0", "Hello.")
    with pytest.raises(ValueError, match="empty"):
        duiqi.align("")
    with pytest.raises(ValueError, match="only whitespace"):
        duiqi.align(" \n\t")
    with pytest.raises(ValueError, match="Chinese"):
        duiqi.align_pair("Hello there.", "General Kenobi.")
    with pytest.raises(TypeError, match="iterable of documents"):
        duiqi.align_many("not a list of documents")
    with pytest.raises(TypeError, match="iterable of documents"):
        duiqi.align_many(12)
    with pytest.raises(ValueError, match="at least 1"):
        duiqi.align_many([], jobs=0)
    with pytest.raises(TypeError, match="'jobs' must be an int"):
        duiqi.align_many([], jobs="2")
    with pytest.raises(TypeError, match="list of duiqi.Bead"):
        duiqi.to_jsonl([1, 2], tmp_path / "x.jsonl")
    with pytest.raises(ValueError, match="min_score"):
        duiqi.to_tmx([], tmp_path / "x.tmx", min_score=2)
    with pytest.raises(ValueError, match="either text"):
        duiqi.coverage()
    with pytest.raises(OSError, match="directory"):
        duiqi.to_tsv(duiqi.align("Hi there. 你好。"), tmp_path)
    assert not (tmp_path / "x.jsonl").exists()
