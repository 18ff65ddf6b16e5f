"""align_corpus.py in Spark local[2] gives, per document, exactly the CLI's JSONL lines,
with either engine (the duiqi wheel, or the duiqi binary shipped with SparkFiles), and a
merged TMX that is valid and deduplicated.

Needs pyspark, pandas, pyarrow, Java 17, the duiqi wheel installed, and the CLI at
$DUIQI_BIN (default target/release/duiqi); the TMX is validated against $DUIQI_TMX_DTD
when it is set. .ci/run sets all of this up. One Spark session serves every test.
"""

import json
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(os.environ.get("DUIQI_BIN", ROOT / "target" / "release" / "duiqi"))
SCRIPT = ROOT / "examples" / "spark" / "align_corpus.py"
sys.path.insert(0, str(SCRIPT.parent))

import align_corpus  # noqa: E402


def make_corpus(path: Path) -> list:
    """At least 50 documents from the repository's fixtures, a pair and bad documents."""
    sample = (ROOT / "data" / "peoples-daily-2025-06-19.txt").read_text(encoding="utf-8")
    lines = sample.splitlines(keepends=True)
    docs = []
    for size in (2, 4, 8):
        for start in range(0, len(lines), size):
            docs.append({"id": f"pd-{size}-{start}", "text": "".join(lines[start : start + size])})
    docs.append({"id": 1, "text": sample})
    docs.append({"id": "english", "text": (ROOT / "tests/fixtures/english-news.txt").read_text(encoding="utf-8")})
    pair = ROOT / "tests" / "fixtures" / "pair"
    docs.append(
        {
            "id": "oman-pair",
            "zh": (pair / "oman.zh.txt").read_text(encoding="utf-8"),
            "en": (pair / "oman.en.txt").read_text(encoding="utf-8"),
        }
    )
    # Line and paragraph separators, which must not split a JSONL line in two.
    docs.append({"id": "separators", "text": "Prices rose 5% in May.\u2028Officials said so.\x85 五月价格上涨了5%。\u2029官员这么说。"})
    docs.append({"id": "empty", "text": ""})
    docs.append({"id": "blank", "text": " \n\t "})
    docs.append({"id": "no-text", "zh": "只有中文。"})
    docs.append({"text": "An id-less document. 没有编号的文件。"})
    lines_out = [json.dumps(d, ensure_ascii=False) for d in docs]
    lines_out.insert(10, '{"id": "broken", "text": "unterminated')
    path.write_text("\n".join(lines_out) + "\n", encoding="utf-8")
    return docs


