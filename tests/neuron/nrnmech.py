"""nrnmech.py - compiles .mod files with NEURON's nrnivmodl (Debian's
neuron-dev) in a temporary directory and loads the library into h: one
helper for tests/neuron/make_refs.py, tests/sonata/inputs/make_inputs.py
and bench/point_net_neuron.py.

Debian's nrnivmodl looks for its makefile under $NRNHOME/bin, so a NRNHOME
of links to the system's files is made; `special` needs more of the
installation than Debian ships, and the library is enough."""
import os
import shutil
import subprocess
import tempfile


def load(h, files, prefix="circ-mods-"):
    """Copies `files` (.mod files and what they INCLUDE) into a fresh
    directory, runs nrnivmodl there and loads libnrnmech.so into h."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    home = os.path.join(tmp, "nrnhome")
    os.makedirs(os.path.join(home, "bin"))
    for link, target in (("include", "/usr/include"), ("lib", "/usr/lib/nrn"),
                         ("share", "/usr/share")):
        os.symlink(target, os.path.join(home, link))
    for f in ("/usr/lib/nrn/mkthreadsafe", "/usr/bin/nocmodl", "/usr/lib/nrn/nrnmech_makefile"):
        os.symlink(f, os.path.join(home, "bin", os.path.basename(f)))
    work = os.path.join(tmp, "mods")
    os.makedirs(work)
    for f in files:
        shutil.copy(f, work)
    subprocess.run(["nrnivmodl"], cwd=work, env=dict(os.environ, NRNHOME=home),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lib = os.path.join(work, "x86_64", ".libs", "libnrnmech.so")
    if not os.path.exists(lib):
        raise SystemExit("nrnivmodl did not build %s (apt-get install neuron-dev)" % lib)
    h.nrn_load_dll(lib)
