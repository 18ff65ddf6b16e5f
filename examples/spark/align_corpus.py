"""Align a corpus of Chinese–English documents on Apache Spark with duiqi.

    python examples/spark/align_corpus.py INPUT OUTPUT_DIR [--master local[2]] [--tmx FILE]
    spark-submit examples/spark/align_corpus.py INPUT OUTPUT_DIR
    spark-submit examples/spark/align_corpus.py INPUT OUTPUT_DIR --engine cli --duiqi ./duiqi

INPUT is JSONL (one document a line) or Parquet (a file or folder ending in .parquet, or
--input-format parquet) with an `id` and either `text` (interleaved) or `zh` and `en` (a
pair). OUTPUT_DIR gets Parquet with one row per bead,

    id, n, kind, score, zh, en, zh_spans, en_spans, error, layout, other, other_spans

the same beads as `duiqi align --input-format jsonl` writes for each document (`n` is the
bead's line within its document, `score` rounded as JSONL rounds it). A document that
cannot be aligned (a malformed JSON line, an empty text, no Chinese…) is one row with
`error` set and the bead columns null: errors are rows, never task failures, and no
document goes missing.

Two engines give the same rows; only the call that aligns a batch of documents differs:

- `--engine wheel` (default): each task calls `duiqi.align_many(docs, jobs=1)` in
  `mapInPandas`. The workers need the duiqi wheel (installed, or a packed venv shipped with
  `spark.archives`; see the README's Spark section).
- `--engine cli --duiqi PATH`: for clusters without the wheel. The script ships the duiqi
  binary at PATH with SparkFiles; each task (`mapPartitions`) pipes its documents through
  `duiqi align --input-format jsonl - -o - -j1` and parses the JSONL stream. If the binary
  crashes, every document it was given becomes an error row with its stderr.

One thread per task either way: Spark's tasks are the parallelism.

`--tmx FILE` also writes one merged TMX 1.4 memory: the pairs of the whole corpus (at
least `--tmx-min-score`), deduplicated by Spark (same Chinese and English text: one unit
with the best score and an `x-count`), ordered by the id and `n` of their first occurrence,
and written on the driver by duiqi's own TMX writer (`duiqi.to_tmx_units`), so the driver
needs the wheel for it with either engine.
"""

import argparse
import math
import os
import shutil
import signal
import stat
import subprocess
from itertools import islice
from typing import Callable, Iterable, Iterator, List, Optional, Tuple

from pyspark import SparkFiles
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import (
    ArrayType,
    DoubleType,
    LongType,
    StringType,
    StructField,
    StructType,
)

# Input: every column a document may have. Ids are read as strings (a JSON number id
# becomes its digits), so one corpus may mix them. `_corrupt_record` receives a JSONL line
# that is not valid JSON, which becomes an error row.
DOCUMENT_FIELDS = ["id", "text", "zh", "en"]
INPUT_COLUMNS = [StructField(name, StringType()) for name in DOCUMENT_FIELDS]
CORRUPT = "_corrupt_record"

SPANS = ArrayType(ArrayType(LongType()))
OUTPUT_SCHEMA = StructType(
    [
        StructField("id", StringType()),
        StructField("n", LongType()),
        StructField("kind", StringType()),
        StructField("score", DoubleType()),
        StructField("zh", StringType()),
        StructField("en", StringType()),
        StructField("zh_spans", SPANS),
        StructField("en_spans", SPANS),
        StructField("error", StringType()),
        StructField("layout", StringType()),
        StructField("other", StringType()),
        StructField("other_spans", SPANS),
    ]
)
OUTPUT_COLUMNS = [f.name for f in OUTPUT_SCHEMA.fields]

# The CLI engine aligns a partition this many documents per process: start-up is a few
# milliseconds, and the documents and their beads of one batch are held in memory.
CLI_BATCH = 256

# What an engine gives for each document, in input order: its id, its bead lines (dicts
# shaped as the CLI's JSONL lines) and its error (then no lines).
Aligned = Tuple[Optional[str], List[dict], Optional[str]]
Engine = Callable[[List[dict]], Iterable[Aligned]]