def cli_lines(corpus: Path, out: Path) -> tuple:
    """The single-machine reference: `duiqi align --input-format jsonl -j2`'s lines by
    document id (without the id), and its errors by id without the "FILE:LINE: " place."""
    run = subprocess.run(
        [str(CLI), "align", "--input-format", "jsonl", str(corpus), "-o", str(out), "-j2", "--quiet"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1, run.stderr  # some documents fail, the others are written
    beads: dict = {}
    errors: dict = {}
    for text in out.read_text(encoding="utf-8").split("\n")[:-1]:
        line = json.loads(text)
        doc_id = line.pop("id", None)
        if "error" in line:
            errors[None if doc_id is None else str(doc_id)] = re.sub(r"^.*?:\d+: ", "", line["error"])
        else:
            beads.setdefault(str(doc_id), []).append(line)
    return beads, errors


def as_lines(rows: pd.DataFrame) -> dict:
    """Parquet bead rows back into JSONL-shaped lines by id, ordered by n (null columns
    are keys the CLI leaves out)."""
    by_id: dict = {}
    for doc_id, group in rows.groupby("id"):
        lines = []
        for row in group.sort_values("n").to_dict("records"):
            line = {}
            for key, value in row.items():
                if key in ("id", "error") or value is None or (isinstance(value, float) and pd.isna(value)):
                    continue
                if key.endswith("spans"):
                    value = [[int(x) for x in span] for span in value]
                line[key] = int(value) if key == "n" else value
            lines.append(line)
        by_id[doc_id] = lines
    return by_id


def sorted_rows(frame: pd.DataFrame) -> list:
    frame = frame.sort_values(["id", "n", "error"], na_position="first", kind="stable")
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def tmx_units(path: Path) -> list:
    units = []
    for tu in ET.parse(path).getroot().iter("tu"):
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        zh, en = (tuv.find("seg").text for tuv in tu.findall("tuv"))
        units.append((zh, en, props["x-score"], int(props["x-count"])))
    return units


def validate_tmx(path: Path) -> None:
    dtd = os.environ.get("DUIQI_TMX_DTD")
    if dtd:
        # --path: the file's DOCTYPE names "tmx14.dtd", found beside the given DTD.
        subprocess.run(
            ["xmllint", "--noout", "--path", str(Path(dtd).parent), "--dtdvalid", dtd, str(path)], check=True
        )
    else:
        ET.parse(path)  # well-formed at least; .ci/run sets DUIQI_TMX_DTD


@pytest.fixture(scope="module")
def spark():
    # The workers run this interpreter, the one with duiqi installed.
    os.environ["PYSPARK_PYTHON"] = os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("duiqi-align-corpus-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    # The functions the tasks run live in align_corpus, which the workers import.
    session.sparkContext.addPyFile(str(SCRIPT))
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple:
    folder = tmp_path_factory.mktemp("corpus")
    corpus = folder / "corpus.jsonl"
    docs = make_corpus(corpus)
    assert len(docs) >= 50
    started = time.perf_counter()
    beads, errors = cli_lines(corpus, folder / "cli.jsonl")
    print(f"\n{len(docs)} documents, {corpus.stat().st_size / 1e6:.2f} MB: CLI -j2 {time.perf_counter() - started:.2f} s")
    return corpus, docs, beads, errors


def test_both_engines_give_the_clis_lines_and_one_deduplicated_tmx(spark, corpus, tmp_path: Path) -> None:
    corpus_path, docs, expected, expected_errors = corpus
    outputs = {}
    for engine in ("wheel", "cli"):
        started = time.perf_counter()
        align_corpus.align_corpus(
            spark,
            str(corpus_path),
            str(tmp_path / f"{engine}.parquet"),
            engine=engine,
            duiqi_binary=str(CLI),
            partitions=2,
            tmx=str(tmp_path / f"{engine}.tmx"),
        )
        print(f"engine {engine}: {time.perf_counter() - started:.1f} s in Spark local[2]")
        outputs[engine] = pd.read_parquet(tmp_path / f"{engine}.parquet")

    # The two engines give the same rows, errors included.
    assert sorted_rows(outputs["wheel"]) == sorted_rows(outputs["cli"])
    rows = outputs["cli"]
    errors = rows[rows["error"].notna()]
    beads = rows[rows["error"].isna()]
    assert beads["n"].notna().all() and errors["n"].isna().all() and errors["kind"].isna().all()

    # Errors are rows, worded as the CLI words them (less its "FILE:LINE: "), one per
    # failed document; a line that is not JSON and one without an id have no id.
    with_id = errors[errors["id"].notna()]
    by_id = dict(zip(with_id["id"], with_id["error"]))
    assert len(by_id) == len(with_id)
    assert by_id == {k: v for k, v in expected_errors.items() if k is not None}
    assert set(by_id) == {"empty", "blank", "no-text"}
    assert "empty" in by_id["empty"] and "whitespace" in by_id["blank"]
    without_id = sorted(errors[errors["id"].isna()]["error"])
    assert len(without_id) == 2
    assert without_id[0].startswith('a document without an "id"')
    assert without_id[1].startswith("not a JSON document line")

    # Every good document: exactly the CLI's lines, in the CLI's order.
    good = {str(d["id"]) for d in docs if "id" in d} - set(by_id)
    got = as_lines(beads)
    assert set(got) == good == set(expected)
    for doc_id in sorted(good):
        assert [line["n"] for line in got[doc_id]] == list(range(len(got[doc_id])))
        assert got[doc_id] == expected[doc_id], doc_id

    # One merged TMX per engine, the same bytes; valid TMX 1.4; one unit per distinct
    # (zh, en) pair of the corpus with its best score and how often it occurred.
    wheel_tmx, cli_tmx = tmp_path / "wheel.tmx", tmp_path / "cli.tmx"
    assert wheel_tmx.read_bytes() == cli_tmx.read_bytes()
    validate_tmx(cli_tmx)
    units = tmx_units(cli_tmx)
    pairs = [(line["zh"], line["en"], line["score"]) for lines in expected.values() for line in lines if line["kind"] == "pair"]
    occurrences = Counter((zh, en) for zh, en, _ in pairs)
    assert max(occurrences.values()) > 1, "the corpus must repeat pairs for deduplication to be tested"
    assert len(units) == len({(zh, en) for zh, en, _, _ in units}) == len(occurrences)
    best = {}
    for zh, en, score in pairs:
        best[(zh, en)] = max(best.get((zh, en), 0.0), score)
    for zh, en, score, count in units:
        assert count == occurrences[(zh, en)]
        assert score == f"{best[(zh, en)]:.3f}"


def test_a_crashing_binary_gives_error_rows_for_its_documents(spark, corpus, tmp_path: Path) -> None:
    """A duiqi that dies on one partition: that partition's documents are error rows with
    its stderr, the job still succeeds and the other partition's documents are complete."""
    _, docs, expected, _ = corpus
    small = [d for d in docs if str(d.get("id", "")).startswith("pd-8-")][:8]
    small.insert(4, {"id": "crash-me", "text": "This one kills the aligner. 这一篇让对齐器崩溃。"})
    path = tmp_path / "small.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in small), encoding="utf-8")
    fake = tmp_path / "duiqi-crashes"
    fake.write_text(
        "#!/bin/sh\n"
        "# duiqi, except that it dies of SIGSEGV when its input holds the crash-me document\n"
        'input=$(cat)\n'
        'case "$input" in *\'"crash-me"\'*) echo "simulated crash in the aligner" >&2; kill -SEGV $$;; esac\n'
        f'printf \'%s\\n\' "$input" | exec "{CLI}" "$@"\n'
    )
    fake.chmod(0o755)
    align_corpus.align_corpus(
        spark, str(path), str(tmp_path / "out.parquet"), engine="cli", duiqi_binary=str(fake), partitions=2
    )
    rows = pd.read_parquet(tmp_path / "out.parquet")
    failed = rows[rows["error"].notna()]
    assert failed["id"].is_unique
    assert "crash-me" in set(failed["id"])
    for error in failed["error"]:
        assert "killed by signal 11 (SIGSEGV)" in error and "simulated crash in the aligner" in error
    survivors = as_lines(rows[rows["error"].isna()])
    assert survivors, "the partition without the crash-me document must be aligned"
    assert set(survivors) | set(failed["id"]) == {d["id"] for d in small}
    for doc_id, lines in survivors.items():
        assert lines == expected[doc_id], doc_id


def test_the_cli_stream_is_split_into_documents_by_n_and_id() -> None:
    bead = lambda doc_id, n, en: json.dumps({"id": doc_id, "n": n, "en": en}, ensure_ascii=False)
    stdout = "\n".join(
        [
            bead("a", 0, "one\u2028line"),  # unescaped separators stay inside the line
            bead("a", 1, "two\x85"),
            json.dumps({"id": "b", "error": "<stdin>:2: document \"b\" (\"text\") is empty"}),
            bead("a", 0, "same id, next document"),
        ]
    ).encode() + b"\n"
    docs = [{"id": "a"}, {"id": "b"}, {"id": "silent"}, {"id": "a"}]
    result = align_corpus.match_stream(docs, stdout)
    assert [(i, [line["en"] for line in lines], error) for i, lines, error in result] == [
        ("a", ["one\u2028line", "two\x85"], None),
        ("b", [], 'document "b" ("text") is empty'),
        ("silent", [], None),  # a document that gave no line has no row, as with the wheel
        ("a", ["same id, next document"], None),
    ]
    with pytest.raises(ValueError, match="out of the input's order"):
        align_corpus.match_stream([{"id": "b"}], stdout)
    with pytest.raises(ValueError, match="does not follow"):
        align_corpus.match_stream(docs, (bead("a", 0, "x") + "\n" + bead("a", 2, "y")).encode())
