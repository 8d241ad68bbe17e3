import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { binaryNames, discoverServer, DiscoveryEnv, resolveConfiguredPath } from '../src/discovery';

function env(files: string[], overrides: Partial<DiscoveryEnv> = {}): DiscoveryEnv {
  const set = new Set(files);
  return {
    extensionPath: '/ext',
    platform: 'linux',
    pathEnv: '/usr/local/bin:/usr/bin',
    homeDir: '/home/u',
    workspaceFolder: '/ws',
    isExecutable: (p) => set.has(p),
    ...overrides,
  };
}

test('setting wins over bundled binary and PATH', () => {
  const d = discoverServer(env(['/opt/gloss', '/ext/bin/gloss', '/usr/bin/gloss'], { configuredPath: '/opt/gloss' }));
  assert.deepEqual(d.found && { path: d.path, source: d.source }, { path: '/opt/gloss', source: 'setting' });
});

test('setting with ~ and ${workspaceFolder} is expanded', () => {
  let d = discoverServer(env(['/home/u/bin/gloss'], { configuredPath: '~/bin/gloss' }));
  assert.ok(d.found);
  assert.equal(d.path, '/home/u/bin/gloss');
  d = discoverServer(env(['/ws/target/debug/gloss'], { configuredPath: '${workspaceFolder}/target/debug/gloss' }));
  assert.ok(d.found);
  assert.equal(d.path, '/ws/target/debug/gloss');
});

test('relative setting resolves against the workspace folder', () => {
  assert.equal(resolveConfiguredPath('target/debug/gloss', env([])), '/ws/target/debug/gloss');
  const d = discoverServer(env(['/ws/target/debug/gloss'], { configuredPath: './target/debug/gloss' }));
  assert.ok(d.found);
  assert.equal(d.path, '/ws/target/debug/gloss');
});

test('bare command name in setting is searched on PATH', () => {
  const d = discoverServer(env(['/usr/bin/gloss-dev'], { configuredPath: 'gloss-dev' }));
  assert.ok(d.found);
  assert.equal(d.path, '/usr/bin/gloss-dev');
  assert.equal(d.source, 'setting');
});

test('a setting pointing nowhere is an error, not a silent fallback', () => {
  const d = discoverServer(env(['/ext/bin/gloss', '/usr/bin/gloss'], { configuredPath: '/nope/gloss' }));
  assert.equal(d.found, false);
  assert.match(!d.found ? d.reason : '', /gloss\.server\.path.*\/nope\/gloss/);
});

test('bundled binary is used when no setting', () => {
  const d = discoverServer(env(['/ext/bin/gloss', '/usr/bin/gloss'], { configuredPath: '  ' }));
  assert.ok(d.found);
  assert.equal(d.path, '/ext/bin/gloss');
  assert.equal(d.source, 'bundled');
});

test('PATH is searched in order', () => {
  const d = discoverServer(env(['/usr/bin/gloss', '/usr/local/bin/gloss']));
  assert.ok(d.found);
  assert.equal(d.path, '/usr/local/bin/gloss');
  assert.equal(d.source, 'path');
});

test('windows: bundled gloss.exe and PATHEXT lookup', () => {
  const win = { platform: 'win32' as const, extensionPath: 'C:\\ext', workspaceFolder: 'C:\\ws', pathEnv: 'C:\\tools;"C:\\bin"', pathExt: '.COM;.EXE;.BAT' };
  let d = discoverServer(env(['C:\\ext\\bin\\gloss.exe'], win));
  assert.ok(d.found);
  assert.equal(d.path, 'C:\\ext\\bin\\gloss.exe');
  d = discoverServer(env(['C:\\bin\\gloss.exe'], win));
  assert.ok(d.found);
  assert.equal(d.path, 'C:\\bin\\gloss.exe');
  assert.deepEqual(binaryNames('win32', 'gloss', '.COM;.EXE'), ['gloss.exe', 'gloss.com']);
  assert.deepEqual(binaryNames('linux'), ['gloss']);
});

test('nothing found: clear reason and the list of tried paths', () => {
  const d = discoverServer(env([]));
  assert.equal(d.found, false);
  if (!d.found) {
    assert.match(d.reason, /Could not find the gloss language server/);
    assert.ok(d.tried.includes('/ext/bin/gloss'));
    assert.ok(d.tried.includes('/usr/bin/gloss'));
  }
});
