"""The Python package against `circ run` on the seed model: same values,
errors as exceptions with locations, sweeps reusing the compiled model."""

import gc
import json
import os
import re
import subprocess

import numpy as np
import pandas as pd
import pytest

import circ

TOP = os.environ.get("CIRC_SRCDIR", os.path.join(os.path.dirname(__file__), "..", ".."))
SEED = os.path.join(TOP, "examples", "microcircuit.circ")
CIRC = os.environ.get("CIRC_BIN", os.path.join(TOP, "circ"))


@pytest.fixture(scope="module")
def model():
    with circ.load(SEED) as m:
        yield m


def cli(tmp_path, *args):
    out = tmp_path / "out"
    subprocess.run([CIRC, "run", SEED, "-o", str(out), *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return out


def read_csv(path):
    return pd.read_csv(path, float_precision="round_trip")


def test_model_names(model):
    assert model.experiments == ["control", "pv_silencing", "isn_push"]
    assert model.populations == ["Exc_L23", "Exc_L5", "Inh_PV", "Inh_SOM"]
    assert model.cells == 100
    assert model.measure_units["L23_baseline"] == "Hz"
    assert any("PV_baseline" in x for x in model.expectations)


def test_run_equals_circ_run(model, tmp_path):
    r = model.run(seed=3, set={"bkg.rate": "30 Hz"}, experiments=["control"])
    assert r.experiments == ["control"] and r.seed == 3
    out = cli(tmp_path, "-e", "control", "--seed", "3", "--set", "bkg.rate=30Hz")
    e = r["control"]
    spikes = read_csv(out / "control" / "spikes.csv")
    assert len(spikes) > 100
    assert np.array_equal(e.spike_times, spikes["spkt"].to_numpy())
    assert np.array_equal(e.spike_gids, spikes["spkid"].to_numpy())
    pd.testing.assert_frame_equal(e.spikes, pd.DataFrame({"t_ms": spikes["spkt"],
                                                          "gid": spikes["spkid"].astype(np.int32)}))
    traces = read_csv(out / "control" / "traces.csv").set_index("t")
    mine = e.traces
    assert list(mine.columns) == list(traces.columns)
    assert np.array_equal(mine.index.to_numpy(), traces.index.to_numpy())
    assert np.array_equal(mine.to_numpy(), traces.to_numpy())
    summary = json.loads((out / "summary.json").read_text())["experiments"]["control"]
    assert e.rates == summary["rates"]
    for name, value in summary["measures"].items():
        got = e.measures[name]
        assert got == value or (value is None and np.isnan(got)), name
    assert set(e.measures) == set(summary["measures"])
    with pytest.raises(KeyError):
        r["pv_silencing"]          # not run


def test_sweep_reuses_the_model(model):
    rates = []
    for hz in (20, 30, 40):
        r = model.run(experiments="control", set={"bkg.rate": f"{hz} Hz"})
        rates.append(r["control"].rates["Exc_L23"])
    assert rates[0] < rates[1] < rates[2], rates
    again = model.run(experiments="control", set={"bkg.rate": "30 Hz"})
    assert again["control"].rates["Exc_L23"] == rates[1]


def test_arrays_keep_the_run_alive(model):
    r = model.run(experiments=["control"])
    t = r["control"].spike_times
    copy = np.array(t)
    assert not t.flags.writeable
    del r
    gc.collect()
    model.run(experiments=["control"], seed=99)      # reuses freed memory if any was freed
    assert np.array_equal(t, copy)


def test_model_error_is_located():
    with pytest.raises(circ.ModelError) as x:
        circ.Model("cell C {\n    section soma { insert hx }\n}\n", "bad.circ")
    d = x.value.diagnostics[0]
    assert (d.severity, d.file, d.line) == ("error", "bad.circ", 2)
    assert d.column == 27 and "hx" in d.message
    assert re.search(r"bad\.circ:2:27: error: unknown mechanism 'hx'", str(x.value))


def test_run_errors_are_exceptions(model):
    with pytest.raises(circ.RunError, match="no experiment 'nope'"):
        model.run(experiments=["nope"])
    with pytest.raises(circ.RunError, match="error"):
        model.run(experiments=["control"], set={"bkg.rate": "30 mV"})
    with pytest.raises(ValueError):
        model.run(rng="mersenne")


def test_exported_symbols_are_circ_h():
    lib = os.environ.get("CIRC_LIBRARY", os.path.join(TOP, "libcirc.so"))
    nm = subprocess.run(["nm", "-D", "--defined-only", lib], check=True, capture_output=True,
                        text=True).stdout
    exported = {line.split()[-1] for line in nm.splitlines() if line.strip()}
    header = open(os.path.join(TOP, "compiler", "api", "circ.h")).read()
    declared = set(re.findall(r"\b(circ_\w+)\(", header))
    assert exported == declared


def test_figures_are_circ_runs_svg(model, tmp_path):
    r = model.run(experiments=["control"])
    out = cli(tmp_path, "-e", "control")
    assert r.figures.keys() == set(model.figures) and len(model.figures) > 3
    for name, fig in r.figures.items():
        assert fig.svg == (out / "figures" / f"{name}.svg").read_text(), name
        shown = fig._repr_svg_()
        assert shown.startswith("<svg") and "<?xml" not in shown
        # each display has ids of its own (figures inline share one page),
        # otherwise the file's drawing
        ids = set(re.findall(r"id='([^']*)'", shown))
        assert ids.isdisjoint(re.findall(r"id='([^']*)'", fig._repr_svg_()))
        assert all(f"url(#{i})" in shown or "-c" not in i for i in ids)
        plain = re.sub(r"(id='|url\(#)d\d+-", r"\1", shown)
        assert fig.svg.endswith(plain), name
    assert any("clipPath" in f.svg for f in r.figures.values())


def test_run_shows_itself_in_a_notebook(model):
    r = model.run(experiments=["control"])
    page = r._repr_html_()
    assert "<th>control</th>" in page and "Inh_PV (Hz)" in page
    assert page.count("<svg") == len(model.figures)
    assert "&#10003; held" in page          # the seed's expectations about control hold


def test_cell_magic(tmp_path, monkeypatch):
    IPython = pytest.importorskip("IPython")
    from IPython.core.interactiveshell import InteractiveShell
    monkeypatch.chdir(tmp_path)
    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "circ")
    text = open(SEED).read()
    r = ip.run_cell_magic("circ", "-e control --seed 5 --set bkg.rate=30Hz -o res", text)
    assert ip.user_ns["res"] is r and r.experiments == ["control"] and r.seed == 5
    with pytest.raises(circ.ModelError, match=r"cell\.circ:1:\d+: error"):
        ip.run_cell_magic("circ", "", "population P of Nope { count = 1 }\n")
    with pytest.raises(ValueError, match="unknown option"):
        ip.run_cell_magic("circ", "--bogus", text)


def test_sets_given_at_load_hold_for_every_run(model):
    fixed = circ.load(SEED, set={"bkg.rate": "30 Hz"})
    a = fixed.run(experiments="control")["control"].spike_times
    b = model.run(experiments="control", set={"bkg.rate": "30 Hz"})["control"].spike_times
    c = model.run(experiments="control")["control"].spike_times
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_runs_use_the_text_compiled(tmp_path):
    path = tmp_path / "m.circ"
    path.write_text(open(SEED).read())
    m = circ.load(str(path))
    before = np.array(m.run(experiments="control")["control"].spike_times)
    path.write_text("this is no model\n")
    after = m.run(experiments="control")["control"].spike_times
    path.unlink()
    assert np.array_equal(before, after)
    assert np.array_equal(after, m.run(experiments="control")["control"].spike_times)


def test_close_waits_for_the_arrays(model):
    r = model.run(experiments=["control"])
    t = r["control"].spike_times[5:]           # a view of a view
    copy = np.array(t)
    r.close()
    for seed in (7, 8, 9):
        model.run(experiments=["control"], seed=seed)
    assert np.array_equal(t, copy)
    r2 = model.run(experiments=["control"])
    r2.close()
    with pytest.raises(ValueError, match="closed"):
        r2["control"].spike_times


def test_results_outlive_their_model():
    m = circ.load(SEED)
    r = m.run(experiments=["control"])
    rates = r["control"].rates
    m.close()
    assert r.experiments == ["control"]
    assert r["control"].rates == rates and r["control"].measures
