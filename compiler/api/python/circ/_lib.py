"""libcirc.so through ctypes: where it is found and circ.h's declarations."""

import ctypes
import os

_P = ctypes.POINTER
_char_pp = _P(ctypes.c_char_p)


class Options(ctypes.Structure):
    _fields_ = [("exact", ctypes.c_int), ("no_stdlib", ctypes.c_int),
                ("sets", _char_pp), ("nsets", ctypes.c_int)]


class RunOptions(ctypes.Structure):
    _fields_ = [("seed", ctypes.c_longlong), ("threads", ctypes.c_int), ("rng", ctypes.c_int),
                ("experiments", _char_pp), ("nexperiments", ctypes.c_int),
                ("sets", _char_pp), ("nsets", ctypes.c_int), ("connections", ctypes.c_int)]


class Diagnostic(ctypes.Structure):
    _fields_ = [("severity", ctypes.c_int), ("file", ctypes.c_char_p), ("line", ctypes.c_int),
                ("column", ctypes.c_int), ("message", ctypes.c_char_p)]


_m = ctypes.c_void_p      # circ_model *
_r = ctypes.c_void_p      # circ_results *
_i = ctypes.c_int
_s = ctypes.c_char_p
_d = ctypes.c_double

# name: (restype, argtypes)
_DECLS = {
    "circ_default_options": (Options, []),
    "circ_open_file": (_m, [_s, _P(Options)]),
    "circ_open_text": (_m, [_s, _s, _P(Options)]),
    "circ_close": (None, [_m]),
    "circ_ok": (_i, [_m]),
    "circ_ndiagnostics": (_i, [_m]),
    "circ_diagnostic_at": (_P(Diagnostic), [_m, _i]),
    "circ_diagnostics_text": (_s, [_m]),
    "circ_nexperiments": (_i, [_m]),
    "circ_experiment_name": (_s, [_m, _i]),
    "circ_experiment_index": (_i, [_m, _s]),
    "circ_npopulations": (_i, [_m]),
    "circ_population_name": (_s, [_m, _i]),
    "circ_ncells": (_i, [_m]),
    "circ_nmeasures": (_i, [_m]),
    "circ_measure_name": (_s, [_m, _i]),
    "circ_measure_unit": (_s, [_m, _i]),
    "circ_measure_experiment": (_i, [_m, _i]),
    "circ_nexpectations": (_i, [_m]),
    "circ_expectation_text": (_s, [_m, _i]),
    "circ_expectation_experiment": (_i, [_m, _i]),
    "circ_nfigures": (_i, [_m]),
    "circ_figure_name": (_s, [_m, _i]),
    "circ_default_run_options": (RunOptions, []),
    "circ_run": (_r, [_m, _P(RunOptions)]),
    "circ_results_free": (None, [_r]),
    "circ_results_error": (_s, [_r]),
    "circ_results_seed": (ctypes.c_longlong, [_r]),
    "circ_ran": (_i, [_r, _i]),
    "circ_spikes": (ctypes.c_long, [_r, _i, _P(_P(_d)), _P(_P(_i))]),
    "circ_ntraces": (_i, [_r, _i]),
    "circ_trace_label": (_s, [_r, _i, _i]),
    "circ_trace_gid": (_i, [_r, _i, _i]),
    "circ_trace": (ctypes.c_long, [_r, _i, _i, _P(_P(_d)), _P(_i)]),
    "circ_trace_times": (ctypes.c_long, [_r, _i, _P(_P(_d))]),
    "circ_rate": (_d, [_r, _i, _i]),
    "circ_measure": (_d, [_r, _i, _i, _P(_s)]),
    "circ_expectation": (_i, [_r, _i, _i]),
    "circ_connections": (ctypes.c_long, [_r, _i, _P(_P(_i)), _P(_P(_i)), _P(_P(_d)),
                                         _P(_P(_d))]),
    "circ_figure_svg": (ctypes.c_void_p, [_r, _i, _P(ctypes.c_size_t)]),
}

_lib = None


def _candidates():
    env = os.environ.get("CIRC_LIBRARY")
    if env:
        yield env
    # the build tree: <top>/compiler/api/python/circ/_lib.py -> <top>/libcirc.so
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.normpath(os.path.join(here, "..", "..", "..", "..", "libcirc.so"))
    yield "libcirc.so.1"        # installed: the dynamic loader's search


def library():
    """The loaded libcirc.so with its functions declared."""
    global _lib
    if _lib is not None:
        return _lib
    errors = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            continue
        try:
            lib = ctypes.CDLL(path)
            break
        except OSError as e:
            errors.append(f"{path}: {e}")
    else:
        raise ImportError("circ: libcirc.so not found (build circ, or set CIRC_LIBRARY): " +
                          "; ".join(errors))
    for name, (res, args) in _DECLS.items():
        f = getattr(lib, name)
        f.restype = res
        f.argtypes = args
    _lib = lib
    return lib
