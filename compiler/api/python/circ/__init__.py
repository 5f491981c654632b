"""circ from Python: load a model once, run it many times, read results in memory.

    import circ
    m = circ.load("examples/microcircuit.circ")          # or circ.Model(text)
    r = m.run(seed=3, set={"bkg.rate": "30 Hz"}, experiments=["control"])
    r["control"].spikes        # pandas DataFrame: t_ms, gid
    r["control"].traces        # pandas DataFrame indexed by t_ms, traces.csv's columns
    r["control"].rates         # {population: Hz}
    r["control"].measures      # {measure: number or verdict text}

Values are plain floats in circ's output units, which the names carry where
they are not fixed: spike times and trace times in ms (`t_ms`), voltages in
mV, rates in Hz; `Model.measure_units` gives each measure's unit.  Arrays
(`spike_times`, `spike_gids`, `trace(i)`) are NumPy views of the run's memory,
no copy; they keep the run alive.

A model with errors raises `circ.ModelError` (its `.diagnostics` carry file,
line, column and message; `str()` is what `circ check` prints); a run that
fails raises `circ.RunError`.  The library is $CIRC_LIBRARY if set, else the
build tree's libcirc.so (found from this package's place), else the
installed libcirc.so.1.

Threads: one Model runs one run at a time (a lock; ctypes releases the GIL,
so separate Models do run at once), and figures are drawn one at a time in
the process (cairo's caches are shared).
"""

import ctypes
import html
import itertools
import os
import re
import shlex
import threading
import weakref

import numpy as np

from . import _lib

__all__ = ["load", "Model", "Results", "Experiment", "Figure", "Diagnostic", "ModelError",
           "RunError"]


class Diagnostic:
    """One message of the compiler: severity ("error", "warning", "note"),
    file, line, column (1-based; 0 when not in a file) and message."""

    def __init__(self, severity, file, line, column, message):
        self.severity, self.file, self.line, self.column, self.message = \
            severity, file, line, column, message

    def __repr__(self):
        where = f"{self.file}:{self.line}:{self.column}: " if self.file else ""
        return f"<circ.Diagnostic {where}{self.severity}: {self.message}>"


class ModelError(Exception):
    """The model has errors: .diagnostics lists them, str() renders them."""

    def __init__(self, text, diagnostics):
        super().__init__(text)
        self.diagnostics = diagnostics


class RunError(Exception):
    """A run failed: an unknown experiment, a bad set, a blow-up..."""


_SEVERITY = {0: "error", 1: "warning", 2: "note"}


def _text(b):
    return b.decode() if b is not None else None


def _strings(values):
    """A C array of the strings (keep it while C reads it) and its pointer."""
    arr = (ctypes.c_char_p * max(len(values), 1))()
    for i, v in enumerate(values):
        arr[i] = v.encode()
    return arr, ctypes.cast(arr, ctypes.POINTER(ctypes.c_char_p))


