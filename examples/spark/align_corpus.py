"""Align a corpus of Chinese–English documents on Apache Spark with the duiqi Python package.

    python examples/spark/align_corpus.py INPUT OUTPUT_DIR [--master local[2]]
    spark-submit examples/spark/align_corpus.py INPUT OUTPUT_DIR

INPUT is JSONL (one document a line) or Parquet (a file or folder ending in .parquet, or
--input-format parquet) with an `id` and either `text` (interleaved) or `zh` and `en` (a
pair). OUTPUT_DIR gets Parquet with one row per bead,

    id, n, kind, score, zh, en, zh_spans, en_spans, error, other, other_spans

the same beads as `duiqi align --input-format jsonl` writes for each document (`n` is the
bead's line within its document, `score` rounded as JSONL rounds it). A document that
cannot be aligned (a malformed JSON line, an empty text, no Chinese…) is one row with
`error` set and the bead columns null: errors are rows, never task failures, and no
document goes missing.

Each Python worker aligns its partition with `duiqi.align_many(jobs=1)`: Spark's tasks
are the parallelism, one core each. Workers need the duiqi wheel: install it on every
node, or ship a packed venv with `spark.archives` (see the README's Spark section).
"""

import argparse
import math
from typing import Iterator, Optional

import pandas as pd
from pyspark.sql import SparkSession
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
INPUT_COLUMNS = [
    StructField("id", StringType()),
    StructField("text", StringType()),
    StructField("zh", StringType()),
    StructField("en", StringType()),
]
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
        StructField("other", StringType()),
        StructField("other_spans", SPANS),
    ]
)
OUTPUT_COLUMNS = [f.name for f in OUTPUT_SCHEMA.fields]


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


def align_partition(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """mapInPandas: documents in, one row per bead (or per failed document) out."""
    import duiqi  # imported on the worker

    for batch in batches:
        rows = []
        docs = []
        for record in batch.to_dict("records"):
            corrupt = record.get(CORRUPT)
            if isinstance(corrupt, str):
                rows.append(error_row(None, f"not a JSON document line: {corrupt[:200]}"))
                continue
            # Absent fields stay absent, so duiqi says which ones a document needs.
            doc = {k: v for k, v in record.items() if k != CORRUPT and isinstance(v, str)}
            docs.append(doc)
        for result in duiqi.align_many(docs, jobs=1):
            doc_id = None if result.id is None else str(result.id)
            if result.error is not None:
                rows.append(error_row(doc_id, result.error))
                continue
            for bead in result.beads:
                rows.append(
                    {
                        "id": doc_id,
                        "n": bead.n,
                        "kind": bead.kind,
                        "score": jsonl_score(bead.score),
                        "zh": bead.zh,
                        "en": bead.en,
                        "zh_spans": [list(s) for s in bead.zh_spans],
                        "en_spans": [list(s) for s in bead.en_spans],
                        "error": None,
                        "other": bead.other,
                        "other_spans": [list(s) for s in bead.other_spans] if bead.other is not None else None,
                    }
                )
        yield pd.DataFrame(rows, columns=OUTPUT_COLUMNS)


def read_corpus(spark: SparkSession, path: str, input_format: str):
    if input_format == "parquet":
        return spark.read.schema(StructType(INPUT_COLUMNS)).parquet(path)
    schema = StructType(INPUT_COLUMNS + [StructField(CORRUPT, StringType())])
    return spark.read.schema(schema).option("mode", "PERMISSIVE").json(path)


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
    args = parser.parse_args()

    builder = SparkSession.builder.appName("duiqi-align-corpus")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    input_format = args.input_format or ("parquet" if args.input.rstrip("/").endswith(".parquet") else "jsonl")
    corpus = read_corpus(spark, args.input, input_format)
    if input_format == "jsonl":
        # Spark refuses queries that reference only the corrupt-record column of raw JSON
        # unless the parsed rows are cached first.
        corpus = corpus.cache()
    if args.partitions:
        corpus = corpus.repartition(args.partitions)
    beads = corpus.mapInPandas(align_partition, schema=OUTPUT_SCHEMA)
    beads.write.mode("overwrite").parquet(args.output_dir)
    spark.stop()


if __name__ == "__main__":
    main()
