// Compile test/*.test.ts into out/test/*.test.js for `node --test`.
// `vscode` and `vscode-languageclient/node` are replaced by the mocks in
// test/mocks/, so the extension code runs under plain node.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const testDir = path.join(root, 'test');
const outDir = path.join(root, 'out', 'test');
fs.rmSync(outDir, { recursive: true, force: true });

const entryPoints = fs
  .readdirSync(testDir)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => path.join(testDir, f));

await esbuild.build({
  entryPoints,
  outdir: outDir,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'inline',
  alias: {
    vscode: path.join(testDir, 'mocks', 'vscode.ts'),
    'vscode-languageclient/node': path.join(testDir, 'mocks', 'languageclient.ts'),
  },
  logLevel: 'warning',
});