class Model:
    """A checked and compiled model.  Model(text, name="model.circ") compiles
    text (imports are found from name's directory); load(path) a file."""

    def __init__(self, text=None, name="model.circ", *, path=None, exact=False, set=None):
        self._lib = _lib.library()
        opts = self._lib.circ_default_options()
        opts.exact = int(bool(exact))
        sets = _set_lines(set)
        keep, opts.sets = _strings(sets)
        opts.nsets = len(sets)
        if path is not None:
            h = self._lib.circ_open_file(os.fsencode(path), ctypes.byref(opts))
        else:
            h = self._lib.circ_open_text(text.encode(), name.encode(), ctypes.byref(opts))
        if not h:
            raise MemoryError("circ: out of memory")
        self._h = h
        self._lock = threading.Lock()      # one run of this model at a time (circ.h)
        self.exact = bool(exact)
        self.name = os.path.basename(path if path is not None else name)
        if not self._lib.circ_ok(h):
            err = ModelError(_text(self._lib.circ_diagnostics_text(h)), self.diagnostics)
            self.close()
            raise err

    def close(self):
        """Frees the compiled model (also when it is collected)."""
        if getattr(self, "_h", None):
            self._lib.circ_close(self._h)
            self._h = None

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def diagnostics(self):
        """The warnings (and notes) of the compilation, as Diagnostic values."""
        out = []
        for i in range(self._lib.circ_ndiagnostics(self._h)):
            d = self._lib.circ_diagnostic_at(self._h, i).contents
            out.append(Diagnostic(_SEVERITY.get(d.severity, "error"), _text(d.file) or "",
                                  d.line, d.column, _text(d.message)))
        return out

    def _names(self, count, name):
        return [_text(name(self._h, i)) for i in range(count(self._h))]

    @property
    def experiments(self):
        return self._names(self._lib.circ_nexperiments, self._lib.circ_experiment_name)

    @property
    def populations(self):
        return self._names(self._lib.circ_npopulations, self._lib.circ_population_name)

    @property
    def measures(self):
        return self._names(self._lib.circ_nmeasures, self._lib.circ_measure_name)

    @property
    def measure_units(self):
        """{measure: unit as written ("Hz", "mV", "" for a number)}."""
        return dict(zip(self.measures,
                        self._names(self._lib.circ_nmeasures, self._lib.circ_measure_unit)))

    @property
    def expectations(self):
        return self._names(self._lib.circ_nexpectations, self._lib.circ_expectation_text)

    @property
    def figures(self):
        """Names of the model's declared figures."""
        return self._names(self._lib.circ_nfigures, self._lib.circ_figure_name)

    @property
    def cells(self):
        return self._lib.circ_ncells(self._h)

    def run(self, seed=None, set=None, experiments=None, threads=0, rng="circ",
            connections=False):
        """Runs the model's experiments (or those named; a sweep's name runs all
        its points) with this seed and these values, reusing the compiled code.
        `set` maps paths to values with units as --set takes them:
        {"bkg.rate": "30 Hz"}.  Returns Results; raises RunError."""
        if not self._h:
            raise ValueError("circ: the model is closed")
        o = self._lib.circ_default_run_options()
        o.seed = -1 if seed is None else int(seed)
        o.threads = int(threads)
        if rng not in ("circ", "netpyne"):
            raise ValueError(f"circ: rng is 'circ' or 'netpyne', not {rng!r}")
        o.rng = 1 if rng == "netpyne" else 0
        names = [experiments] if isinstance(experiments, str) else list(experiments or [])
        keep_e, ptr_e = _strings(names)
        o.experiments = ptr_e if names else None
        o.nexperiments = len(names)
        sets = _set_lines(set)
        keep_s, o.sets = _strings(sets)
        o.nsets = len(sets)
        o.connections = int(bool(connections))
        with self._lock:
            h = self._lib.circ_run(self._h, ctypes.byref(o))
        if not h:
            raise MemoryError("circ: out of memory")
        r = Results(self, h)
        err = self._lib.circ_results_error(h)
        if err:
            r.close()
            raise RunError(_text(err).rstrip())
        return r


def load(path, *, exact=False, set=None):
    """Checks and compiles the model in file `path`; raises ModelError."""
    return Model(path=path, exact=exact, set=set)


def _set_lines(values):
    if not values:
        return []
    if isinstance(values, dict):
        return [f"{k}={str(v).replace(' ', '')}" for k, v in values.items()]
    return [str(v) for v in values]


