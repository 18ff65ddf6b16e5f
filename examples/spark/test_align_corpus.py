"""align_corpus.py in Spark local[2] gives, per document, exactly the beads of the CLI.

Needs pyspark, pandas, pyarrow, Java 17, the duiqi wheel installed, and the CLI at
$DUIQI_BIN (default target/release/duiqi). .ci/run sets all of this up.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(os.environ.get("DUIQI_BIN", ROOT / "target" / "release" / "duiqi"))
BEAD_KEYS = ["zh", "en", "zh_spans", "en_spans", "score", "kind", "other", "other_spans"]


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
    docs.append({"id": "empty", "text": ""})
    docs.append({"id": "no-text", "zh": "只有中文。"})
    lines_out = [json.dumps(d, ensure_ascii=False) for d in docs]
    lines_out.insert(10, '{"id": "broken", "text": "unterminated')
    path.write_text("\n".join(lines_out) + "\n", encoding="utf-8")
    return docs


def test_spark_rows_equal_the_cli_beads(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    docs = make_corpus(corpus)
    assert len(docs) >= 50

    # The single-machine reference; it exits 1 because some documents fail.
    cli_out = tmp_path / "cli.jsonl"
    started = time.perf_counter()
    run = subprocess.run(
        [str(CLI), "align", "--input-format", "jsonl", str(corpus), "-o", str(cli_out), "-j2", "--quiet"],
        capture_output=True,
        text=True,
    )
    cli_seconds = time.perf_counter() - started
    assert run.returncode in (0, 1), run.stderr
    expected: dict = {}
    for line in cli_out.read_text(encoding="utf-8").splitlines():
        value = json.loads(line)
        if "error" in value:
            continue  # error lines, where the CLI writes them, are checked against Spark's below
        expected.setdefault(str(value["id"]), []).append(
            {k: value.get(k, None if k == "other" else []) for k in BEAD_KEYS}
        )

    out = tmp_path / "beads.parquet"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "examples/spark/align_corpus.py"), str(corpus), str(out),
         "--master", "local[2]", "--partitions", "2"],
        check=True,
        # The workers run this interpreter too, the one with duiqi installed.
        env={**os.environ, "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable},
    )
    spark_seconds = time.perf_counter() - started
    megabytes = corpus.stat().st_size / 1e6
    print(
        f"\n{len(docs)} documents, {megabytes:.2f} MB: Spark local[2] {spark_seconds:.1f} s "
        f"(start-up included), CLI -j2 {cli_seconds:.2f} s"
    )

    rows = pd.read_parquet(out)
    errors = rows[rows["error"].notna()]
    beads = rows[rows["error"].isna()]
    assert beads["n"].notna().all() and errors["n"].isna().all()

    # Errors are rows: the empty and the incomplete document by id, the broken line without.
    by_id = dict(zip(errors["id"], errors["error"]))
    assert "empty" in by_id["empty"]
    assert '"zh" and "en"' in by_id["no-text"]
    assert any(e.startswith("not a JSON document line") for e in errors[errors["id"].isna()]["error"])
    assert len(errors) == 3

    # Every good document: exactly the CLI's beads, in the CLI's order.
    good = {str(d["id"]) for d in docs} - {"empty", "no-text"}
    assert set(beads["id"]) == good == set(expected)
    for doc_id, group in beads.groupby("id"):
        group = group.sort_values("n")
        assert list(group["n"]) == list(range(len(group)))
        got = [
            {
                "zh": r.zh,
                "en": r.en,
                "zh_spans": [list(map(int, s)) for s in r.zh_spans],
                "en_spans": [list(map(int, s)) for s in r.en_spans],
                "score": r.score,
                "kind": r.kind,
                "other": None if pd.isna(r.other) else r.other,
                "other_spans": [] if r.other_spans is None else [list(map(int, s)) for s in r.other_spans],
            }
            for r in group.itertuples()
        ]
        assert got == expected[doc_id], doc_id
