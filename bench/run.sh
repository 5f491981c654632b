#!/bin/bash
# bench/run.sh - circ (JIT and AOT, default and --exact mode) against plain
# NEURON 8.2.2 (layout A "netpyne": one Exp2Syn per connection; layout B
# "shared": one Exp2Syn per cell, section and synapse type) on the seed model
# and its x10 / x100 scaled copies, all on the same connectivity (circ's
# --connections output).  Prints a table; raw logs go to $OUT (default
# /tmp/circ-bench).
#
#   bench/run.sh                 quick (~4 min on 2 cores): x100 simulated for
#                                100 ms only (all engines, so ratios are paired)
#   bench/run.sh --full          x100 for the full 1000 ms too (NEURON layout A
#                                alone then takes ~10 min, layout B ~2 min)
#   bench/run.sh --x100-tstop MS x100 duration (default 100)
#   bench/run.sh --models "seed x10"   a subset
#
# Timing: "compile" = circ's parse+check+lower+codegen+jit (JIT) or the wall
# time of `circ build` (AOT).  circ --time reports "build network" and
# "simulate" (an older circ reported only build+simulate: then the build time
# comes from a separate run with duration = 0 ms).  NEURON: build =
# creating sections/synapses/NetStims/NetCons, simulate = finitialize +
# continuerun (bench/neuron_seed.py).  Peak memory: /usr/bin/time -v.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
CIRC="$ROOT/circ"
PY=/usr/bin/python3
OUT=${OUT:-/tmp/circ-bench}
MODELS="seed x10 x100"
X100_TSTOP=100

while [ $# -gt 0 ]; do
    case "$1" in
        --full) X100_TSTOP=1000 ;;
        --x100-tstop) X100_TSTOP=$2; shift ;;
        --models) MODELS=$2; shift ;;
        --out) OUT=$2; shift ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

[ -x "$CIRC" ] || { echo "run.sh: build circ first (make -j2)" >&2; exit 2; }
[ -f "$HERE/microcircuit_x100.circ" ] || $PY "$HERE/gen_scaled.py" >/dev/null
rm -rf "$OUT"; mkdir -p "$OUT/bin"
# Work on a private copy of circ and its runtime libraries, so that a rebuild
# of the tree during the benchmark cannot change (or break) the binary.
cp "$CIRC" "$ROOT/runtime/libcircrt.a" "$ROOT/runtime/libcircmain.a" "$ROOT/libcircfront.a" \
   "$ROOT/libcircgram.a" "$OUT/bin/"
CIRC="$OUT/bin/circ"
export CIRC_RUNTIME_DIR="$OUT/bin"
export CIRC_CACHE_DIR=off       # "compile" is a first compile, never the object cache
{ echo "circ: $("$CIRC" --version) at $(git -C "$ROOT" rev-parse --short HEAD)" \
       "($(git -C "$ROOT" status --porcelain -uno | wc -l) modified tracked files)"
  echo "date: $(date)"; } > "$OUT/notes.txt"
LOG="$OUT/results.tsv"
: > "$LOG"
TIMEV="/usr/bin/time -v"

src_of() {
    case "$1" in
        seed) echo "$ROOT/examples/microcircuit.circ" ;;
        *) echo "$HERE/microcircuit_$1.circ" ;;
    esac
}

# rec MODEL ENGINE TSTOP LOGFILE [extra key=value ...]: one row for the table
rec() { local m=$1 e=$2 ts=$3 f=$4; shift 4; printf '%s\t%s\t%s\t%s\t%s\n' "$m" "$e" "$ts" "$f" "$*" >> "$LOG"; }

ms_now() { date +%s%N | awk '{printf "%.1f", $1/1e6}'; }

