// extension.js - starts `circ lsp` for .circ files.  Everything the editor
// shows about a model (diagnostics, hover, definitions, completion,
// formatting) comes from the server, i.e. from the circ that runs it.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
    const command = vscode.workspace.getConfiguration('circ').get('path') || 'circ';
    const server = { command, args: ['lsp'] };
    client = new LanguageClient('circ', 'circ', { run: server, debug: server }, {
        documentSelector: [{ scheme: 'file', language: 'circ' }],
    });
    context.subscriptions.push({ dispose: () => client && client.stop() });
    return client.start();
}

function deactivate() {
    return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
