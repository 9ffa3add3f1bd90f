#!/usr/bin/env bash
# Runs ideagraph's layout and the shared harness's peers (d3-force, graphology
# ForceAtlas2 with Barnes-Hut) on the same generated graphs in one run, then prints one
# table: peer, nodes, edges, ms per step, stress, edge-length CV, and our ratio to each peer.
#
#   scripts/bench-vs-peers.sh                 # 1k and 10k nodes (about 10 minutes)
#   scripts/bench-vs-peers.sh --sizes 1k,10k,50k
#   scripts/bench-vs-peers.sh --peers d3      # fewer peers
#
# The harness lives in ../shared/bench (read-only): it is copied to a temporary folder,
# where it installs its own npm and Python dependencies on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="1k,10k"; KINDS="ba,comm"; PEERS="d3,fa2-bh"; TICKS=300
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2;;
    --kinds) KINDS="$2"; shift 2;;
    --peers) PEERS="$2"; shift 2;;
    --ticks) TICKS="$2"; shift 2;;
    -h|--help) sed -n '2,12p' "$0"; exit 0;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
SHARED="${BENCH_DIR:-../shared/bench}"
[[ -d "$SHARED" ]] || { echo "no benchmark harness at $SHARED" >&2; exit 1; }
WORK="${BENCH_WORK:-$(mktemp -d)/bench}"
if [[ ! -d "$WORK" ]]; then mkdir -p "$(dirname "$WORK")"; cp -r "$SHARED" "$WORK"; chmod -R u+w "$WORK"; fi
cargo build --release --quiet
BIN="$PWD/target/release/ideagraph"
OUT="$WORK/out/ideagraph-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"

# The peers, through the harness's own driver (it also generates the graphs).
"$WORK/run-peers.sh" --sizes "$SIZES" --kinds "$KINDS" --peers "$PEERS" --ticks "$TICKS" --out "$OUT/peers" >&2

# ideagraph on the same files, in the same run.
IFS=',' read -ra SL <<<"$SIZES"; IFS=',' read -ra KL <<<"$KINDS"
: > "$OUT/ideagraph.jsonl"
for s in "${SL[@]}"; do for k in "${KL[@]}"; do
  g="$WORK/data/gen/$k-$s"
  pos="$OUT/$k-$s.ideagraph.pos.csv"
  load1="$(cut -d' ' -f1 /proc/loadavg)"
  echo "[$(date +%H:%M:%S)] $k-$s: ideagraph (load $load1)" >&2
  line="$("$BIN" layout "$g" --steps "$TICKS" --exact --json -o "$pos")"
  q="$("$WORK/.venv/bin/python" "$WORK/quality.py" --graph "$g" --pos "$pos")"
  "$WORK/.venv/bin/python" - "$line" "$q" "$load1" "$k-$s" >> "$OUT/ideagraph.jsonl" <<'PY'
import json, sys
r = json.loads(sys.argv[1]); r["quality"] = json.loads(sys.argv[2]); r["load1"] = float(sys.argv[3]); r["graph"] = sys.argv[4]
print(json.dumps(r))
PY
done; done

"$WORK/.venv/bin/python" scripts/bench_table.py "$OUT/peers/results.jsonl" "$OUT/ideagraph.jsonl" | tee "$OUT/table.md"
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo); node $(node --version), $(python3 --version), $(rustc --version)"
echo "raw results: $OUT"
