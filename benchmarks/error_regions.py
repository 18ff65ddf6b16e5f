#!/usr/bin/env python3
"""Where a two-document alignment goes wrong: runs of one-sided beads and strict F1 per
1000 source lines (scored as ../shared/eval/alignscore.py scores, with --verses merging).

usage: error_regions.py EVAL_DIR GOLD TEST SRC_VERSES TGT_VERSES [--run N]

EVAL_DIR holds alignscore.py. Runs of at least N (default 11) consecutive one-sided beads
are listed with the ids on each side; regions under 0.95 are marked <<<. For example:

    duiqi align --presplit ../shared/eval/bible-long/en/003 ../shared/eval/bible-long/zh/003 -f align > 003.align
    python3 benchmarks/error_regions.py ../shared/eval ../shared/eval/bible-long/gold/003 003.align \\
        ../shared/eval/bible-long/en.verse ../shared/eval/bible-long/zh.verse
"""
import sys

eval_dir, gold_path, test_path, src_verses, tgt_verses = sys.argv[1:6]
min_run = int(sys.argv[sys.argv.index("--run") + 1]) if "--run" in sys.argv else 11
sys.path.insert(0, eval_dir)
from alignscore import merge_by_verse, read_beads, score  # noqa: E402


def lines(path):
    return [line.strip() for line in open(path, encoding="utf-8")]


test, gold = read_beads(test_path), read_beads(gold_path)

run = []
for bead in test + [((0,), (0,))]:
    if bead[0] and bead[1]:
        if len(run) >= min_run:
            src = [i for b in run for i in b[0]]
            tgt = [i for b in run for i in b[1]]
            print(f"run of {len(run)} one-sided beads: {len(src)} source-only "
                  f"{src[:1]}..{src[-1:]}, {len(tgt)} target-only {tgt[:1]}..{tgt[-1:]}")
        run = []
    else:
        run.append(bead)

merged = merge_by_verse(test, lines(src_verses), lines(tgt_verses))
regions = {}
for name, beads in (("gold", gold), ("test", merged)):
    last = 0
    for bead in beads:
        if bead[0]:
            last = bead[0][0]
        regions.setdefault(last // 1000, {"gold": [], "test": []})[name].append(bead)
for k in sorted(regions):
    f1 = score([(regions[k]["gold"], regions[k]["test"])])["f1_strict"]
    print(f"{k * 1000:6d}- F1 {f1:.3f}{' <<<' if f1 < 0.95 else ''}")
