#!/usr/bin/python3
"""test_lsp.py - `circ lsp` driven as an editor drives it (TAP).

Opens a model with a unit mistake and checks the published diagnostic (its
range, severity and message, as `circ check` words it), fixes it and sees
the diagnostics cleared, then asks hover (a quantity's unit; a parameter's
unit, default, mechanism and the comment above it), go to definition
(a population's cell type) and completion (keywords, the model's names, a
mechanism's variables after "hh.", after a number the units of the
property's dimension), formatting (circ fmt's text), and ends with
shutdown/exit (status 0).
"""
import json
import os
import re
import subprocess
import sys

circ = os.environ.get('CIRC') or os.path.join(os.path.dirname(__file__), '..', '..', 'circ')
n = 0


def ok(cond, what):
    global n
    n += 1
    print('%s %d - %s' % ('ok' if cond else 'not ok', n, what))


proc = subprocess.Popen([circ, 'lsp'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def send(msg):
    body = json.dumps(dict(msg, jsonrpc='2.0')).encode()
    proc.stdin.write(b'Content-Length: %d\r\n\r\n' % len(body) + body)
    proc.stdin.flush()


def receive():
    length = None
    while True:
        line = proc.stdout.readline()
        if not line:
            return None
        if line in (b'\r\n', b'\n') and length is not None:
            return json.loads(proc.stdout.read(length))
        if line.lower().startswith(b'content-length:'):
            length = int(line.split(b':')[1])


def request(id_, method, params):
    send({'id': id_, 'method': method, 'params': params})
    while True:
        m = receive()
        if m is None or m.get('id') == id_:
            return m


uri = 'file:///tmp/circ-lsp-test/model.circ'
bad = '''# the leak of every cell, in S/cm2
density leak2 {
    parameter g = 0.0001 S/cm2, e = -70 mV
    current i = g * (v - e)
}
cell C {
    section soma { L = 18.8 um; diam = 18.8 ms; insert leak2 { } }
}
population p of C { count = 2 }
simulation { duration = 10 ms }
'''
good = bad.replace('diam = 18.8 ms', 'diam = 18.8 um')
print('1..16')
r = request(1, 'initialize', {'processId': None, 'rootUri': None, 'capabilities': {}})
caps = (r or {}).get('result', {}).get('capabilities', {})
ok(caps.get('hoverProvider') and caps.get('definitionProvider') and 'completionProvider' in caps,
   'initialize: hover, definition, completion')
send({'method': 'initialized', 'params': {}})
send({'method': 'textDocument/didOpen', 'params': {'textDocument': {
    'uri': uri, 'languageId': 'circ', 'version': 1, 'text': bad}}})
m = receive()
diags = (m or {}).get('params', {}).get('diagnostics', [])
os.makedirs('/tmp/circ-lsp-test', exist_ok=True)
with open('/tmp/circ-lsp-test/model.circ', 'w') as f:
    f.write(bad)
want = subprocess.run([circ, 'check', '/tmp/circ-lsp-test/model.circ'], capture_output=True).stderr.decode()
d0 = diags[0] if diags else {}
ok(m and m.get('method') == 'textDocument/publishDiagnostics' and len(diags) == 1
   and d0.get('severity') == 1 and d0.get('range', {}).get('start') == {'line': 6, 'character': 39}
   and d0.get('message', '') in want,
   'a unit mistake: one error at 7:40, the words of circ check: %s' % diags)
send({'method': 'textDocument/didChange', 'params': {'textDocument': {'uri': uri, 'version': 2},
                                                      'contentChanges': [{'text': good}]}})
m = receive()
ok(m and m['params']['diagnostics'] == [], 'fixed: the diagnostics are cleared')
h = request(2, 'textDocument/hover', {'textDocument': {'uri': uri}, 'position': {'line': 6, 'character': 41}})
text = ((h or {}).get('result') or {}).get('contents', {}).get('value', '')
ok('18.8 um' in text and 'length' in text, 'hover on a quantity: its unit and dimension: %r' % text)
h = request(3, 'textDocument/hover', {'textDocument': {'uri': uri}, 'position': {'line': 3, 'character': 16}})
text = ((h or {}).get('result') or {}).get('contents', {}).get('value', '')
ok('parameter' in text and 'S/cm2' in text and '0.0001' in text and 'leak2' in text,
   'hover on a parameter: unit, default, mechanism: %r' % text)
h = request(4, 'textDocument/hover', {'textDocument': {'uri': uri}, 'position': {'line': 1, 'character': 10}})
text = ((h or {}).get('result') or {}).get('contents', {}).get('value', '')
ok('mechanism' in text and 'the leak of every cell' in text, 'hover on a declaration: its comment: %r' % text)
r = request(5, 'textDocument/definition', {'textDocument': {'uri': uri}, 'position': {'line': 8, 'character': 16}})
res = (r or {}).get('result') or {}
ok(res.get('uri') == uri and res.get('range', {}).get('start') == {'line': 5, 'character': 5},
   'definition of a cell type: its declaration: %r' % res)
r = request(6, 'textDocument/completion', {'textDocument': {'uri': uri}, 'position': {'line': 9, 'character': 0}})
labels = {x['label'] for x in (r or {}).get('result', [])}
keywords = {x['label'] for x in (r or {}).get('result', []) if x.get('kind') == 14}
send({'method': 'textDocument/didChange', 'params': {'textDocument': {'uri': uri, 'version': 3},
      'contentChanges': [{'text': good + 'record hh.\n'}]}})
receive()
r2 = request(7, 'textDocument/completion', {'textDocument': {'uri': uri}, 'position': {'line': 10, 'character': 10}})
members = {x['label'] for x in (r2 or {}).get('result', [])}
ok({'population', 'leak2', 'C', 'p', 'hh', 'IClamp'} <= labels and {'gnabar', 'm', 'h', 'n'} <= members
   and 'population' not in members, 'completion: keywords and names; after "hh." its variables')

# units after a number: those of the property's dimension, starting with what is typed
def units_at(text, after, id_):
    """Completion just after the first `after` in text."""
    at = text.index(after) + len(after)
    line, character = text.count('\n', 0, at), at - (text.rfind('\n', 0, at) + 1)
    send({'method': 'textDocument/didChange', 'params': {'textDocument': {'uri': uri, 'version': id_},
          'contentChanges': [{'text': text}]}})
    receive()
    r = request(id_, 'textDocument/completion', {'textDocument': {'uri': uri},
                                                 'position': {'line': line, 'character': character}})
    return {x['label']: x for x in (r or {}).get('result', [])}


u = units_at(good.replace('diam = 18.8 um', 'diam = 18.8 '), 'diam = 18.8 ', 20)
ok({'um', 'mm', 'cm'} <= set(u) and not {'mV', 'ms', 'population'} & set(u)
   and u['um'].get('kind') == 11 and u['um'].get('detail') == 'a length',
   'completion after "diam = 18.8 ": lengths only: %s' % sorted(u))
u = units_at(good.replace('insert leak2 { }', 'insert hh { gnabar = 0.12 mS/ }'), 'mS/', 21)
ok(set(u) and all(k.startswith('mS/') for k in u) and 'mS/cm2' in u,
   'completion of "gnabar = 0.12 mS/" in insert hh: conductances per area begun so: %s' % sorted(u))
u = units_at(good + 'set simulation.duration = 2\n', 'duration = 2', 22)
ok(u and not [k for k, x in u.items() if x.get('kind') == 11],
   'no unit right after the digits of a number (names instead): %s' % sorted(u))

# formatting through the server: the text circ fmt gives
messy = good.replace('population p of C { count = 2 }', 'population   p of C {count=2}')
send({'method': 'textDocument/didChange', 'params': {'textDocument': {'uri': uri, 'version': 30},
      'contentChanges': [{'text': messy}]}})
receive()
r = request(30, 'textDocument/formatting', {'textDocument': {'uri': uri},
                                            'options': {'tabSize': 4, 'insertSpaces': True}})
edits = (r or {}).get('result') or []
with open('/tmp/circ-lsp-test/model.circ', 'w') as f:
    f.write(messy)
want = subprocess.run([circ, 'fmt', '--stdout', '/tmp/circ-lsp-test/model.circ'],
                      capture_output=True).stdout.decode()
ok(len(edits) == 1 and edits[0]['newText'] == want and edits[0]['range']['start'] == {'line': 0, 'character': 0}
   and 'population p of C {' in want, 'formatting: one edit with circ fmt\'s text: %r' % edits)

# the editors' files (editors/): every keyword the server knows is highlighted
top = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
with open(os.path.join(top, 'editors/vscode/syntaxes/circ.tmLanguage.json')) as f:
    grammar = json.load(f)
with open(os.path.join(top, 'editors/vscode/package.json')) as f:
    package = json.load(f)
kw_res = [re.compile(p['match']) for p in grammar['repository']['keyword']['patterns']]
missing = sorted(k for k in keywords if not any(r.fullmatch(k) for r in kw_res))
files = [package['main']] + [g['path'] for g in package['contributes']['grammars']] + \
        [l['configuration'] for l in package['contributes']['languages']]
ok(len(keywords) > 50 and not missing and
   all(os.path.exists(os.path.join(top, 'editors/vscode', x)) for x in files),
   'VS Code: the grammar highlights all %d keywords, the package\'s files exist (missing %s)'
   % (len(keywords), missing))
q = re.compile(grammar['repository']['quantity']['match'])
found = [(m.group(1), m.group(2)) for m in q.finditer('gnabar = 0.12 S/cm2; x2 = 3e-2 mS/cm2; tau = 5 (ms)')]
ok(found == [('0.12', 'S/cm2'), ('3e-2', 'mS/cm2'), ('5', None)],
   'VS Code: a number and the unit after it, not a name\'s digits: %s' % found)
with open(os.path.join(top, 'editors/vim/syntax/circ.vim')) as f:
    vim_words = {w for line in f if line.startswith('syn keyword') for w in line.split()[3:]}
ok(len(keywords) > 50 and keywords <= vim_words,
   'Vim: every keyword in the syntax file (missing %s)' % sorted(keywords - vim_words))
request(8, 'shutdown', None)
send({'method': 'exit'})
try:
    rc = proc.wait(timeout=20)
except subprocess.TimeoutExpired:
    proc.kill()
    rc = None
ok(rc == 0, 'shutdown then exit: status 0 (got %r)' % rc)
os.remove('/tmp/circ-lsp-test/model.circ')