def jsonl_score(score: float) -> float:
    """The score as duiqi's JSONL writes it: `(score * 1000).round() / 1000` in Rust,
    rounding halves away from zero (Python's round() would round them to even)."""
    scaled = score * 1000.0
    floor = math.floor(scaled)
    return (floor + (1.0 if scaled - floor >= 0.5 else 0.0)) / 1000.0


def error_row(doc_id: Optional[str], error: str) -> dict:
    row = dict.fromkeys(OUTPUT_COLUMNS)
    row.update(id=doc_id, error=error)
    return row


def bead_row(doc_id: Optional[str], line: dict) -> dict:
    """One output row from a bead line as the CLI's JSONL writes it (keys it leaves out,
    `layout` and `other`, are null)."""
    row = {name: line.get(name) for name in OUTPUT_COLUMNS}
    row.update(id=doc_id, error=None, score=float(line["score"]))
    return row


def align_records(records: Iterable[dict], engine: Engine) -> Iterator[dict]:
    """Documents as read by Spark in, output rows out, whatever the engine: lines that
    are not JSON and documents without an id become error rows here, the rest go to the
    engine with only the fields they have (so it says which ones a document lacks)."""
    docs = []
    for record in records:
        corrupt = record.get(CORRUPT)
        if isinstance(corrupt, str):
            yield error_row(None, f"not a JSON document line: {corrupt[:200]}")
        elif not isinstance(record.get("id"), str):
            yield error_row(None, 'a document without an "id": give every document one')
        else:
            docs.append({k: record[k] for k in DOCUMENT_FIELDS if isinstance(record.get(k), str)})
    if not docs:
        return
    for doc_id, lines, error in engine(docs):
        if error is not None:
            yield error_row(doc_id, error)
        for line in lines:
            yield bead_row(doc_id, line)


def wheel_engine(docs: List[dict]) -> Iterator[Aligned]:
    """Aligns with the Python package, one thread (Spark runs one task per core)."""
    import duiqi  # imported on the worker

    for result in duiqi.align_many(docs, jobs=1):
        lines = []
        for bead in result.beads:
            line = {
                "n": bead.n,
                "zh": bead.zh,
                "en": bead.en,
                "zh_spans": [list(s) for s in bead.zh_spans],
                "en_spans": [list(s) for s in bead.en_spans],
                "score": jsonl_score(bead.score),
                "kind": bead.kind,
            }
            if bead.layout is not None:
                line["layout"] = bead.layout
            if bead.other is not None:
                line.update(other=bead.other, other_spans=[list(s) for s in bead.other_spans])
            lines.append(line)
        yield result.id, lines, result.error


def describe_exit(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"was killed by signal {-returncode} ({signal.Signals(-returncode).name})"
        except ValueError:
            return f"was killed by signal {-returncode}"
    return f"exited with status {returncode}"


def cli_engine(binary: str) -> Engine:
    """Aligns with the duiqi binary at `binary`: the documents go to its JSONL stream on
    stdin, `-j1`, and its stdout is read back, one `{"id", "n", …}` line per bead or one
    `{"id", "error"}` line per failed document, in input order. If the process fails
    (a crash, a signal, output that does not match the input), every document of the
    batch becomes an error row with what it printed on stderr."""
    import json

    def engine(docs: List[dict]) -> Iterator[Aligned]:
        payload = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs).encode("utf-8")
        command = [binary, "align", "--input-format", "jsonl", "-", "-o", "-", "-j1", "--quiet"]
        try:
            run = subprocess.run(command, input=payload, capture_output=True)
        except OSError as e:
            failure = f"could not run duiqi at {binary}: {e}"
        else:
            stderr = run.stderr.decode("utf-8", "replace").strip()[-2000:]
            # Exit status 1 means some documents failed; they have their error lines.
            if run.returncode in (0, 1):
                try:
                    return iter(match_stream(docs, run.stdout))
                except ValueError as e:
                    failure = f"duiqi's output did not match its input ({e}); stderr: {stderr}"
            else:
                failure = f"duiqi {describe_exit(run.returncode)} while aligning this batch: {stderr}"
        return iter([(d["id"], [], failure) for d in docs])

    return engine


