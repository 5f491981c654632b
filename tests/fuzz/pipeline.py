#!/usr/bin/env python3
"""pipeline.py - differential fuzzing of the whole circ pipeline.

Each seed gives one random valid model (genmodel.py).  The model is checked,
built into a program (`circ build`), then run eight times: `circ run` and
the program, with 1 and 3 threads, in the default mode and with --exact
(then the first once more into the same directory) (plus, on some seeds, one `--set`, `--seed` or `--connections` given to
every run).  Failures, by kind:

  reject        `circ check` refuses a model the generator believes valid
  build         `circ build` fails
  crash         killed by a signal (or exit > 2)
  sanitizer     an ASan/UBSan/LSan report on stderr (leaks included)
  hang          a run or build exceeds the time limit
  run-error     a run ends with an error (exit 1 with "error:") that is not
                a numerical blow-up or a failed expectation
  status        runs of one mode disagree on the exit status
  jit-vs-program  the program's outputs differ from `circ run`'s
  threads       3 threads differ from 1 thread (same tool and mode)
  exact-vs-default  a single-cell model's traces differ by more than 1e-6
                between the default mode and --exact
  rerun         `circ run` again into its own output directory ends
                otherwise or leaves other files

"Outputs" are every file of the output directory, byte for byte, except
that summary.json and report.html are compared without the provenance
fields that legitimately differ between runs: `date` (wall clock) and
`threads` (the option itself).  Everything else must be identical
(`host`, `mode` and `source_sha256` are the same for the compared runs).

Usage:
  pipeline.py [--circ PATH] [--first SEED] [--count N] [--minutes M]
              [--work DIR] [--tap] [--summary FILE] [--timeout SEC]

--tap prints TAP (for `make check`); otherwise one line per failing seed and
a summary at the end (also written to --summary as JSON).  A failing seed's
model and the command lines that show the failure are kept in
DIR/failures/<kind>-<seed>/.  Reproduce one with `genmodel.py SEED`.
"""

import argparse
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True      # no __pycache__ in the source tree
import genmodel  # noqa: E402

SAN_RE = re.compile(r"ERROR: (Address|Leak|Thread|Memory)Sanitizer|runtime error:|"
                    r"UndefinedBehaviorSanitizer|SUMMARY: \w+Sanitizer")
# exit-1 errors that a valid model may legitimately end with
BENIGN_RE = re.compile(r"became unstable|not a number|not finite|expectation failed|"
                       r"no output written|is as it was")
PROV_VARYING = ("date", "threads")


class Run:
    def __init__(self, argv, rc, out, err, secs, outdir):
        self.argv, self.rc, self.out, self.err, self.secs, self.outdir = argv, rc, out, err, secs, outdir


def run(argv, timeout, cwd=None, env=None):
    """argv's status, stdout, stderr and seconds; status None: no end after
    `timeout` seconds of waiting, counted in short waits, so that time the
    campaign spent stopped (SIGSTOP, to measure something on the machine)
    does not make a hang: a wait that took far longer than asked is a
    stopped process, counted as asked."""
    t = time.time()
    try:
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd,
                             env=env, start_new_session=True)
        waited, step = 0.0, 2.0
        while True:
            t0 = time.monotonic()
            try:
                out, err = p.communicate(timeout=step)
                break
            except subprocess.TimeoutExpired:
                took = time.monotonic() - t0
                waited += took if took < 10 * step else step
                if waited >= timeout:
                    os.killpg(p.pid, signal.SIGKILL)
                    out, err = p.communicate()
                    return (None, out.decode(errors="replace"), err.decode(errors="replace"),
                            time.time() - t)
        return p.returncode, out.decode(errors="replace"), err.decode(errors="replace"), time.time() - t
    except OSError as e:
        return -999, "", str(e), time.time() - t


def normalize(path, data):
    """Bytes of an output file as compared between runs."""
    name = os.path.basename(path)
    if name == "summary.json":
        try:
            j = json.loads(data)
        except ValueError:
            return data
        prov = j.get("provenance")
        if isinstance(prov, dict):
            for k in PROV_VARYING:
                prov.pop(k, None)

        def drop_report(x):
            # the list of files: report.html carries the provenance, so its
            # size and checksum vary with it (its text is compared normalized)
            if isinstance(x, dict):
                if x.get("path") == "report.html":
                    x.pop("sha256", None)
                    x.pop("bytes", None)
                for v in x.values():
                    drop_report(v)
            elif isinstance(x, list):
                for v in x:
                    drop_report(v)
        drop_report(j)
        return json.dumps(j, sort_keys=True, indent=1).encode()
    if name == "report.html":
        text = data.decode(errors="replace")
        text = re.sub(r"<tr><th>(threads|date[^<]*)</th><td>[^<]*</td></tr>", "", text)
        return text.encode()
    return data


