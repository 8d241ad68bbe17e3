// Drives src/extension.ts against the mocked `vscode` and languageclient.
import { afterEach, beforeEach, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mock, Selection, Uri, window as vsWindow } from './mocks/vscode';
import { clientMock } from './mocks/languageclient';
import * as ext from '../src/extension';

let extDir: string;
let savedPath: string | undefined;

function makeExecutable(p: string): string {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, '#!/bin/sh\n');
  fs.chmodSync(p, 0o755);
  return p;
}

function context() {
  return { subscriptions: [] as { dispose(): void }[], extensionPath: extDir, extensionUri: Uri.file(extDir) } as any;
}

beforeEach(() => {
  mock.reset();
  clientMock.reset();
  extDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-vscode-'));
  savedPath = process.env.PATH;
  process.env.PATH = path.join(extDir, 'empty-path-dir');
});

afterEach(async () => {
  await ext.deactivate();
  process.env.PATH = savedPath;
  fs.rmSync(extDir, { recursive: true, force: true });
});

const hits = [
  {
    title: 'What is write amplification?',
    kind: 'question',
    label: '§4.16 Q5',
    uri: 'file:///ws/guides/STORAGE_ENGINES.md',
    range: { start: { line: 41, character: 0 }, end: { line: 41, character: 30 } },
    line: 42,
    score: 3,
    snippet: 'Bytes written to disk per byte written by the app.',
  },
  {
    title: 'Compaction',
    kind: 'term',
    label: 'Compaction',
    uri: 'file:///ws/guides/STORAGE_ENGINES.md',
    range: { start: { line: 7, character: 2 }, end: { line: 7, character: 12 } },
    line: 8,
    score: 1,
    snippet: 'Merging sorted runs.',
  },
];

test('activate starts `gloss lsp` with the bundled binary and settings as initializationOptions', async () => {
  const bin = makeExecutable(path.join(extDir, 'bin', 'gloss'));
  mock.config = { 'gloss.guides': ['guides/*.md'], 'gloss.drafts': [] };
  mock.workspaceFolders = [{ uri: Uri.file(extDir), name: 'ws', index: 0 }];
  const ctx = context();
  await ext.activate(ctx);

  assert.equal(clientMock.instances.length, 1);
  const c = clientMock.instances[0];
  assert.equal(c.id, 'gloss');
  assert.ok(c.started);
  assert.equal(c.serverOptions.command, bin);
  assert.deepEqual(c.serverOptions.args, ['lsp']);
  assert.equal(c.serverOptions.options.cwd, extDir);
  assert.deepEqual(c.clientOptions.initializationOptions, { guides: ['guides/*.md'] });
  assert.ok(c.clientOptions.documentSelector.some((s: any) => s.language === 'markdown'));
  for (const id of ['gloss.searchGuide', 'gloss.restartServer', 'gloss.showOutput']) {
    assert.ok(mock.commands.has(id), `${id} registered`);
  }
  assert.ok(ctx.subscriptions.length >= 4);
  assert.equal(mock.errors.length, 0);
});

test('gloss.server.path setting takes precedence', async () => {
  makeExecutable(path.join(extDir, 'bin', 'gloss'));
  const custom = makeExecutable(path.join(extDir, 'custom', 'gloss'));
  mock.config = { 'gloss.server.path': custom };
  await ext.activate(context());
  assert.equal(clientMock.instances[0].serverOptions.command, custom);
});

test('falls back to PATH', async () => {
  const onPath = makeExecutable(path.join(extDir, 'pathdir', 'gloss'));
  process.env.PATH = path.dirname(onPath);
  await ext.activate(context());
  assert.equal(clientMock.instances[0].serverOptions.command, onPath);
});

test('missing server: error message with README button that opens the README', async () => {
  mock.errorAnswers = [ext.README_BUTTON];
  await ext.activate(context());
  await new Promise((r) => setImmediate(r));
  assert.equal(clientMock.instances.length, 0);
  assert.equal(mock.errors.length, 1);
  assert.match(mock.errors[0].message, /Could not find the gloss language server/);
  assert.deepEqual(mock.errors[0].items, [ext.README_BUTTON, ext.SETTINGS_BUTTON]);
  const preview = mock.executed.find((e) => e.command === 'markdown.showPreview');
  assert.ok(preview, 'README preview opened');
  assert.equal(preview!.args[0].fsPath, path.join(extDir, 'README.md'));
});

