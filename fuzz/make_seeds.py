#!/usr/bin/env python3
"""Writes the small seed corpora in fuzz/corpus/<target>/ (and, with --out DIR, the same
seeds into DIR/<target>/ for a working corpus outside the repository).

Seeds are cut at line ends from data/peoples-daily-2025-06-19.txt (interleaved English and
Chinese) and from ../shared/seeds/*.txt (English news), plus a few re-encodings
(GB18030, Big5, UTF-16 with BOM, UTF-8 BOM + CRLF) so the reader's detection is reached.
The pipeline target takes two leading bytes (options, cut point for the pair run)."""
import argparse, glob, os, re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

def chunks(text, sizes):
    """Pieces of `text` cut at line ends, about `size` bytes each, one per size."""
    lines = text.splitlines(keepends=True)
    out, i = [], 0
    for size in sizes:
        piece, n = [], 0
        while i < len(lines) and n < size:
            piece.append(lines[i]); n += len(lines[i].encode()); i += 1
        if piece:
            out.append("".join(piece))
    return out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(HERE, "corpus"))
    out = ap.parse_args().out
    pd = open(os.path.join(ROOT, "data/peoples-daily-2025-06-19.txt"), encoding="utf-8").read()
    shared = sorted(glob.glob(os.path.join(ROOT, "../shared/seeds/*.txt")))
    pieces = chunks(pd, [400, 1200, 2500, 800, 3000, 600])
    for f in shared:
        t = open(f, encoding="utf-8").read()
        if not re.search("[\u4e00-\u9fff]", t):  # the Chinese one is the People's Daily file
            pieces += chunks(t, [700])
    texts = [p.encode() for p in pieces]
    zh = "".join(re.findall("[^\n]*[\u4e00-\u9fff][^\n]*\n", pd))
    zh_lines = re.findall("[\u4e00-\u9fff][^A-Za-z\n]*[\u3002.]", pd)[:8]
    zh_only = "\n".join(zh_lines) + "\n"
    mixed = pieces[1]
    texts.append(("\ufeff" + mixed.replace("\n", "\r\n")).encode())
    texts.append(zh_only.encode("gb18030"))
    texts.append(zh_only.encode("big5", errors="ignore"))
    texts.append(("\ufeff" + mixed).encode("utf-16-le"))
    texts.append(("\ufeff" + zh_only).encode("utf-16-be"))
    texts.append("“服了么？”韦小宝道：“我……我不知道。” He said U.S. No. 3 at 2.79% ... I... I've gone—'\n".encode())

    # English lines before their Chinese (the pair run's halves): an English-only and a Chinese-only part.
    en_lines = [l for l in pieces[1].splitlines() if l and not re.search("[\u4e00-\u9fff]", l)][:6]
    en_only = ("\n".join(en_lines) + "\n").encode()
    zh_b = zh_only.encode()
    pipeline = []
    for i, t in enumerate(texts[:9]):
        pipeline.append(bytes([i & 1, 128]) + t)
    both = en_only + zh_b
    pipeline.append(bytes([0, len(en_only) * 256 // len(both) + 1]) + both)
    pipeline.append(bytes([1, len(en_only) * 256 // len(both) + 1]) + both)
    both = zh_only.encode("gb18030") + en_only
    pipeline.append(bytes([0, len(zh_only.encode("gb18030")) * 256 // len(both) + 1]) + both)

    # The JSONL stream: interleaved "text" documents and "zh" + "en" pairs, a few per seed,
    # with ids of each JSON type, and a line that is not JSON.
    import json
    utf8 = [p for p in pieces[:6]]
    jsonl = []
    for i, t in enumerate(utf8):
        lines = [json.dumps({"id": i, "text": t}, ensure_ascii=i % 2 == 0)]
        lines.append(json.dumps({"id": f"doc-{i}", "zh": zh_only, "en": en_only.decode()}, ensure_ascii=False))
        lines.append(json.dumps({"id": [i], "en": en_only.decode(), "zh": zh_only}))
        if i == 0:
            lines.append("not json")
        jsonl.append(("\n".join(lines) + "\n").encode())
    # The batch folder walk: recipes of (kind, name) byte pairs (see batch_walk.rs): folders,
    # a .zh/.en pair, links to ".", "..", the root, /dev/zero, a missing path, a FIFO.
    walk = [
        bytes([0, 1, 1, 4, 1, 5, 2, 0, 2, 1, 6, 2, 2, 3, 3, 7, 0x21, 9, 0x20, 2]),
        bytes([0, 2, 4, 3, 0, 6, 8, 5, 9, 8, 10, 0, 6, 1, 6, 5, 5, 12, 5, 13]),
        bytes([1, 0, 1, 1, 2, 5, 2, 11, 3, 4]),
    ]

    for target, seeds in [("language_runs", texts), ("sentence_splitters", texts[:-5] + [texts[-1]]), ("pipeline", pipeline), ("jsonl_stream", jsonl), ("batch_walk", walk)]:
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        for i, s in enumerate(seeds):
            with open(os.path.join(d, f"seed-{i:02}"), "wb") as f:
                f.write(s)

main()