def tree(outdir):
    files = {}
    if not os.path.isdir(outdir):
        return files
    for root, _, names in os.walk(outdir):
        for n in names:
            p = os.path.join(root, n)
            rel = os.path.relpath(p, outdir)
            with open(p, "rb") as f:
                files[rel] = normalize(rel, f.read())
    return files


def first_diff(a, b):
    """A short description of how two file trees differ, or None."""
    if set(a) != set(b):
        return f"files only in one: {sorted(set(a) ^ set(b))[:6]}"
    for k in sorted(a):
        if a[k] != b[k]:
            la, lb = a[k].split(b"\n"), b[k].split(b"\n")
            for i, (x, y) in enumerate(zip(la, lb)):
                if x != y:
                    fx, fy = x.split(b","), y.split(b",")
                    head = la[0].split(b",")
                    for j, (u, w) in enumerate(zip(fx, fy)):
                        if u != w:
                            col = head[j].decode(errors="replace") if j < len(head) else j + 1
                            return (f"{k} line {i + 1}, field {j + 1} ({col}): "
                                    f"{u[:80].decode(errors='replace')} != {w[:80].decode(errors='replace')}")
                    return f"{k} line {i + 1}: {x[:120]!r} != {y[:120]!r}"
            return f"{k}: lengths {len(a[k])} != {len(b[k])}"
    return None


def traces_gap(a, b):
    """Largest |difference| between the traces.csv of two trees (same experiments)."""
    worst = 0.0
    where = ""
    for k in a:
        if not k.endswith("traces.csv") or k not in b:
            continue
        ra = list(csv.reader(io.StringIO(a[k].decode())))
        rb = list(csv.reader(io.StringIO(b[k].decode())))
        if len(ra) != len(rb) or (ra and ra[0] != rb[0]):
            return float("inf"), f"{k}: different shape"
        for i, (x, y) in enumerate(zip(ra[1:], rb[1:])):
            for j, (u, w) in enumerate(zip(x, y)):
                if j == 0:
                    continue
                try:
                    d = abs(float(u) - float(w))
                except ValueError:
                    d = 0.0 if u == w else float("inf")
                if d != d:                       # NaN in one, compare as text
                    d = 0.0 if u == w else float("inf")
                if d > worst:
                    worst, where = d, f"{k} row {i + 2} column {ra[0][j]}: {u} vs {w}"
    return worst, where