for M in $MODELS; do
    SRC=$(src_of "$M")
    D="$OUT/$M"; mkdir -p "$D"
    TSTOP=1000
    [ "$M" = x100 ] && TSTOP=$X100_TSTOP
    # the model at the benchmark duration, and at duration 0 (build only)
    sed "s/duration = 1000 ms/duration = $TSTOP ms/" "$SRC" > "$D/model.circ"
    sed "s/duration = 1000 ms/duration = 0 ms/" "$SRC" > "$D/model0.circ"
    echo "== $M ($TSTOP ms)" >&2

    # connectivity for NEURON (untimed); also circ's reference spikes
    "$CIRC" run --exact --connections "$D/model.circ" -o "$D/ref" -e control > /dev/null 2>&1
    CONN="$D/ref/control/connections.csv"

    for MODE in default exact; do
        X=""; [ $MODE = exact ] && X="--exact"
        # JIT
        echo "   circ JIT $MODE" >&2
        $TIMEV "$CIRC" run $X --time "$D/model.circ" -o "$D/jit_$MODE" -e control \
            > "$D/jit_$MODE.out" 2> "$D/jit_$MODE.err"
        # an older circ reports only "build+simulate": time a build-only run
        # (duration 0) to split it
        : > "$D/b0_$MODE.err"
        grep -q "build network" "$D/jit_$MODE.err" || "$CIRC" run $X --time "$D/model0.circ" \
            -o "$D/b0_$MODE" -e control > "$D/b0_$MODE.out" 2> "$D/b0_$MODE.err"
        rec "$M" "circ JIT $MODE" "$TSTOP" "$D/jit_$MODE" "b0=$D/b0_$MODE.err"
        # circ uses every core by default (results do not depend on it); NEURON one
        echo "   circ JIT $MODE, 1 thread" >&2
        $TIMEV "$CIRC" run $X --threads 1 --time "$D/model.circ" -o "$D/jit1_$MODE" -e control \
            > "$D/jit1_$MODE.out" 2> "$D/jit1_$MODE.err"
        rec "$M" "circ JIT $MODE, 1 thread" "$TSTOP" "$D/jit1_$MODE" "b0=$D/b0_$MODE.err"
        # AOT
        echo "   circ AOT $MODE" >&2
        t0=$(ms_now)
        "$CIRC" build $X "$D/model.circ" -o "$D/prog_$MODE" 2> "$D/aotbuild_$MODE.err"
        t1=$(ms_now)
        $TIMEV "$D/prog_$MODE" --time -o "$D/aot_$MODE" -e control \
            > "$D/aot_$MODE.out" 2> "$D/aot_$MODE.err"
        rec "$M" "circ AOT $MODE" "$TSTOP" "$D/aot_$MODE" "b0=$D/b0_$MODE.err" \
            "compile_ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')"
    done
    for V in jit_default aot_default aot_exact; do
        cmp -s "$D/jit_exact/control/spikes.csv" "$D/$V/control/spikes.csv" \
            || echo "   NOTE: circ $V spikes differ from circ jit_exact" | tee -a "$OUT/notes.txt" >&2
    done

    for L in netpyne shared; do
        echo "   NEURON $L" >&2
        $TIMEV $PY "$HERE/neuron_seed.py" "$D/model.circ" "$CONN" --layout $L \
            --out "$D/neuron_$L.spikes.csv" --compare "$D/jit_exact/control/spikes.csv" \
            > "$D/neuron_$L.out" 2> "$D/neuron_$L.err"
        rec "$M" "NEURON $L" "$TSTOP" "$D/neuron_$L"
    done
done

# ---------------------------------------------------------------------------
cat "$OUT/notes.txt"
$PY - "$LOG" <<'EOF'
import json, re, sys

rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]

def grab(path, pat, cast=float):
    m = re.search(pat, open(path).read())
    return cast(m.group(1)) if m else None

def rss_mb(err):
    k = grab(err, r"Maximum resident set size \(kbytes\): (\d+)")
    return k / 1024.0 if k else None

table = []
for model, eng, tstop, base, extra in rows:
    kv = dict(x.split("=", 1) for x in extra.split() if "=" in x)
    r = dict(model=model, engine=eng, tstop=tstop)
    err = base + ".err"
    r["rss"] = rss_mb(err)
    r["wall"] = grab(err, r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", str)
    if eng.startswith("circ"):
        b = grab(err, r"build network ([\d.]+) ms")
        if b is not None:           # circ reports both
            sim = grab(err, r"build network [\d.]+ ms, simulate ([\d.]+) ms")
        else:                       # build+simulate minus a duration-0 run
            b = grab(kv["b0"], r"build\+simulate ([\d.]+) ms")
            sim = grab(err, r"build\+simulate ([\d.]+) ms") - b
        if "compile_ms" in kv:
            comp = float(kv["compile_ms"])
        else:
            comp = sum(float(x) for x in re.findall(
                r"(?:parse\+check|parse|check|lower|codegen\+optimize|codegen|optimize|jit) ([\d.]+) ms", open(err).read()))
        r.update(compile=comp, build=b, sim=sim,
                 spikes=grab(base + ".out", r"control: (\d+) spikes", int))
    else:
        res = json.loads(re.search(r"RESULT (\{.*\})", open(base + ".out").read()).group(1))
        r.update(compile=None, build=res["build_s"] * 1000, sim=res["simulate_s"] * 1000,
                 spikes=res["spikes"], identical=res.get("identical"))
    table.append(r)

def f(x, fmt="%.0f"):
    return "-" if x is None else fmt % x

sims = {(r["model"], r["engine"]): r["sim"] for r in table}
hdr = ("| model | engine | t_sim (ms) | compile (ms) | build (ms) | simulate (ms) | spikes "
       "| peak RSS (MB) | NEURON sim / circ JIT default (1 thread) | NEURON sim / circ JIT exact "
       "(1 thread) | spikes = circ |")
print(hdr)
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for r in table:
    ra = rb = ident = ""
    if r["engine"].startswith("NEURON"):
        def ratio(engine):
            d = sims.get((r["model"], engine))
            return f(r["sim"] / d if d else None, "%.1f")
        ra = "%s (%s)" % (ratio("circ JIT default"), ratio("circ JIT default, 1 thread"))
        rb = "%s (%s)" % (ratio("circ JIT exact"), ratio("circ JIT exact, 1 thread"))
        ident = {True: "identical", False: "DIFFER", None: "?"}[r["identical"]]
    print("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        r["model"], r["engine"], r["tstop"], f(r["compile"]), f(r["build"]), f(r["sim"]),
        f(r["spikes"], "%d"), f(r["rss"]), ra, rb, ident))
EOF
