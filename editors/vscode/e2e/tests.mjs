// The end-to-end scenarios. Each scenario is one code-server instance on a
// fresh copy of examples/workspace; its tests run in order in one window.
// Assertions are on what the user sees (the DOM) and on the Gloss output
// channel's log file; expected lines come from the workspace files, not
// from the server.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { until } from './workbench.mjs';

const GUIDE = 'guides/STORAGE_ENGINES.md';

/** 1-based number of the first line of `file` matching `re`. */
function lineOf(workspace, file, re) {
  const lines = fs.readFileSync(path.join(workspace, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => re.test(l));
  assert.ok(i >= 0, `${file} has no line matching ${re}`);
  return i + 1;
}

/** 1-based { line, col } of `needle` in `file`. */
function find(workspace, file, needle) {
  const lines = fs.readFileSync(path.join(workspace, file), 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const c = lines[i].indexOf(needle);
    if (c >= 0) return { line: i + 1, col: c + 1 };
  }
  assert.fail(`${file} does not contain "${needle}"`);
}

async function shot(ctx, name, clip) {
  await ctx.wb.screenshot(path.join(ctx.env.artifacts, `${name}.png`), clip);
  if (ctx.env.screenshots) await ctx.wb.screenshot(path.join(ctx.env.screenshots, `${name}.png`), clip);
}

/** Waits until the Gloss output channel says which server it started. */
async function serverStarted(ctx, source) {
  const line = await until(`the Gloss output channel to report a server (from ${source})`, () => {
    const m = /\[gloss\] using server (.+) \(from (\w+)\)/.exec(ctx.cs.outputText());
    return m ? { path: m[1], source: m[2] } : undefined;
  });
  assert.equal(line.source, source, `server source (log: ${ctx.cs.outputLog()})`);
  return line.path;
}

/** Hovers "Memtables" in the notes and returns the visible hover. */
async function hoverMemtables(ctx) {
  const { wb, workspace } = ctx;
  const note = 'notes/lsm-notes.md';
  await wb.open(note);
  const at = find(workspace, note, 'Memtables are per column family');
  await wb.goTo(at.line, at.col);
  await wb.hoverText('Memtables');
  return until('the hover on "Memtables" to show a definition', async () => {
    const h = await wb.hover();
    return h && /in-memory sorted buffer/.test(h.text) ? h : undefined;
  });
}

const hoverWorks = {
  name: 'hover answers (server is running)',
  async run(ctx) {
    const h = await hoverMemtables(ctx);
    assert.match(h.text, /Memtable/);
  },
};

/** Activation from one discovery source. */
function activation(source, expectedPath) {
  return {
    name: `activation: server starts from ${source}`,
    async run(ctx) {
      const p = await serverStarted(ctx, source);
      assert.equal(p, expectedPath(ctx));
    },
  };
}

const hover = {
  name: 'hover on a term in a note shows the definition and its source link',
  async run(ctx) {
    const { wb, workspace } = ctx;
    const h = await hoverMemtables(ctx);
    assert.match(h.text, /Memtable/);
    assert.match(h.text, /Defined in/);
    const defLine = lineOf(workspace, GUIDE, /^- Memtable —/);
    const source = h.links.find((l) => /^§1\.3\b/.test(l.text));
    assert.ok(source, `a "§1.3 …" source link in the hover; links: ${JSON.stringify(h.links)}`);
    assert.match(source.href, new RegExp(`STORAGE_ENGINES\\.md#L${defLine}$`));
    await shot(ctx, 'hover', { x: 0, y: 0, width: 1100, height: 460 });

    // Following the link opens the guide at the definition.
    const link = await ctx.page.$$('.monaco-hover a');
    const el = [];
    for (const a of link) if (/^§1\.3\b/.test(await a.evaluate((n) => n.textContent))) el.push(a);
    await el[0].click();
    await wb.waitActiveTab('STORAGE_ENGINES.md');
    await until(`the cursor on guide line ${defLine}`, async () => (await wb.cursor())?.line === defLine);
  },
};

const definition = {
  name: 'go to definition on a § reference opens the guide at that heading',
  async run(ctx) {
    const { wb, workspace } = ctx;
    const note = 'notes/lsm-notes.md';
    await wb.open(note);
    const at = find(workspace, note, '§2.3');
    await wb.goTo(at.line, at.col + 1);
    await wb.press('F12');
    await wb.waitActiveTab('STORAGE_ENGINES.md');
    const heading = lineOf(workspace, GUIDE, /^### 2\.3 /);
    await until(`the cursor on the "### 2.3" heading (line ${heading})`, async () => (await wb.cursor())?.line === heading);
    assert.match(await wb.editorText(), /### 2\.3 Bloom filters/);
  },
};

const search = {
  name: '"Gloss: Search Guide" shows ranked results and opens the chosen one',
  async run(ctx) {
    const { wb, workspace } = ctx;
    await wb.open('notes/lsm-notes.md');
    await wb.command('Gloss: Search Guide');
    await until('the search input box', async () => /Gloss: Search Guide/.test(await wb.quickTitle()));
    const query = 'why do deleted keys come back';
    await wb.type(query);
    await wb.press('Enter');
    await until('the result list', async () => /match(es)? for "why do deleted keys come back"/.test(await wb.quickTitle()));
    const rows = await until('result rows', async () => {
      const r = await wb.quickRows();
      return r.length > 1 ? r : undefined;
    });
    assert.match(rows[0], /tombstone/i, `best hit: ${rows[0]}`);
    await shot(ctx, 'search', { x: 0, y: 0, width: 1100, height: 420 });
    await wb.pickRow(/Q3\. What is a tombstone and why does it linger\?/, 'search results');
    await wb.waitActiveTab('STORAGE_ENGINES.md');
    const heading = lineOf(workspace, GUIDE, /^#### Q3\. What is a tombstone/);
    await until(`the cursor on the Q3 heading (line ${heading})`, async () => (await wb.cursor())?.line === heading);
  },
};

/** Problems panel rows: their accessible labels. */
async function problems(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.markers-panel .monaco-list-row')].map(
      (r) => `${r.textContent ?? ''} ${r.getAttribute('aria-label') ?? ''}`,
    ),
  );
}

const diagnostics = {
  name: 'a draft shows missing-anchor in Problems and the quick fix inserts the hook sentence',
  async run(ctx) {
    const { wb, workspace, page } = ctx;
    const draft = 'drafts/bloom.md';
    const before = fs.readFileSync(path.join(workspace, draft), 'utf8');
    await wb.open(draft);
    await wb.command('View: Focus Problems (Errors, Warnings, Infos)');
    const rows = await until('a missing-anchor problem for bloom.md', async () => {
      const r = await problems(page);
      return r.some((x) => /missing-anchor/.test(x)) ? r : undefined;
    });
    const row = rows.find((x) => /missing-anchor/.test(x));
    assert.match(row, /anchor/i);
    await shot(ctx, 'diagnostics');

    // Quick fix from the editor: go where the Problems row says, Ctrl+.
    const where = /\[Ln (\d+), Col (\d+)\]/.exec(row);
    assert.ok(where, `a position in the problem row: ${row}`);
    await wb.goTo(Number(where[1]), Number(where[2]));
    await wb.press('Control', '.');
    // Code actions arrive asynchronously; a Ctrl+. pressed before they do
    // shows nothing, so press it again until the menu is up.
    let lastPress = Date.now();
    const actions = await until('the quick fix menu', async () => {
      const a = await page.evaluate(() =>
        [...document.querySelectorAll('.action-widget .monaco-list-row.action')]
          .map((r) => r.getAttribute('aria-label') || r.textContent || '')
          .filter((t) => t.length > 0),
      );
      if (a.length > 0) return a;
      if (Date.now() - lastPress > 3000) {
        lastPress = Date.now();
        await wb.press('Control', '.');
      }
      return undefined;
    });
    const fix = actions.find((a) => /^Add an anchor hook/i.test(a));
    assert.ok(fix, `"Add an anchor hook: …" among the quick fixes: ${JSON.stringify(actions)}`);
    const rowHandles = await page.$$('.action-widget .monaco-list-row.action');
    for (const h of rowHandles) {
      if ((await h.evaluate((r) => r.getAttribute('aria-label') || r.textContent || '')) === fix) {
        await h.click();
        break;
      }
    }
    await until('the draft to change', async () => (await wb.editorText()).replace(/\s+/g, ' ') !== before.replace(/\s+/g, ' ').trim() || undefined);
    await wb.press('Control', 's');
    const after = await until('the fixed draft saved to disk', () => {
      const t = fs.readFileSync(path.join(workspace, draft), 'utf8');
      return t !== before ? t : undefined;
    });
    // What was inserted is one sentence naming an anchor of the guide.
    const added = after.split('\n').filter((l) => !before.split('\n').includes(l)).join('\n').trim();
    assert.ok(added.length > 0, 'inserted text');
    const anchors = fs
      .readFileSync(path.join(workspace, GUIDE), 'utf8')
      .split('\n')
      .map((l) => /^### Anchor \d+: (.+?)(\s*\(|$)/.exec(l)?.[1])
      .filter(Boolean);
    assert.ok(
      anchors.some((a) => added.toLowerCase().includes(a.toLowerCase().split(' ')[0])),
      `the inserted sentence "${added}" names one of the anchors ${JSON.stringify(anchors)}`,
    );
    // The server re-checks the draft: the warning goes away.
    await until('missing-anchor to disappear for bloom.md', async () => !(await problems(page)).some((x) => /missing-anchor/.test(x)));
  },
};

const codeLens = {
  name: 'the code lens on a guide Q&A shows its draft count and peeks the drafts',
  async run(ctx) {
    const { wb, workspace, page } = ctx;
    await wb.open(GUIDE);
    const heading = lineOf(workspace, GUIDE, /^#### Q3\. What is a tombstone/);
    await wb.goTo(heading, 1);
    // The lens rendered just above the heading: its text and where to click.
    const lens = await until('the code lens above "Q3. What is a tombstone"', async () => {
      const h = await wb.textRect('Q3. What is a tombstone');
      if (!h) return undefined;
      return page.evaluate((top) => {
        const found = [...document.querySelectorAll('.editor-group-container.active .codelens-decoration')]
          .map((d) => ({ d, r: d.getBoundingClientRect() }))
          .filter(({ r }) => r.bottom <= top + 1 && r.bottom > top - 40)
          .pop();
        if (!found) return undefined;
        // Other lenses (the review schedule) may share the line: click the drafts one.
        const link = [...found.d.querySelectorAll('a')].find((a) => /draft/.test(a.textContent ?? ''));
        const target = (link ?? found.d).getBoundingClientRect();
        return { text: found.d.textContent, x: target.x + target.width / 2, y: target.y + target.height / 2 };
      }, h.y);
    });
    assert.match(lens.text, /^1 draft answers this(\s*\|\s*.+)?$/);
    await page.mouse.click(lens.x, lens.y);
    const peek = await until('the peek view listing the drafts', () =>
      page.evaluate(() => {
        const p = document.querySelector('.peekview-widget');
        if (!p || p.offsetParent === null) return undefined;
        const rows = [...p.querySelectorAll('.ref-tree .monaco-list-row')].map((r) => r.textContent ?? '');
        return rows.length > 0 ? { title: p.querySelector('.head')?.textContent ?? '', rows } : undefined;
      }),
    );
    assert.match(peek.title, /tombstones\.md/, `the peek's title names drafts/tombstones.md: ${peek.title}`);
    assert.ok(
      peek.rows.some((r) => /What is a tombstone and why does it linger\?/.test(r)),
      `the draft's heading in the peek: ${JSON.stringify(peek.rows)}`,
    );
    await shot(ctx, 'codelens');
  },
};

export const scenarios = [
  {
    // gloss.vsix without a server inside; the setting points at the binary.
    name: 'setting',
    setup: (env) => ({ vsix: env.vsix, settings: { 'gloss.server.path': env.glossBin }, pathDirs: ['/usr/bin', '/bin'] }),
    tests: [activation('setting', (ctx) => ctx.env.glossBin), hover, definition, search, diagnostics, codeLens],
  },
  {
    // gloss.vsix with bin/gloss inside, nothing else.
    name: 'bundled',
    setup: (env) => ({ vsix: env.vsixBundled, pathDirs: ['/usr/bin', '/bin'] }),
    tests: [activation('bundled', (ctx) => path.join(ctx.extensionPath, 'bin', 'gloss')), hoverWorks],
  },
  {
    // gloss.vsix without a server; `gloss` is on PATH the way `cargo install`
    // puts it there: ~/.cargo/bin, added to PATH by ~/.profile.
    name: 'path',
    setup: (env) => {
      const bin = path.join(env.home, '.cargo', 'bin');
      fs.mkdirSync(bin, { recursive: true });
      fs.copyFileSync(env.glossBin, path.join(bin, 'gloss'));
      fs.chmodSync(path.join(bin, 'gloss'), 0o755);
      fs.writeFileSync(path.join(env.home, '.profile'), 'export PATH="$HOME/.cargo/bin:$PATH"\n');
      return { vsix: env.vsix, pathDirs: [bin, '/usr/bin', '/bin'] };
    },
    tests: [activation('path', (ctx) => path.join(ctx.cs.env.HOME, '.cargo', 'bin', 'gloss')), hoverWorks],
  },
];