test('server that fails to start: error offers the output channel', async () => {
  makeExecutable(path.join(extDir, 'bin', 'gloss'));
  clientMock.startError = new Error('spawn EACCES');
  mock.errorAnswers = [ext.OUTPUT_BUTTON];
  await ext.activate(context());
  assert.match(mock.errors[0].message, /failed to start: spawn EACCES/);
  assert.equal(mock.outputShown, 1);
  assert.equal(ext.currentClient(), undefined);
});

test('Search Guide: input box → executeCommand gloss.search → QuickPick → open at range', async () => {
  makeExecutable(path.join(extDir, 'bin', 'gloss'));
  await ext.activate(context());
  clientMock.onRequest = () => hits;
  mock.inputBoxAnswers = ['write amplification'];
  mock.quickPick = (items) => items[0];

  await mock.commands.get('gloss.searchGuide')!();

  const c = clientMock.instances[0];
  assert.deepEqual(c.requests, [
    {
      method: 'workspace/executeCommand',
      params: { command: 'gloss.search', arguments: [{ query: 'write amplification' }] },
    },
  ]);
  const pick = mock.quickPickCalls[0];
  assert.deepEqual(
    pick.items.map((i: any) => [i.label, i.description, i.detail]),
    [
      ['What is write amplification?', '§4.16 Q5 · question', 'Bytes written to disk per byte written by the app.'],
      ['Compaction', 'Compaction · term', 'Merging sorted runs.'],
    ],
  );
  assert.ok(pick.options.matchOnDetail);
  assert.equal(mock.opened[0].toString(), hits[0].uri);
  const shown = mock.shown[0];
  assert.equal(shown.options.selection.start.line, 41);
  assert.equal(shown.options.selection.end.character, 30);
  assert.equal(shown.editor.revealed.length, 1);
});

test('Search Guide: cancelled input or no results do nothing harmful', async () => {
  makeExecutable(path.join(extDir, 'bin', 'gloss'));
  await ext.activate(context());
  mock.inputBoxAnswers = [undefined];
  await mock.commands.get('gloss.searchGuide')!();
  assert.equal(clientMock.instances[0].requests.length, 0);

  clientMock.onRequest = () => [];
  await mock.commands.get('gloss.searchGuide')!('nothing here');
  assert.equal(mock.quickPickCalls.length, 0);
  assert.match(mock.infos[0], /no guide matches for "nothing here"/);
});

test('Search Guide: a server error is reported', async () => {
  makeExecutable(path.join(extDir, 'bin', 'gloss'));
  await ext.activate(context());
  clientMock.onRequest = () => {
    throw new Error('unknown command');
  };
  await mock.commands.get('gloss.searchGuide')!('x');
  assert.match(mock.errors[0].message, /search failed: unknown command/);
});

test('Restart Server stops the old client and starts a new one', async () => {
  makeExecutable(path.join(extDir, 'bin', 'gloss'));
  await ext.activate(context());
  await mock.commands.get('gloss.restartServer')!();
  assert.equal(clientMock.instances.length, 2);
  assert.ok(clientMock.instances[0].stopped);
  assert.ok(clientMock.instances[1].started);
  assert.equal(ext.currentClient(), clientMock.instances[1] as any);
});

test('Show Output shows the channel', async () => {
  makeExecutable(path.join(extDir, 'bin', 'gloss'));
  await ext.activate(context());
  await mock.commands.get('gloss.showOutput')!();
  assert.equal(mock.outputShown, 1);
});

test('changing globs sends didChangeConfiguration; changing server path restarts', async () => {
  makeExecutable(path.join(extDir, 'bin', 'gloss'));
  await ext.activate(context());
  await mock.changeConfig({ 'gloss.drafts': ['answers/*.md'] });
  assert.deepEqual(clientMock.instances[0].notifications, [
    { method: 'workspace/didChangeConfiguration', params: { settings: { gloss: { drafts: ['answers/*.md'] } } } },
  ]);
  const other = makeExecutable(path.join(extDir, 'other', 'gloss'));
  await mock.changeConfig({ 'gloss.server.path': other });
  assert.equal(clientMock.instances.length, 2);
  assert.equal(clientMock.instances[1].serverOptions.command, other);
  assert.ok(clientMock.instances[0].stopped);
});

