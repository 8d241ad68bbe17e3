// Starting and stopping code-server (VS Code in the browser) for the
// end-to-end tests. Each instance gets its own throw-away state directory:
// HOME, the XDG directories and TMPDIR live inside it, so nothing touches
// the user's or the CI machine's profile.
//
// code-server is started in a new session (setsid), and stopped by
// signalling its whole process group: killing only its PID would leave the
// extension host and `gloss lsp` running.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** A free TCP port on 127.0.0.1 (the tiny race with another taker is acceptable). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const baseSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'editor.minimap.enabled': false,
  'editor.hover.delay': 200,
  'editor.codeLens': true,
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
  'markdown.validate.enabled': false,
};

/** Environment shared by every code-server process of one instance. */
function instanceEnv(state, extraPath) {
  const env = {
    PATH: extraPath,
    HOME: path.join(state, 'home'),
    XDG_CONFIG_HOME: path.join(state, 'home', '.config'),
    XDG_DATA_HOME: path.join(state, 'home', '.local', 'share'),
    XDG_CACHE_HOME: path.join(state, 'home', '.cache'),
    XDG_STATE_HOME: path.join(state, 'home', '.local', 'state'),
    XDG_RUNTIME_DIR: path.join(state, 'run'),
    TMPDIR: path.join(state, 'tmp'),
    LANG: 'C.UTF-8',
    // VS Code resolves the user's login-shell environment for the extension
    // host (so PATH comes from ~/.profile, as for a real user)
    SHELL: '/bin/bash',
    // no marketplace: nothing may be downloaded
    EXTENSIONS_GALLERY: '{}',
    // gloss logs at info level to stderr, which lands in the Gloss channel
    RUST_LOG: process.env.RUST_LOG ?? 'gloss=info',
  };
  for (const k of ['HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME', 'TMPDIR']) {
    fs.mkdirSync(env[k], { recursive: true });
  }
  fs.mkdirSync(env.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 });
  return env;
}

/**
 * One code-server instance.
 * opts: { codeServer, nodeBin, state, vsix, settings, pathDirs, pidFile }
 *   codeServer  path of the code-server launcher (run with nodeBin's node)
 *   pathDirs    directories put on PATH (node 24 is always first)
 */
export class CodeServer {
  constructor(opts) {
    this.opts = opts;
    this.state = opts.state;
    this.userDataDir = path.join(this.state, 'user-data');
    this.extensionsDir = path.join(this.state, 'extensions');
    this.logFile = path.join(this.state, 'code-server.log');
    const dirs = [opts.nodeBin, ...(opts.pathDirs ?? ['/usr/local/bin', '/usr/bin', '/bin'])];
    this.env = instanceEnv(this.state, dirs.join(':'));
    this.child = undefined;
    this.port = undefined;
  }

  args(extra) {
    return [
      '--user-data-dir', this.userDataDir,
      '--extensions-dir', this.extensionsDir,
      ...extra,
    ];
  }

  /** `code-server --install-extension VSIX` into this instance's extensions dir. */
  installExtension(vsix) {
    const r = spawnSync(this.opts.codeServer, this.args(['--install-extension', vsix, '--force']), {
      env: this.env,
      encoding: 'utf8',
      timeout: 180_000,
    });
    if (r.status !== 0) {
      throw new Error(`--install-extension ${vsix} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
    }
    const dirs = fs.readdirSync(this.extensionsDir).filter((d) => d.startsWith('gloss.gloss-'));
    if (dirs.length !== 1) throw new Error(`expected one installed gloss extension, found: ${dirs.join(', ')}`);
    this.extensionPath = path.join(this.extensionsDir, dirs[0]);
    return this.extensionPath;
  }

  /** An explicit config file, so code-server writes no default one (with a password) anywhere. */
  configFile() {
    const f = path.join(this.state, 'code-server.yaml');
    fs.writeFileSync(f, 'auth: none\n');
    return f;
  }

  writeSettings(settings) {
    const dir = path.join(this.userDataDir, 'User');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ ...baseSettings, ...settings }, null, 2));
  }

  async start() {
    this.port = await freePort();
    const out = fs.openSync(this.logFile, 'a');
    const args = this.args([
      '--bind-addr', `127.0.0.1:${this.port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--disable-proxy',
      '--ignore-last-opened',
      '--config', this.configFile(),
    ]);
    // detached: the child calls setsid(2), so it leads a new session and
    // process group that we can signal as a whole (pgid == pid).
    this.child = spawn(this.opts.codeServer, args, {
      env: this.env,
      stdio: ['ignore', out, out],
      detached: true,
    });
    fs.closeSync(out);
    this.child.on('exit', () => {
      this.exited = true;
    });
    if (this.opts.pidFile) fs.appendFileSync(this.opts.pidFile, `${this.child.pid}\n`);
    await this.waitReady();
    return this;
  }

  async waitReady(timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`code-server exited early; see ${this.logFile}`);
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/healthz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms; see ${this.logFile}`);
  }

  url(folder) {
    return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(folder)}`;
  }

  /** The Gloss output channel's log file (written by VS Code's extension host). */
  outputLog() {
    const logs = path.join(this.userDataDir, 'logs');
    const found = [];
    const walk = (dir) => {
      let entries = [];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/-Gloss\.log$/.test(e.name)) found.push(p);
      }
    };
    walk(logs);
    found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
    return found[0];
  }

  outputText() {
    const f = this.outputLog();
    return f ? fs.readFileSync(f, 'utf8') : '';
  }

  /** Stops code-server and everything it started (extension host, gloss lsp). */
  async stop() {
    const child = this.child;
    if (!child || this.exited) return;
    const pgid = child.pid; // setsid makes the child its own group leader
    const signal = (sig) => {
      try {
        process.kill(-pgid, sig);
      } catch {
        // group already gone
      }
    };
    signal('SIGTERM');
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && groupAlive(pgid)) await new Promise((r) => setTimeout(r, 100));
    if (groupAlive(pgid)) signal('SIGKILL');
  }
}

/** True while any process of group `pgid` exists. */
export function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
