#!/bin/sh
# run.sh - build the libFuzzer harness for the front end and run it.
#
#   tests/fuzz/run.sh [SECONDS] [JOBS]      (defaults: 60 s, 1 job)
#
# Builds tests/fuzz/fuzz_front in the build tree (BUILDDIR, default: the
# source tree) from the front-end sources plus the generated grammar and
# stdlib files there (run `make` first), with clang -fsanitize=fuzzer,address,
# undefined (CLANG overrides the compiler).  New inputs go to $FUZZ_WORK/corpus
# (default: ${TMPDIR:-/tmp}/circ-fuzz), never into the checked-in seed corpus
# tests/fuzz/corpus; crashes, timeouts and leaks go to $FUZZ_WORK/artifacts.
# Extra libFuzzer flags can follow the job count.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$(cd "${BUILDDIR:-$top}" && pwd)
secs=${1:-60}
jobs=${2:-1}
[ $# -gt 2 ] && shift 2 || set --
target=${FUZZ_TARGET:-front}     # front: the whole .circ front end; nmodl: the .mod reader
work=${FUZZ_WORK:-${TMPDIR:-/tmp}/circ-fuzz$([ "$target" = front ] || echo "-$target")}
cc=${CLANG:-clang}

for gen in grammar/circ.tab.c grammar/circ.lex.c grammar/nmodl.tab.c grammar/nmodl.lex.c \
           compiler/stdlib_embed.c; do
    if [ ! -f "$build/$gen" ]; then
        echo "run.sh: $build/$gen is missing; run make first" >&2
        exit 2
    fi
done

bin=$build/tests/fuzz/fuzz_$target
mkdir -p "$build/tests/fuzz" "$work/corpus" "$work/artifacts"
nmodl_src="$top/grammar/nmodl_ast.c $top/grammar/nmodl_parse.c \
    $build/grammar/nmodl.tab.c $build/grammar/nmodl.lex.c \
    $top/compiler/nmodl/nmodl_circ.c $top/compiler/nmodl/nmodl_units.c"
case $target in
front)
    src="$top/compiler/base/units.c $top/compiler/sema/front.c $top/compiler/sema/sema_names.c \
        $top/compiler/sema/sema_units.c $top/compiler/sema/sema_model.c $top/compiler/sema/sema_lint.c \
        $top/compiler/sema/sema_record.c $top/compiler/sema/sema_params.c \
        $top/compiler/sema/sema_art.c $top/compiler/sema/sema_ions.c \
        $top/compiler/read/swc.c $top/compiler/read/morph_cell.c $top/compiler/read/sonata.c \
        $build/compiler/stdlib_embed.c $top/grammar/parse.c \
        $build/grammar/circ.tab.c $build/grammar/circ.lex.c $nmodl_src"
    dict=$here/circ.dict
    seeds=$here/corpus ;;
nmodl)
    src="$nmodl_src $top/compiler/base/units.c $top/compiler/lang/circ_print.c \
        $top/grammar/parse.c $build/grammar/circ.tab.c $build/grammar/circ.lex.c"
    dict=$here/nmodl.dict
    seeds=$work/seeds   # the .mod files of tests/nmodl (not the test binaries there)
    mkdir -p "$seeds"
    cp "$top"/tests/nmodl/*.mod "$seeds/" ;;
*)
    echo "run.sh: FUZZ_TARGET is front or nmodl" >&2
    exit 2 ;;
esac
# shellcheck disable=SC2086
$cc -g -O1 -std=c11 -D_GNU_SOURCE \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$build" -I"$top/compiler" -I"$top/compiler/base" -I"$top/compiler/sema" \
    -I"$top/compiler/nmodl" -I"$top/compiler/lang" -I"$top/compiler/read" \
    $(pkg-config --cflags hdf5 json-c) \
    -I"$build/grammar" -I"$top/grammar" \
    -Wno-unused-function -Wno-sign-compare \
    -o "$bin" "$here/fuzz_$target.c" \
    "$top/compiler/base/arena.c" "$top/compiler/base/diag.c" "$top/compiler/base/ast.c" $src \
    $(pkg-config --libs hdf5 json-c) -lm

# Relative imports resolve against the working directory: keep it empty.
cd "$work"
par=
if [ "$jobs" -gt 1 ]; then par="-jobs=$jobs -workers=$jobs"; fi
# shellcheck disable=SC2086
exec "$bin" -max_total_time="$secs" $par \
    -dict="$dict" -max_len=16384 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" "$@" "$work/corpus" "$seeds"