test('drafts code lens: gloss.showAnswers peeks the drafts; other commands reach the server', async () => {
  makeExecutable(path.join(extDir, 'bin', 'gloss'));
  await ext.activate(context());
  const middleware = clientMock.instances[0].clientOptions.middleware;
  const forwarded: string[] = [];
  const next = async (command: string) => {
    forwarded.push(command);
    return 'from server';
  };
  const draft = {
    uri: 'file:///ws/drafts/wal.md',
    range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
  };
  await middleware.executeCommand('gloss.showAnswers', ['file:///ws/guides/G.md', 40, [draft]], next);
  const peek = mock.executed.find((e) => e.command === 'editor.action.showReferences');
  assert.ok(peek, 'showReferences not called');
  assert.equal(peek.args[0].toString(), 'file:///ws/guides/G.md');
  assert.equal(peek.args[1].line, 40);
  assert.equal(peek.args[2][0].uri.toString(), draft.uri);
  assert.equal(peek.args[2][0].range.line, 2);
  assert.deepEqual(forwarded, []);
  // Unknown shapes and other commands go to the server unchanged.
  assert.equal(await middleware.executeCommand('gloss.showAnswers', ['x'], next), 'from server');
  assert.equal(await middleware.executeCommand('gloss.search', ['wal'], next), 'from server');
  assert.deepEqual(forwarded, ['gloss.showAnswers', 'gloss.search']);
});

test('Related Q&As: executeCommand gloss.related for the cursor line → QuickPick → open', async () => {
  makeExecutable(path.join(extDir, 'bin', 'gloss'));
  await ext.activate(context());
  assert.ok(mock.commands.has('gloss.relatedQandAs'), 'command registered');
  const note = Uri.parse('file:///ws/notes/lsm.md');
  await vsWindow.showTextDocument({ uri: note, getText: () => '' }, { selection: new Selection(6, 2, 6, 2) });
  mock.shown = [];
  clientMock.onRequest = () => hits;
  mock.quickPick = (items) => items[1];
  await mock.commands.get('gloss.relatedQandAs')!();
  assert.deepEqual(clientMock.instances[0].requests, [
    {
      method: 'workspace/executeCommand',
      params: { command: 'gloss.related', arguments: [{ uri: 'file:///ws/notes/lsm.md', line: 6 }] },
    },
  ]);
  assert.match(mock.quickPickCalls[0].options.title, /2 related guide items/);
  assert.equal(mock.shown[0].options.selection.start.line, 7);
  // Nothing related: a message, no picker. (Back in the note: opening the
  // hit made the guide the active editor.)
  await vsWindow.showTextDocument({ uri: note, getText: () => '' }, { selection: new Selection(6, 2, 6, 2) });
  clientMock.onRequest = () => [];
  await mock.commands.get('gloss.relatedQandAs')!();
  assert.equal(mock.quickPickCalls.length, 1);
  assert.match(mock.infos[0], /no related guide items/);
});

test('Related Q&As without an editor says so', async () => {
  makeExecutable(path.join(extDir, 'bin', 'gloss'));
  await ext.activate(context());
  await mock.commands.get('gloss.relatedQandAs')!();
  assert.equal(clientMock.instances[0].requests.length, 0);
  assert.match(mock.infos[0], /open a note/);
});

test('related lens entry: gloss.openRelated opens the target here', async () => {
  makeExecutable(path.join(extDir, 'bin', 'gloss'));
  await ext.activate(context());
  const middleware = clientMock.instances[0].clientOptions.middleware;
  const forwarded: string[] = [];
  const next = async (command: string) => {
    forwarded.push(command);
    return 'from server';
  };
  await middleware.executeCommand('gloss.openRelated', ['file:///ws/guides/G.md', 40], next);
  assert.deepEqual(forwarded, []);
  assert.equal(mock.opened[0].toString(), 'file:///ws/guides/G.md');
  assert.equal(mock.shown[0].options.selection.start.line, 40);
  await middleware.executeCommand('gloss.openRelated', ['bad'], next);
  assert.deepEqual(forwarded, ['gloss.openRelated']);
});
