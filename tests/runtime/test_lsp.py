#!/usr/bin/python3
"""test_lsp.py - `circ lsp` driven as an editor drives it (TAP).

Opens a model with a unit mistake and checks the published diagnostic (its
range, severity and message, as `circ check` words it), fixes it and sees
the diagnostics cleared, then asks hover (a quantity's unit; a parameter's
unit, default, mechanism and the comment above it), go to definition
(a population's cell type) and completion (keywords, the model's names, a
mechanism's variables after "hh."), and ends with shutdown/exit (status 0).
"""
import json
import os
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
print('1..9')
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
send({'method': 'textDocument/didChange', 'params': {'textDocument': {'uri': uri, 'version': 3},
      'contentChanges': [{'text': good + 'record hh.\n'}]}})
receive()
r2 = request(7, 'textDocument/completion', {'textDocument': {'uri': uri}, 'position': {'line': 10, 'character': 10}})
members = {x['label'] for x in (r2 or {}).get('result', [])}
ok({'population', 'leak2', 'C', 'p', 'hh', 'IClamp'} <= labels and {'gnabar', 'm', 'h', 'n'} <= members
   and 'population' not in members, 'completion: keywords and names; after "hh." its variables')
request(8, 'shutdown', None)
send({'method': 'exit'})
try:
    rc = proc.wait(timeout=20)
except subprocess.TimeoutExpired:
    proc.kill()
    rc = None
ok(rc == 0, 'shutdown then exit: status 0 (got %r)' % rc)
os.remove('/tmp/circ-lsp-test/model.circ')