class Results:
    """One run: results["control"] is that experiment's Experiment."""

    def __init__(self, model, handle):
        self.model = model
        self._lib = model._lib
        self._h = handle
        self._live = 0              # arrays over this run's memory still alive
        self._closing = False
        # the model's names as they were: its handle may be closed before this run
        self._names = dict(experiments=model.experiments, populations=model.populations,
                           measures=model.measures, measure_units=model.measure_units,
                           expectations=model.expectations, figures=model.figures)
        self._only = dict(
            measures=[model._lib.circ_measure_experiment(model._h, k)
                      for k in range(len(self._names["measures"]))],
            expectations=[model._lib.circ_expectation_experiment(model._h, k)
                          for k in range(len(self._names["expectations"]))])
        self._ran = [bool(self._lib.circ_ran(handle, i))
                     for i in range(len(self._names["experiments"]))]

    def close(self):
        """Frees the run's memory now, unless arrays over it are still alive
        (then when the last of them goes)."""
        self._closing = True
        if getattr(self, "_h", None) and not self._live:
            self._lib.circ_results_free(self._h)
            self._h = None

    def _view_made(self, a):
        self._live += 1
        weakref.finalize(a, self._view_gone)

    def _view_gone(self):
        self._live -= 1
        if self._closing and not self._live:
            self.close()

    def __del__(self):
        if getattr(self, "_h", None):
            self._lib.circ_results_free(self._h)
            self._h = None

    def _handle(self):
        if not self._h or (self._closing and not self._live):
            raise ValueError("circ: the results are closed")
        return self._h

    @property
    def seed(self):
        return self._lib.circ_results_seed(self._h)

    @property
    def experiments(self):
        """Names of the experiments this run ran, in the model's order."""
        return [n for n, ran in zip(self._names["experiments"], self._ran) if ran]

    def __getitem__(self, name):
        names = self._names["experiments"]
        if name not in names or not self._ran[names.index(name)]:
            raise KeyError(f"circ: experiment {name!r} was not run")
        return Experiment(self, names.index(name), name)

    def __iter__(self):
        return iter(self.experiments)

    def __len__(self):
        return len(self.experiments)

    @property
    def figures(self):
        """{name: Figure}: the model's figures drawn from this run (SVG)."""
        return {name: Figure(self, k, name) for k, name in enumerate(self._names["figures"])}

    def _repr_html_(self):
        """The run as a notebook shows it: a table of rates and measures
        (a column per experiment), the expectations, the figures inline."""
        exps = [self[name] for name in self.experiments]
        units = self._names["measure_units"]
        head = "".join(f"<th>{html.escape(e.name)}</th>" for e in exps)
        rows = [f"<tr><td>spikes</td>{''.join(f'<td>{len(e.spike_times)}</td>' for e in exps)}</tr>"]
        rates = [e.rates for e in exps]
        for p in self._names["populations"]:
            rows.append(f"<tr><td>{html.escape(p)} (Hz)</td>" +
                        "".join(f"<td>{_cell(r[p])}</td>" for r in rates) + "</tr>")
        measures = [e.measures for e in exps]
        for k in self._names["measures"]:
            if any(k in x for x in measures):
                unit = f" ({units[k]})" if units.get(k) else ""
                rows.append(f"<tr><td>{html.escape(k + unit)}</td>" +
                            "".join(f"<td>{_cell(x[k]) if k in x else ''}</td>" for x in measures)
                            + "</tr>")
        mark = {True: "&#10003; held", False: "&#10007; FAILED", None: "not evaluated"}
        expects = "".join(f"<li>{mark[v]} in {html.escape(e.name)}: {html.escape(t)}</li>"
                          for e in exps for t, v in e.expectations.items())
        parts = [f"<div class='circ-run'><p><b>circ run</b> of {html.escape(self.model.name)}, "
                 f"seed {self.seed}</p><table><tr><th></th>{head}</tr>{''.join(rows)}</table>",
                 f"<ul>{expects}</ul>" if expects else ""]
        for fig in self.figures.values():
            svg = fig._repr_svg_()
            if svg:
                parts.append(f"<figure><figcaption>{html.escape(fig.name)}</figcaption>"
                             f"{svg}</figure>")
        parts.append("</div>")
        return "".join(parts)


class _OwnedArray(np.ndarray):
    """A NumPy view of a run's memory that keeps the run (whose free() would
    release that memory) alive as long as the view or a view of it lives."""

    def __array_finalize__(self, obj):
        self._owner = getattr(obj, "_owner", None)
        if self._owner is not None:         # a view of a view: also over the run's memory
            self._owner._view_made(self)


def _view(ptr, n, dtype, owner):
    """A read-only array over n values at ptr, no copy."""
    if n == 0 or not ptr:
        return np.empty(0, dtype=dtype)
    a = np.ctypeslib.as_array(ptr, shape=(n,)).view(_OwnedArray)
    a._owner = owner
    a.flags.writeable = False
    owner._view_made(a)
    return a