def strip_stdin_place(error: str) -> str:
    """`<stdin>:LINE: why` -> `why`: the line within one task's batch means nothing to the
    reader, and the Python package's message is the rest."""
    if error.startswith("<stdin>:"):
        place, _, why = error.partition(": ")
        if place[len("<stdin>:") :].isdigit():
            return why
    return error


def match_stream(docs: List[dict], stdout: bytes) -> List[Aligned]:
    """Splits the CLI's JSONL stream into one entry per document, in order. A document's
    lines start with `n` = 0, or are its one error line; its id is checked against the
    input's. Raises ValueError when the stream cannot be the output of these documents."""
    import json

    runs: List[Tuple[Optional[str], List[dict], Optional[str]]] = []
    # Lines end at "\n" only: JSON strings may hold U+2028 or U+0085 unescaped, which
    # str.splitlines() would also split at.
    for number, text in enumerate(stdout.split(b"\n"), 1):
        if not text:
            continue
        line = json.loads(text.decode("utf-8"))
        line_id = line.pop("id", None)
        if "error" in line:
            runs.append((line_id, [], strip_stdin_place(line["error"])))
        elif line.get("n") == 0:
            runs.append((line_id, [line], None))
        elif runs and runs[-1][2] is None and runs[-1][0] == line_id and line.get("n") == len(runs[-1][1]):
            runs[-1][1].append(line)
        else:
            raise ValueError(f"line {number} of the output does not follow the line before it")
    results: List[Aligned] = []
    runs.reverse()
    for doc in docs:
        if runs and runs[-1][0] == doc["id"]:
            results.append(runs.pop())
        else:
            results.append((doc["id"], [], None))  # a document that gave no line at all
    if runs:
        raise ValueError(f'output for document {runs[-1][0]!r} out of the input\'s order')
    return results


def ship_binary(spark: SparkSession, path: str) -> str:
    """Ships the binary to every executor with SparkFiles; returns the name tasks find it by."""
    if not os.path.isfile(path):
        raise SystemExit(
            f"--duiqi {path}: no such file; give the path of the duiqi binary (for Linux "
            "executors: `cargo build --release`, target/release/duiqi)"
        )
    spark.sparkContext.addFile(os.path.abspath(path))
    return os.path.basename(path)


def shipped_cli_engine(name: str) -> Engine:
    """The CLI engine with the binary SparkFiles put beside this task."""
    path = SparkFiles.get(name)
    mode = os.stat(path).st_mode
    if not mode & stat.S_IXUSR:
        os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return cli_engine(path)


def batches(rows: Iterable, size: int) -> Iterator[list]:
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


def align_with_wheel(corpus: DataFrame) -> DataFrame:
    def align_partition(frames):
        import pandas as pd

        for frame in frames:
            rows = list(align_records(frame.to_dict("records"), wheel_engine))
            yield pd.DataFrame(rows, columns=OUTPUT_COLUMNS)

    return corpus.mapInPandas(align_partition, schema=OUTPUT_SCHEMA)


def align_with_cli(spark: SparkSession, corpus: DataFrame, binary_name: str) -> DataFrame:
    def align_partition(rows):
        engine = shipped_cli_engine(binary_name)
        for batch in batches(rows, CLI_BATCH):
            for row in align_records((r.asDict() for r in batch), engine):
                yield tuple(row[name] for name in OUTPUT_COLUMNS)

    return spark.createDataFrame(corpus.rdd.mapPartitions(align_partition), OUTPUT_SCHEMA)


def read_corpus(spark: SparkSession, path: str, input_format: str) -> DataFrame:
    if input_format == "parquet":
        return spark.read.schema(StructType(INPUT_COLUMNS)).parquet(path)
    schema = StructType(INPUT_COLUMNS + [StructField(CORRUPT, StringType())])
    return spark.read.schema(schema).option("mode", "PERMISSIVE").json(path)


