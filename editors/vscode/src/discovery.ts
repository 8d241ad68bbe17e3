// Locating the `gloss` server binary. Pure logic: no `vscode` import, all
// environment access goes through `DiscoveryEnv` so it can be unit-tested.
import * as path from 'path';

export type ServerSource = 'setting' | 'bundled' | 'path';

export interface DiscoveryEnv {
  /** Value of the `gloss.server.path` setting ('' or undefined when unset). */
  configuredPath?: string;
  /** Root directory of the installed extension (holds `bin/` when bundled). */
  extensionPath: string;
  /** First workspace folder, used to resolve a relative `gloss.server.path`. */
  workspaceFolder?: string;
  platform: NodeJS.Platform;
  /** Value of the PATH environment variable. */
  pathEnv?: string;
  /** Value of PATHEXT (Windows only). */
  pathExt?: string;
  /** Home directory, for `~` expansion in the setting. */
  homeDir?: string;
  /** True when `p` is an existing, executable regular file. */
  isExecutable(p: string): boolean;
}

export type Discovery =
  | { found: true; path: string; source: ServerSource; tried: string[] }
  | { found: false; tried: string[]; reason: string };

function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** Expand `~`, `${workspaceFolder}` and `${userHome}` and make the path absolute. */
export function resolveConfiguredPath(raw: string, env: DiscoveryEnv): string {
  const p = pathApi(env.platform);
  let value = raw.trim();
  if (env.homeDir) {
    value = value.replace(/\$\{userHome\}/g, env.homeDir);
    if (value === '~') value = env.homeDir;
    else if (value.startsWith('~/') || value.startsWith('~\\')) value = p.join(env.homeDir, value.slice(2));
  }
  if (env.workspaceFolder) value = value.replace(/\$\{workspaceFolder\}/g, env.workspaceFolder);
  if (!p.isAbsolute(value)) {
    // A bare command name ("gloss", "gloss-dev") is looked up on PATH.
    if (!value.includes('/') && !value.includes('\\')) return value;
    value = p.resolve(env.workspaceFolder ?? env.extensionPath, value);
  }
  return value;
}

/** Candidate executable names for the platform, best first. */
export function binaryNames(platform: NodeJS.Platform, base = 'gloss', pathExt?: string): string[] {
  if (platform !== 'win32') return [base];
  if (/\.[a-z0-9]+$/i.test(base)) return [base];
  const exts = (pathExt ?? '.EXE;.CMD;.BAT')
    .split(';')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e.length > 0);
  const ordered = ['.exe', ...exts.filter((e) => e !== '.exe')];
  return ordered.map((e) => base + e);
}

/** Search PATH for an executable called `name` (with PATHEXT on Windows). */
export function searchPath(name: string, env: DiscoveryEnv, tried: string[] = []): string | undefined {
  const p = pathApi(env.platform);
  const sep = env.platform === 'win32' ? ';' : ':';
  const dirs = (env.pathEnv ?? '').split(sep).filter((d) => d.length > 0);
  for (const dir of dirs) {
    for (const candidate of binaryNames(env.platform, name, env.pathExt)) {
      const full = p.join(dir.replace(/^"(.*)"$/, '$1'), candidate);
      tried.push(full);
      if (env.isExecutable(full)) return full;
    }
  }
  return undefined;
}

/**
 * Find the server: the `gloss.server.path` setting, then a binary bundled with
 * the extension (`bin/gloss` / `bin/gloss.exe`), then `gloss` on PATH.
 *
 * A configured path that does not exist is reported as an error rather than
 * silently falling back, so a typo in the setting is noticed.
 */
export function discoverServer(env: DiscoveryEnv): Discovery {
  const p = pathApi(env.platform);
  const tried: string[] = [];
  const configured = env.configuredPath?.trim();
  if (configured) {
    const resolved = resolveConfiguredPath(configured, env);
    if (p.isAbsolute(resolved)) {
      tried.push(resolved);
      if (env.isExecutable(resolved)) return { found: true, path: resolved, source: 'setting', tried };
      if (env.platform === 'win32' && !/\.exe$/i.test(resolved) && env.isExecutable(resolved + '.exe')) {
        return { found: true, path: resolved + '.exe', source: 'setting', tried };
      }
      return {
        found: false,
        tried,
        reason: `gloss.server.path is set to "${configured}" but ${resolved} is not an executable file.`,
      };
    }
    const onPath = searchPath(resolved, env, tried);
    if (onPath) return { found: true, path: onPath, source: 'setting', tried };
    return {
      found: false,
      tried,
      reason: `gloss.server.path is set to "${configured}" but no such executable is on PATH.`,
    };
  }

  const bundledNames = env.platform === 'win32' ? ['gloss.exe', 'gloss'] : ['gloss', 'gloss.exe'];
  for (const name of bundledNames) {
    const bundled = p.join(env.extensionPath, 'bin', name);
    tried.push(bundled);
    if (env.isExecutable(bundled)) return { found: true, path: bundled, source: 'bundled', tried };
  }

  const onPath = searchPath('gloss', env, tried);
  if (onPath) return { found: true, path: onPath, source: 'path', tried };

  return {
    found: false,
    tried,
    reason:
      'Could not find the gloss language server: gloss.server.path is not set, no binary is bundled with the extension and `gloss` is not on PATH.',
  };
}
