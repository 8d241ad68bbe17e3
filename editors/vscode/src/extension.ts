// VS Code entry point: starts `gloss lsp` through vscode-languageclient and
// registers the Gloss commands. Pure logic lives in discovery.ts, config.ts
// and search.ts so it can be unit-tested without VS Code.
import * as fs from 'fs';
import * as os from 'os';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { classifyConfigChange, didChangeConfigurationParams, initializationOptions } from './config';
import { Discovery, discoverServer } from './discovery';
import { SearchItem, searchItems, searchParams } from './search';
import { SHOW_ANSWERS_COMMAND, parseShowAnswers } from './answers';
import { registerReview } from './reviewCommand';
import { OPEN_RELATED_COMMAND, parseOpenRelated, relatedParams } from './related';

export const README_BUTTON = 'Open README';
export const SETTINGS_BUTTON = 'Open Settings';
export const OUTPUT_BUTTON = 'Show Output';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
let extensionContext: vscode.ExtensionContext | undefined;
let starting: Promise<void> | undefined;

function isExecutable(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function workspaceFolderPath(): string | undefined {
  const folders = vscode.workspace.workspaceFolders;
  return folders && folders.length > 0 ? folders[0].uri.fsPath : undefined;
}

function log(message: string): void {
  output?.appendLine(`[gloss] ${message}`);
}

export function findServer(context: vscode.ExtensionContext): Discovery {
  const config = vscode.workspace.getConfiguration('gloss');
  return discoverServer({
    configuredPath: config.get<string>('server.path') ?? '',
    extensionPath: context.extensionPath,
    workspaceFolder: workspaceFolderPath(),
    platform: process.platform,
    pathEnv: process.env.PATH ?? process.env.Path,
    pathExt: process.env.PATHEXT,
    homeDir: os.homedir(),
    isExecutable,
  });
}

async function showServerMissing(context: vscode.ExtensionContext, reason: string): Promise<void> {
  log(reason);
  const choice = await vscode.window.showErrorMessage(
    `Gloss: ${reason} Install gloss (cargo install --path server) or set "gloss.server.path".`,
    README_BUTTON,
    SETTINGS_BUTTON,
  );
  if (choice === README_BUTTON) {
    const readme = vscode.Uri.joinPath(context.extensionUri, 'README.md');
    await vscode.commands.executeCommand('markdown.showPreview', readme);
  } else if (choice === SETTINGS_BUTTON) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'gloss.server.path');
  }
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const discovery = findServer(context);
  if (!discovery.found) {
    void showServerMissing(context, discovery.reason);
    return;
  }
  log(`using server ${discovery.path} (from ${discovery.source})`);

  const cwd = workspaceFolderPath();
  const serverOptions: ServerOptions = {
    command: discovery.path,
    args: ['lsp'],
    options: cwd ? { cwd } : {},
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    initializationOptions: initializationOptions(vscode.workspace.getConfiguration('gloss')),
    outputChannel: output,
    traceOutputChannel: output,
    middleware: {
      // The "N drafts answer this" lens: peek the drafts in place rather
      // than letting the server open only the first one.
      executeCommand: async (command, args, next) => {
        // A "Related: …" lens entry on a note heading: open it here.
        const related = command === OPEN_RELATED_COMMAND ? parseOpenRelated(args) : undefined;
        if (related) {
          const at = { start: { line: related.line, character: 0 }, end: { line: related.line, character: 0 } };
          return openHit({ hit: { uri: related.uri, range: at } } as SearchItem);
        }
        const answers = command === SHOW_ANSWERS_COMMAND ? parseShowAnswers(args) : undefined;
        if (!answers) return next(command, args);
        const locations = answers.locations.map(
          (l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Position(l.line, l.character)),
        );
        return vscode.commands.executeCommand(
          'editor.action.showReferences',
          vscode.Uri.parse(answers.guideUri),
          new vscode.Position(answers.line, 0),
          locations,
        );
      },
    },
  };
  // The id 'gloss' makes vscode-languageclient honour `gloss.trace.server`.
  const next = new LanguageClient('gloss', 'Gloss', serverOptions, clientOptions);
  client = next;
  try {
    await next.start();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`failed to start ${discovery.path}: ${message}`);
    if (client === next) client = undefined;
    const choice = await vscode.window.showErrorMessage(
      `Gloss: the language server (${discovery.path}) failed to start: ${message}`,
      OUTPUT_BUTTON,
    );
    if (choice === OUTPUT_BUTTON) output?.show(true);
  }
}