class Campaign:
    def __init__(self, args):
        self.a = args
        self.circ = os.path.abspath(args.circ)
        self.work = os.path.abspath(args.work)
        os.makedirs(self.work, exist_ok=True)
        self.env = dict(os.environ)
        self.env.setdefault("CIRC_CACHE_DIR", os.path.join(self.work, "cache"))
        self.env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
        self.failures = {}      # kind -> [seed]
        self.models = 0
        self.runs = 0
        self.run_errors = 0     # benign exit-1 runs (blow-ups, failed expectations)

    def fail(self, kind, seed, model, detail, cmds, problems):
        problems.append((kind, detail))
        seeds = self.failures.setdefault(kind, [])
        if seed in seeds:       # one seed counts once per kind; the first run's story is kept
            return
        seeds.append(seed)
        d = os.path.join(self.work, "failures", f"{kind}-{seed}")
        os.makedirs(d, exist_ok=True)
        shutil.copy(model, os.path.join(d, "model.circ"))
        with open(os.path.join(d, "README"), "w") as f:
            f.write(f"seed {seed}: {kind}\n{detail}\n\ncommands (from the model's directory):\n")
            for c in cmds:
                f.write("  " + " ".join(c) + "\n")

    def one(self, seed):
        """Runs one seed; returns a list of (kind, detail)."""
        text, info = genmodel.generate(seed)
        d = os.path.join(self.work, f"s{seed}")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        model = os.path.join(d, "model.circ")
        with open(model, "w") as f:
            f.write(text)
        for name, body in info["files"].items():
            with open(os.path.join(d, name), "w") as f:
                f.write(body)
        # programs run in a directory of their own: they carry their sources
        # (imports included) and must not read the model's directory
        os.makedirs(os.path.join(d, "bin"))
        problems = []
        T = self.a.timeout

        # `circ build` checks the model first: exit 1 with errors is a rejection
        rc, out, err, _ = run([self.circ, "build", "model.circ", "-o", "bin/prog"], T, cwd=d, env=self.env)
        if rc != 0:
            kind = ("hang" if rc is None else "sanitizer" if SAN_RE.search(err) else
                    "crash" if rc < 0 or rc > 2 else
                    "reject" if rc == 1 and " error: " in err and "linking" not in err else "build")
            self.fail(kind, seed, model, err.strip()[-3000:],
                      [["circ", "check", "model.circ"], ["circ", "build", "model.circ", "-o", "bin/prog"]],
                      problems)
            return problems

        # options given to every run of this seed
        import random
        r = random.Random(seed * 7919 + 1)
        extra = []
        if info["sets"] and r.random() < 0.25:
            extra += ["--set", r.choice(info["sets"])]
        if r.random() < 0.15:
            extra += ["--seed", str(r.randint(1, 10 ** 6))]
        if r.random() < 0.2:
            extra += ["--connections"]
        if info["experiments"] and r.random() < 0.1:
            extra += ["-e", r.choice(info["experiments"])]
        if " where " not in text and r.random() < 0.1:
            extra += ["--rng", "netpyne"]      # refused for rules narrowed by where

        runs = {}
        for mode in ("default", "exact"):
            for tool in ("jit", "prog"):
                for th in (1, 3):
                    o = f"o-{mode}-{tool}-{th}"
                    argv = ([self.circ, "run", "model.circ", "-o", o] if tool == "jit"
                            else ["./prog", "-o", "../" + o])
                    argv = argv + ["--threads", str(th)] + extra
                    if mode == "exact":
                        argv.append("--exact")
                    rc, out, err, secs = run(argv, T, cwd=d if tool == "jit" else os.path.join(d, "bin"),
                                             env=self.env)
                    self.runs += 1
                    runs[(mode, tool, th)] = Run(argv, rc, out, err, secs, os.path.join(d, o))

        def show(rn):
            if rn.argv[0] == self.circ:
                return ["circ"] + rn.argv[1:]
            return ["(cd bin &&"] + rn.argv + [")"]

        for key, rn in runs.items():
            cmd = [["circ", "build", "model.circ", "-o", "bin/prog"], show(rn)]
            if rn.rc is None:
                self.fail("hang", seed, model, f"{' '.join(show(rn))}: no end after {T} s", cmd, problems)
            elif SAN_RE.search(rn.err):
                m = SAN_RE.search(rn.err)
                self.fail("sanitizer", seed, model, rn.err[max(0, m.start() - 200):m.start() + 3000],
                          cmd, problems)
            elif rn.rc < 0 or rn.rc > 2 or rn.rc == -999:
                self.fail("crash", seed, model, f"exit {rn.rc}\n{rn.err[-3000:]}", cmd, problems)
            elif rn.rc != 0:
                # what the run said besides the model's warnings
                said = [l for l in rn.err.splitlines()       # a program names itself
                        if l.startswith(("circ:", "prog:")) or " error: " in l]
                if rn.rc == 1 and said and all(BENIGN_RE.search(l) for l in said):
                    self.run_errors += 1      # a blow-up or a failed expectation
                else:
                    self.fail("run-error", seed, model, f"exit {rn.rc}\n{rn.err[-3000:]}", cmd, problems)
        if problems:
            return problems

        trees = {k: tree(rn.outdir) for k, rn in runs.items()}
        for mode in ("default", "exact"):
            ref = runs[(mode, "jit", 1)]
            for tool, th in (("jit", 3), ("prog", 1), ("prog", 3)):
                rn = runs[(mode, tool, th)]
                kind = "threads" if tool == "jit" else "jit-vs-program"
                cmds = [["circ", "build", "model.circ", "-o", "bin/prog"], show(ref), show(rn)]
                if rn.rc != ref.rc:
                    self.fail("status", seed, model, f"exit {ref.rc} vs {rn.rc}\n{ref.err[-1500:]}\n---\n"
                              f"{rn.err[-1500:]}", cmds, problems)
                    continue
                diff = first_diff(trees[(mode, "jit", 1)], trees[(mode, tool, th)])
                if diff is None and rn.out != ref.out:
                    diff = f"stdout differs:\n{ref.out[-1500:]}\n---\n{rn.out[-1500:]}"
                if diff:
                    if tool == "prog" and th == 3 and any(p[0] == "threads" for p in problems):
                        continue
                    self.fail(kind, seed, model, diff, cmds, problems)
        # the same run again into its own output directory: it replaces it
        # whole, with the same files
        ref = runs[("default", "jit", 1)]
        rc, out, err, _ = run(ref.argv, T, cwd=d, env=self.env)
        self.runs += 1
        if rc != ref.rc or SAN_RE.search(err):
            self.fail("rerun", seed, model, f"exit {ref.rc}, again {rc}\n{err[-2000:]}",
                      [show(ref), show(ref)], problems)
        else:
            diff = first_diff(trees[("default", "jit", 1)], tree(ref.outdir))
            if diff:
                self.fail("rerun", seed, model, diff, [show(ref), show(ref)], problems)
        if info["single"] and runs[("default", "jit", 1)].rc == 0 and runs[("exact", "jit", 1)].rc == 0:
            gap, where = traces_gap(trees[("default", "jit", 1)], trees[("exact", "jit", 1)])
            if gap > 1e-6:
                self.fail("exact-vs-default", seed, model, f"max |difference| {gap:g}: {where}",
                          [show(runs[("default", "jit", 1)]), show(runs[("exact", "jit", 1)])], problems)
        if not problems and not self.a.keep:
            shutil.rmtree(d, ignore_errors=True)
        return problems

    def summary(self, secs):
        return dict(models=self.models, runs=self.runs, seconds=round(secs, 1),
                    benign_run_errors=self.run_errors,
                    failures={k: dict(seeds=len(v), first=v[:50]) for k, v in sorted(self.failures.items())},
                    circ=self.circ)


