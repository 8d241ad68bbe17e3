// A small stand-in for the `vscode` module, enough for src/extension.ts.
// Tests drive it through `mock` (queued UI answers, recorded calls).
/* eslint-disable @typescript-eslint/no-explicit-any */
import * as path from 'path';

type Listener<T> = (e: T) => any;

export class Disposable {
  constructor(private readonly fn: () => void = () => undefined) {}
  dispose(): void {
    this.fn();
  }
}

export class Position {
  constructor(
    public readonly line: number,
    public readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(sl: number | Position, sc: number | Position, el?: number, ec?: number) {
    if (typeof sl === 'number') {
      this.start = new Position(sl, sc as number);
      this.end = new Position(el as number, ec as number);
    } else {
      this.start = sl;
      this.end = sc as Position;
    }
  }
  get isEmpty(): boolean {
    return this.start.line === this.end.line && this.start.character === this.end.character;
  }
}

export class Selection extends Range {
  get active(): Position {
    return this.end;
  }
}

export class Location {
  constructor(readonly uri: Uri, readonly range: Range | Position) {}
}

export class Uri {
  private constructor(
    public readonly scheme: string,
    public readonly fsPath: string,
    private readonly raw: string,
  ) {}
  static file(p: string): Uri {
    return new Uri('file', p, 'file://' + p);
  }
  static parse(s: string): Uri {
    const m = /^([a-z][a-z0-9+.-]*):(?:\/\/)?(.*)$/i.exec(s);
    if (!m) throw new Error(`mock Uri.parse: bad uri ${s}`);
    return new Uri(m[1], m[1] === 'file' ? decodeURIComponent(m[2]) : m[2], s);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return Uri.file(path.join(base.fsPath, ...parts));
  }
  toString(): string {
    return this.raw;
  }
}

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    });
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export enum TextEditorRevealType {
  Default = 0,
  InCenter = 1,
  InCenterIfOutsideViewport = 2,
  AtTop = 3,
}

export interface MockEditor {
  document: { uri: Uri; getText(range?: Range): string };
  selection: Selection;
  revealed: Range[];
  revealRange(range: Range, type?: TextEditorRevealType): void;
}

export const mock = {
  config: {} as Record<string, unknown>,
  workspaceFolders: undefined as { uri: Uri; name: string; index: number }[] | undefined,
  inputBoxAnswers: [] as (string | undefined)[],
  inputBoxCalls: [] as any[],
  quickPick: (items: any[], _options?: any): any => items[0],
  quickPickCalls: [] as { items: any[]; options: any }[],
  errorAnswers: [] as (string | undefined)[],
  errors: [] as { message: string; items: string[] }[],
  infos: [] as string[],
  executed: [] as { command: string; args: any[] }[],
  commands: new Map<string, (...args: any[]) => any>(),
  opened: [] as Uri[],
  shown: [] as { document: any; options: any; editor: MockEditor }[],
  outputLines: [] as string[],
  outputShown: 0,
  configListeners: [] as Listener<{ affectsConfiguration(section: string): boolean }>[],
  activeTextEditor: undefined as MockEditor | undefined,
  contentProviders: new Map<string, any>(),
  reset(): void {
    this.contentProviders = new Map();
    this.config = {};
    this.workspaceFolders = undefined;
    this.inputBoxAnswers = [];
    this.inputBoxCalls = [];
    this.quickPick = (items: any[]) => items[0];
    this.quickPickCalls = [];
    this.errorAnswers = [];
    this.errors = [];
    this.infos = [];
    this.executed = [];
    this.commands = new Map();
    this.opened = [];
    this.shown = [];
    this.outputLines = [];
    this.outputShown = 0;
    this.configListeners = [];
    this.activeTextEditor = undefined;
  },
  /** Fire onDidChangeConfiguration for the given changed keys. */
  async changeConfig(changed: Record<string, unknown>): Promise<void> {
    Object.assign(this.config, changed);
    const keys = Object.keys(changed);
    const event = {
      affectsConfiguration: (section: string) => keys.some((k) => k === section || k.startsWith(section + '.')),
    };
    for (const l of this.configListeners) await l(event);
  },
};

function getConfiguration(section?: string) {
  const prefix = section ? section + '.' : '';
  return {
    get<T>(key: string, defaultValue?: T): T | undefined {
      const full = prefix + key;
      return (full in mock.config ? mock.config[full] : defaultValue) as T | undefined;
    },
    has(key: string): boolean {
      return prefix + key in mock.config;
    },
  };
}

export const workspace = {
  getConfiguration,
  get workspaceFolders() {
    return mock.workspaceFolders;
  },
  onDidChangeConfiguration(listener: Listener<any>): Disposable {
    mock.configListeners.push(listener);
    return new Disposable(() => {
      mock.configListeners = mock.configListeners.filter((l) => l !== listener);
    });
  },
  async openTextDocument(uri: Uri) {
    mock.opened.push(uri);
    const provider = mock.contentProviders.get(uri.scheme);
    return { uri, getText: () => (provider ? provider.provideTextDocumentContent(uri) : '') };
  },
  registerTextDocumentContentProvider(scheme: string, provider: any): Disposable {
    mock.contentProviders.set(scheme, provider);
    return new Disposable(() => mock.contentProviders.delete(scheme));
  },
};

export const window = {
  get activeTextEditor() {
    return mock.activeTextEditor;
  },
  createOutputChannel(_name: string) {
    return {
      appendLine: (line: string) => mock.outputLines.push(line),
      append: (text: string) => mock.outputLines.push(text),
      show: () => {
        mock.outputShown++;
      },
      clear: () => undefined,
      dispose: () => undefined,
    };
  },
  async showInputBox(options?: any) {
    mock.inputBoxCalls.push(options);
    return mock.inputBoxAnswers.shift();
  },
  async showQuickPick(items: any, options?: any) {
    const resolved = await items;
    mock.quickPickCalls.push({ items: resolved, options });
    return mock.quickPick(resolved, options);
  },
  async showErrorMessage(message: string, ...items: string[]) {
    mock.errors.push({ message, items });
    return mock.errorAnswers.shift();
  },
  async showInformationMessage(message: string, ..._items: string[]) {
    mock.infos.push(message);
    return undefined;
  },
  async showTextDocument(document: any, options?: any) {
    const editor: MockEditor = {
      document,
      selection: options?.selection ?? new Selection(0, 0, 0, 0),
      revealed: [],
      revealRange(range: Range) {
        this.revealed.push(range);
      },
    };
    mock.shown.push({ document, options, editor });
    mock.activeTextEditor = editor;
    return editor;
  },
};

export const commands = {
  registerCommand(id: string, fn: (...args: any[]) => any): Disposable {
    if (mock.commands.has(id)) throw new Error(`command ${id} already registered`);
    mock.commands.set(id, fn);
    return new Disposable(() => mock.commands.delete(id));
  },
  async executeCommand(command: string, ...args: any[]) {
    mock.executed.push({ command, args });
    const fn = mock.commands.get(command);
    return fn ? fn(...args) : undefined;
  },
};

export const env = {
  async openExternal(uri: Uri) {
    mock.executed.push({ command: 'openExternal', args: [uri] });
    return true;
  },
};
