#!/usr/bin/env bash
# Corpus-scale figures for the README (issue "Corpus scale"): builds a corpus of
# interleaved documents of at least 50 MB by repeating and shuffling the sample and
# ../shared/eval/mac-dev-interleaved, aligns it with -j1 and -j2 (median of RUNS each),
# and times one long document of 10k, 50k and 100k sentences per side with its peak memory.
#
#   cargo build --release && bash benchmarks/throughput.sh [EVAL_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
eval_dir=${1:-../shared/eval}
runs=${2:-3}
bin=target/release/duiqi
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sources=(data/peoples-daily-2025-06-19.txt)
[ -d "$eval_dir/mac-dev-interleaved" ] && sources+=("$eval_dir"/mac-dev-interleaved/*.txt)
mkdir -p "$tmp/corpus"
python3 - "$tmp/corpus" "${sources[@]}" <<'PY'
import os, random, sys
out, sources = sys.argv[1], sys.argv[2:]
texts = [open(p, encoding="utf-8").read() for p in sources]
random.seed(7)
size, n = 0, 0
while size < 50 * 1024 * 1024:
    doc = "".join(random.sample(texts, len(texts)))
    with open(os.path.join(out, f"doc{n:04d}.txt"), "w", encoding="utf-8") as f:
        f.write(doc)
    size += len(doc.encode("utf-8")); n += 1
print(f"corpus: {n} documents, {size / 1e6:.1f} MB")
PY
bytes=$(du -sb "$tmp/corpus" | cut -f1)

median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
time_run() {  # prints wall seconds of one run
    local start end
    start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
for j in 1 2; do
    t=$(for r in $(seq "$runs"); do time_run "$bin" align "$tmp/corpus" -o "$tmp/c$j.tmx" -q -j $j; done | median)
    eval "t$j=$t"
    printf -- "-j%s: median %.2f s, %.2f MB/s, %.2f MB/s per core\n" "$j" "$t" "$(echo "$bytes / $t / 1000000" | bc -l)" "$(echo "$bytes / $t / 1000000 / $j" | bc -l)"
done
printf "speed-up -j1 -> -j2: %.2fx\n" "$(echo "$t1 / $t2" | bc -l)"

# One long two-document pair: N sentences a side, repeated from MAC-dev (or the sample).
for n in 10000 50000 100000; do
    python3 - "$tmp" "$n" "$eval_dir" <<'PY'
import os, sys
tmp, n, ev = sys.argv[1], int(sys.argv[2]), sys.argv[3]
zh, en = [], []
dev = os.path.join(ev, "mac-dev")
for ch in sorted(os.listdir(os.path.join(dev, "zh"))):
    zh += open(os.path.join(dev, "zh", ch), encoding="utf-8").read().splitlines()
    en += open(os.path.join(dev, "en", ch), encoding="utf-8").read().splitlines()
open(os.path.join(tmp, "long.zh"), "w", encoding="utf-8").write("\n".join((zh * (n // len(zh) + 1))[:n]) + "\n")
open(os.path.join(tmp, "long.en"), "w", encoding="utf-8").write("\n".join((en * (n // len(en) + 1))[:n]) + "\n")
PY
    /usr/bin/time -f "%e %M" "$bin" align --presplit "$tmp/long.zh" "$tmp/long.en" -f align -q -o "$tmp/long.align" 2> "$tmp/time"
    read -r secs kb < <(tail -1 "$tmp/time")
    printf "long document, %6d sentences a side: %6.2f s, peak %4d MB resident\n" "$n" "$secs" "$((kb / 1024))"
done