async function stopClient(): Promise<void> {
  const current = client;
  client = undefined;
  if (!current) return;
  try {
    await current.stop();
  } catch (err) {
    log(`error while stopping the server: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function restartServer(): Promise<void> {
  if (!extensionContext) return;
  const context = extensionContext;
  if (starting) await starting.catch(() => undefined);
  starting = (async () => {
    await stopClient();
    await startClient(context);
  })();
  try {
    await starting;
  } finally {
    starting = undefined;
  }
}

async function ensureClient(): Promise<LanguageClient | undefined> {
  if (starting) await starting.catch(() => undefined);
  if (!client && extensionContext) await restartServer();
  return client;
}

/** Open `uri` and select `range` (LSP coordinates). */
async function openHit(item: SearchItem): Promise<void> {
  const { start, end } = item.hit.range;
  const uri = vscode.Uri.parse(item.hit.uri);
  const document = await vscode.workspace.openTextDocument(uri);
  const selection = new vscode.Range(start.line, start.character, end.line, end.character);
  const editor = await vscode.window.showTextDocument(document, { selection, preview: false });
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

export async function searchGuide(initialQuery?: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  let selected = '';
  if (editor && !editor.selection.isEmpty) selected = editor.document.getText(editor.selection).trim();
  const query =
    initialQuery ??
    (await vscode.window.showInputBox({
      title: 'Gloss: Search Guide',
      prompt: 'Search questions, sections and terms of the study guide',
      placeHolder: 'e.g. write amplification, LSM compaction, §4.16',
      value: selected,
    }));
  if (query === undefined || query.trim().length === 0) return;

  const lc = await ensureClient();
  if (!lc) {
    void vscode.window.showErrorMessage('Gloss: the language server is not running.');
    return;
  }
  let raw: unknown;
  try {
    raw = await lc.sendRequest('workspace/executeCommand', searchParams(query));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`Gloss: search failed: ${message}`);
    return;
  }
  const items = searchItems(raw);
  if (items.length === 0) {
    void vscode.window.showInformationMessage(`Gloss: no guide matches for "${query.trim()}".`);
    return;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: `Gloss: ${items.length} match${items.length === 1 ? '' : 'es'} for "${query.trim()}"`,
    placeHolder: 'Pick a question, section or term to open',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked) await openHit(picked);
}

/** Guide Q&As related to the note section under the cursor, in a QuickPick. */
export async function relatedQandAs(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Gloss: open a note to see the guide Q&As related to it.');
    return;
  }
  const lc = await ensureClient();
  if (!lc) {
    void vscode.window.showErrorMessage('Gloss: the language server is not running.');
    return;
  }
  const uri = editor.document.uri.toString();
  let raw: unknown;
  try {
    raw = await lc.sendRequest('workspace/executeCommand', relatedParams(uri, editor.selection.active.line));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`Gloss: related Q&As failed: ${message}`);
    return;
  }
  const items = searchItems(raw);
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Gloss: no related guide items for this section.');
    return;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: `Gloss: ${items.length} related guide item${items.length === 1 ? '' : 's'}`,
    placeHolder: 'Pick a guide Q&A to open',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked) await openHit(picked);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionContext = context;
  output = vscode.window.createOutputChannel('Gloss');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('gloss.searchGuide', (query?: unknown) =>
      searchGuide(typeof query === 'string' ? query : undefined),
    ),
    vscode.commands.registerCommand('gloss.relatedQandAs', () => relatedQandAs()),
    vscode.commands.registerCommand('gloss.restartServer', () => restartServer()),
    vscode.commands.registerCommand('gloss.showOutput', () => output?.show(true)),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      const change = classifyConfigChange((section) => event.affectsConfiguration(section));
      if (change === 'restart') {
        await restartServer();
      } else if (change === 'notify' && client) {
        const params = didChangeConfigurationParams(vscode.workspace.getConfiguration('gloss'));
        await client.sendNotification('workspace/didChangeConfiguration', params);
      }
    }),
  );
  registerReview(context, ensureClient);
  starting = startClient(context);
  try {
    await starting;
  } finally {
    starting = undefined;
  }
}

export async function deactivate(): Promise<void> {
  await stopClient();
  extensionContext = undefined;
}

/** For tests: the current client instance. */
export function currentClient(): LanguageClient | undefined {
  return client;
}