_worker = None


def _start_worker(args):
    global _worker
    _worker = Campaign(args)


def _one_seed(seed):
    """One seed in a worker process: its problems and what it ran."""
    runs, errors = _worker.runs, _worker.run_errors
    problems = _worker.one(seed)
    return seed, problems, _worker.runs - runs, _worker.run_errors - errors


def seeds_run(args):
    """Yields (seed, problems, runs, benign run errors) for each model in
    seed order; no new model starts after --minutes."""
    t0 = time.time()

    def seeds():
        for seed in range(args.first, args.first + args.count):
            if args.minutes and time.time() - t0 > args.minutes * 60:
                return
            yield seed
    if args.jobs <= 1:
        _start_worker(args)
        yield from map(_one_seed, seeds())
        return
    # a bounded window of seeds in flight: the pool's own feeder would draw
    # every seed at once, past the time limit
    import collections
    import multiprocessing
    with multiprocessing.Pool(args.jobs, _start_worker, (args,)) as pool:
        flight = collections.deque()
        for seed in seeds():
            flight.append(pool.apply_async(_one_seed, (seed,)))
            if len(flight) >= 2 * args.jobs:
                yield flight.popleft().get()
        while flight:
            yield flight.popleft().get()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--circ", default=os.environ.get("CIRC", "circ"))
    ap.add_argument("--first", type=int, default=1)
    ap.add_argument("--count", type=int, default=30)
    ap.add_argument("--minutes", type=float, default=0, help="stop starting models after this long")
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "circ-pipeline"))
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--tap", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the directories of passing seeds")
    ap.add_argument("--summary")
    ap.add_argument("--jobs", type=int, default=1, help="models run at once (worker processes)")
    args = ap.parse_args()

    c = Campaign(args)
    t0 = time.time()
    n = 0
    for seed, problems, runs, run_errors in seeds_run(args):
        n += 1
        c.models += 1
        c.runs += runs
        c.run_errors += run_errors
        for kind in sorted({k for k, _ in problems}):
            c.failures.setdefault(kind, []).append(seed)
        if args.tap:
            if problems:
                print(f"not ok {n} - seed {seed}: {problems[0][0]}")
                for kind, detail in problems:
                    for line in (kind + ": " + detail).splitlines()[:20]:
                        print("# " + line)
            else:
                print(f"ok {n} - seed {seed}")
        elif problems:
            print(f"seed {seed}: " + ", ".join(sorted({k for k, _ in problems})), flush=True)
        if args.summary and n % 20 == 0:
            with open(args.summary, "w") as f:
                json.dump(c.summary(time.time() - t0), f, indent=1)
    secs = time.time() - t0
    s = c.summary(secs)
    if args.tap:
        print(f"1..{n}")
        print(f"# {c.models} models, {c.runs} runs in {secs:.1f} s; failures in {c.work}/failures")
    else:
        print(json.dumps(s, indent=1))
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump(s, f, indent=1)
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