def write_merged_tmx(spark: SparkSession, beads_dir: str, path: str, min_score: float) -> int:
    """One deduplicated TMX of the pairs in the Parquet at `beads_dir`; returns its units."""
    import duiqi

    units = (
        spark.read.parquet(beads_dir)
        .where((F.col("kind") == "pair") & (F.col("score") >= min_score))
        .groupBy("zh", "en")
        .agg(
            F.max("score").alias("score"),
            F.count(F.lit(1)).alias("count"),
            F.min(F.struct("id", "n")).alias("first"),
        )
        .orderBy("first")
        .select("zh", "en", "score", "count")
    )
    written = 0

    def counted(rows):
        nonlocal written
        for row in rows:
            written += 1
            yield row

    # Streamed to the writer a partition at a time: the memory need not fit on the driver.
    duiqi.to_tmx_units(counted(units.toLocalIterator()), path)
    return written


def require_wheel_for_tmx() -> None:
    try:
        import duiqi  # noqa: F401
    except ImportError:
        raise SystemExit(
            "--tmx writes the memory on the driver with the duiqi Python package: "
            "pip install the duiqi wheel where this script runs (the workers need not have it)"
        )


def align_corpus(
    spark: SparkSession,
    input_path: str,
    output_dir: str,
    engine: str = "wheel",
    duiqi_binary: Optional[str] = None,
    input_format: Optional[str] = None,
    partitions: Optional[int] = None,
    tmx: Optional[str] = None,
    tmx_min_score: float = 0.0,
) -> None:
    """Aligns the corpus at `input_path` into Parquet at `output_dir` (replaced), and a
    merged TMX at `tmx` if given. `engine` is "wheel" or "cli" (then `duiqi_binary`)."""
    if tmx is not None:
        require_wheel_for_tmx()
    if engine == "cli":
        if duiqi_binary is None:
            raise SystemExit("--engine cli needs --duiqi PATH, the duiqi binary to ship to the workers")
        binary_name = ship_binary(spark, duiqi_binary)
    input_format = input_format or ("parquet" if input_path.rstrip("/").endswith(".parquet") else "jsonl")
    corpus = read_corpus(spark, input_path, input_format)
    if input_format == "jsonl":
        # Spark refuses queries that reference only the corrupt-record column of raw JSON
        # unless the parsed rows are cached first.
        corpus = corpus.cache()
    if partitions:
        corpus = corpus.repartition(partitions)
    if engine == "cli":
        beads = align_with_cli(spark, corpus, binary_name)
    else:
        beads = align_with_wheel(corpus)
    beads.write.mode("overwrite").parquet(output_dir)
    if input_format == "jsonl":
        corpus.unpersist()
    if tmx is not None:
        units = write_merged_tmx(spark, output_dir, tmx, tmx_min_score)
        print(f"{tmx}: {units} translation units")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="JSONL or Parquet documents with id and text, or id, zh and en")
    parser.add_argument("output_dir", help="Parquet output folder (replaced)")
    parser.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    parser.add_argument(
        "--input-format",
        choices=["jsonl", "parquet"],
        help="default: parquet for a path ending in .parquet, else jsonl",
    )
    parser.add_argument("--partitions", type=int, help="repartition the input into this many tasks")
    parser.add_argument(
        "--engine",
        choices=["wheel", "cli"],
        default="wheel",
        help="wheel: the duiqi Python package on the workers (default); "
        "cli: the duiqi binary given by --duiqi, shipped with SparkFiles",
    )
    parser.add_argument(
        "--duiqi",
        metavar="PATH",
        default=shutil.which("duiqi"),
        help="with --engine cli: the duiqi binary to ship (default: duiqi on PATH)",
    )
    parser.add_argument("--tmx", metavar="FILE", help="also write one merged, deduplicated TMX here")
    parser.add_argument(
        "--tmx-min-score", type=float, default=0.0, help="leave pairs below this score out of --tmx"
    )
    args = parser.parse_args()
    if args.tmx is not None:
        require_wheel_for_tmx()  # before Spark starts

    builder = SparkSession.builder.appName("duiqi-align-corpus")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        align_corpus(
            spark,
            args.input,
            args.output_dir,
            engine=args.engine,
            duiqi_binary=args.duiqi,
            input_format=args.input_format,
            partitions=args.partitions,
            tmx=args.tmx,
            tmx_min_score=args.tmx_min_score,
        )
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