_FIGURES = threading.Lock()     # cairo draws one figure at a time in a process

# A figure's clips and gradients have ids made of its name ("raster-c1");
# figures shown inline share one page, where ids are global, so two figures
# of one name (two runs' rasters) would take each other's clips: each
# display gets ids of its own.
_DISPLAYS = itertools.count(1)
_ID_USE = re.compile(r"(id='|url\(#)([A-Za-z_][\w.-]*-[cg]\d+)")


def _own_ids(svg):
    n = next(_DISPLAYS)
    return _ID_USE.sub(lambda m: f"{m.group(1)}d{n}-{m.group(2)}", svg)


class Figure:
    """A declared figure drawn from a run: .svg is `circ run`'s
    figures/<name>.svg, shown inline by notebooks."""

    def __init__(self, results, index, name):
        self._r, self._k, self.name = results, index, name

    @property
    def svg(self):
        """The SVG text, or None if it could not be drawn (out of memory)."""
        n = ctypes.c_size_t()
        with _FIGURES:
            p = self._r._lib.circ_figure_svg(self._r._handle(), self._k, ctypes.byref(n))
        return ctypes.string_at(p, n.value).decode() if p else None

    def _repr_svg_(self):
        # from <svg on: an XML declaration inside HTML trips nbconvert's exporter
        svg = self.svg
        return _own_ids(svg[svg.find("<svg"):]) if svg else None

    def save(self, path):
        with open(path, "w") as f:
            f.write(self.svg or "")


def _cell(x):
    if isinstance(x, float):
        return "&ndash;" if x != x else f"{x:.4g}"
    return html.escape(str(x))


class Experiment:
    """The results of one experiment of a run."""

    def __init__(self, results, index, name):
        self._r, self._i, self.name = results, index, name
        self._lib = results._lib

    @property
    def spike_times(self):
        """Spike times in ms (sorted by time, then gid), as spikes.csv lists them."""
        t = ctypes.POINTER(ctypes.c_double)()
        n = self._lib.circ_spikes(self._r._handle(), self._i, ctypes.byref(t), None)
        return _view(t, n, np.float64, self._r)

    @property
    def spike_gids(self):
        g = ctypes.POINTER(ctypes.c_int)()
        n = self._lib.circ_spikes(self._r._handle(), self._i, None, ctypes.byref(g))
        return _view(g, n, np.int32, self._r)

    @property
    def spikes(self):
        """pandas DataFrame with columns t_ms and gid."""
        import pandas as pd
        return pd.DataFrame({"t_ms": np.asarray(self.spike_times),
                             "gid": np.asarray(self.spike_gids)})

    @property
    def trace_labels(self):
        return [_text(self._lib.circ_trace_label(self._r._handle(), self._i, k))
                for k in range(self._lib.circ_ntraces(self._r._handle(), self._i))]

    @property
    def times(self):
        """Every step's time (ms)."""
        t = ctypes.POINTER(ctypes.c_double)()
        n = self._lib.circ_trace_times(self._r._handle(), self._i, ctypes.byref(t))
        return _view(t, n, np.float64, self._r)

    def trace(self, k):
        """(values, every): trace k's samples, one every `every` steps."""
        v = ctypes.POINTER(ctypes.c_double)()
        every = ctypes.c_int()
        n = self._lib.circ_trace(self._r._handle(), self._i, k, ctypes.byref(v), ctypes.byref(every))
        return _view(v, n, np.float64, self._r), every.value

    @property
    def traces(self):
        """pandas DataFrame indexed by t_ms, a column per trace (traces.csv's
        labels and rows: the steps some trace samples; NaN where a trace
        does not sample that step)."""
        import pandas as pd
        t = np.asarray(self.times)
        cols, sampled = {}, np.zeros(len(t), dtype=bool)
        for k, label in enumerate(self.trace_labels):
            v, every = self.trace(k)
            col = np.full(len(t), np.nan)
            col[::every] = np.asarray(v)
            cols[label] = col
            sampled[::every] = True
        df = pd.DataFrame(cols, index=pd.Index(t, name="t_ms"))
        return df if sampled.all() else df[sampled]

    @property
    def rates(self):
        """{population: mean rate over the run in Hz} (summary.json's rates)."""
        pops = self._r._names["populations"]
        return {p: self._lib.circ_rate(self._r._handle(), self._i, k) for k, p in enumerate(pops)}

    @property
    def measures(self):
        """{measure: value} for the measures taken in this experiment: a
        float in the measure's unit (Model.measure_units; NaN where it is
        undefined, e.g. a CV of fewer than 3 spikes), or a verdict's text."""
        out = {}
        for k, name in enumerate(self._r._names["measures"]):
            only = self._r._only["measures"][k]
            if only >= 0 and only != self._i:
                continue
            verdict = ctypes.c_char_p()
            x = self._lib.circ_measure(self._r._handle(), self._i, k, ctypes.byref(verdict))
            out[name] = verdict.value.decode() if verdict.value is not None else x
        return out

    def _html(self):
        rows = "".join(f"<tr><td>{html.escape(p)}</td><td>{_cell(v)} Hz</td></tr>"
                       for p, v in self.rates.items())
        units = self._r._names["measure_units"]
        rows += "".join(f"<tr><td>{html.escape(k)}</td><td>{_cell(v)} "
                        f"{html.escape(units.get(k, '') if not isinstance(v, str) else '')}</td></tr>"
                        for k, v in self.measures.items())
        mark = {True: "&#10003; held", False: "&#10007; FAILED", None: "not evaluated"}
        rows += "".join(f"<tr><td>{html.escape(t)}</td><td>{mark[v]}</td></tr>"
                        for t, v in self.expectations.items())
        return (f"<p><b>{html.escape(self.name)}</b>: {len(self.spike_times)} spikes</p>"
                f"<table>{rows}</table>")

    def _repr_html_(self):
        return self._html()

    @property
    def expectations(self):
        """{expectation text: True held, False failed, None not evaluated
        (it compares with an experiment this run left out)} for the
        expectations about this experiment."""
        out = {}
        for k, text in enumerate(self._r._names["expectations"]):
            only = self._r._only["expectations"][k]
            if only >= 0 and only != self._i:
                continue
            v = self._lib.circ_expectation(self._r._handle(), self._i, k)
            out[text] = None if v < 0 else bool(v)
        return out


# ---- IPython: %load_ext circ gives the %%circ cell magic ----------------------

def _magic(line, cell):
    """%%circ [-e EXPERIMENT]... [--seed N] [--set PATH=VALUE]... [--exact]
    [--threads N] [-o VARIABLE]: checks the model written in the cell, runs
    it, shows the run (figures inline) and keeps it in VARIABLE (default
    _circ).  Imports are found from the notebook's directory."""
    from IPython import get_ipython
    args = shlex.split(line)
    experiments, sets, seed, exact, threads, var = [], [], None, False, 0, "_circ"
    i = 0
    while i < len(args):
        a = args[i]
        value = args[i + 1] if i + 1 < len(args) else None
        if a in ("-e", "--seed", "--set", "--threads", "-o") and value is None:
            raise ValueError(f"%%circ: {a} needs a value")
        if a == "-e":
            experiments.append(value)
        elif a == "--seed":
            seed = int(value)
        elif a == "--set":
            sets.append(value)
        elif a == "--threads":
            threads = int(value)
        elif a == "-o":
            var = value
        elif a == "--exact":
            exact, i = True, i - 1
        else:
            raise ValueError(f"%%circ: unknown option {a!r}")
        i += 2
    m = Model(cell, os.path.join(os.getcwd(), "cell.circ"), exact=exact)
    r = m.run(seed=seed, set=sets, experiments=experiments or None, threads=threads)
    get_ipython().user_ns[var] = r
    return r


def load_ipython_extension(ipython):
    ipython.register_magic_function(_magic, magic_kind="cell", magic_name="circ")
