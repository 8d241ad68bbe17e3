// The end-to-end scenarios. Each scenario is one code-server instance on a
// fresh copy of examples/workspace; its tests run in order in one window.
// Assertions are on what the user sees (the DOM) and on the Gloss output
// channel's log file; expected lines come from the workspace files, not
// from the server.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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
  // A code lens that arrives after the mouse stopped shifts the text under
  // it, and VS Code then shows nothing; like a user, move the mouse onto
  // the word again every few seconds until the hover shows.
  let polls = 0;
  return until('the hover on "Memtables" to show a definition', async () => {
    const h = await wb.hover();
    if (h && /in-memory sorted buffer/.test(h.text)) return h;
    if (++polls % 20 === 0) {
      await wb.page.mouse.move(0, 0);
      await wb.hoverText('Memtables');
    }
    return undefined;
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

/**
 * The code lens rendered just above the line showing `above` in the active
 * editor, once it has a clickable command matching `linkRe`: its whole text
 * (other lenses may share the line), its command's text, the texts of all the
 * line's clickable lenses, and where to click.
 */
async function lensAbove(ctx, above, linkRe) {
  const h = await ctx.wb.textRect(above);
  if (!h) return undefined;
  return ctx.page.evaluate(
    (top, source, flags) => {
      const re = new RegExp(source, flags);
      const found = [...document.querySelectorAll('.editor-group-container.active .codelens-decoration')]
        .filter((d) => getComputedStyle(d).visibility !== 'hidden')
        .map((d) => ({ d, r: d.getBoundingClientRect() }))
        .filter(({ r }) => r.bottom <= top + 1 && r.bottom > top - 40)
        .pop();
      if (!found) return undefined;
      const link = [...found.d.querySelectorAll('a')].find((a) => re.test(a.textContent ?? ''));
      if (!link) return undefined;
      const r = link.getBoundingClientRect();
      return {
        text: found.d.textContent,
        link: link.textContent,
        links: [...found.d.querySelectorAll('a')].map((a) => a.textContent ?? ''),
        x: r.x + r.width / 2,
        y: r.y + r.height / 2,
      };
    },
    h.y,
    linkRe.source,
    linkRe.flags,
  );
}

/**
 * Clicks the lens above `above` until `opened()` sees what it opens. Lenses
 * are re-rendered when the server refreshes them, and a click that lands
 * while one is being replaced does nothing, so click again after a while.
 */
async function clickLens(ctx, above, linkRe, what, opened) {
  let clicked = 0;
  let clicks = 0;
  const got = await until(what, async () => {
    const g = await opened();
    if (g) return g;
    if (Date.now() - clicked < 3000) return undefined;
    const lens = await lensAbove(ctx, above, linkRe);
    if (!lens) return undefined;
    await ctx.page.mouse.click(lens.x, lens.y);
    clicked = Date.now();
    clicks++;
    return undefined;
  });
  if (clicks > 1) console.log(`# ${what}: took ${clicks} clicks on the lens`);
  return got;
}

/** The visible peek view: its title, reference rows and preview lines. */
async function peekView(page) {
  return page.evaluate(() => {
    const p = document.querySelector('.peekview-widget');
    if (!p || p.offsetParent === null) return undefined;
    const preview = [...p.querySelectorAll('.preview .view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((l) => l.textContent.replace(/\u00a0/g, ' '));
    const rows = [...p.querySelectorAll('.ref-tree .monaco-list-row')].map((r) => r.textContent ?? '');
    return rows.length > 0 ? { title: p.querySelector('.head')?.textContent ?? '', rows, preview } : undefined;
  });
}

const codeLens = {
  name: 'the code lens on a guide Q&A shows its draft count and peeks the drafts',
  async run(ctx) {
    const { wb, workspace, page } = ctx;
    await wb.open(GUIDE);
    const heading = lineOf(workspace, GUIDE, /^#### Q3\. What is a tombstone/);
    await wb.goTo(heading, 1);
    // The lens rendered just above the heading (other lenses, the review
    // schedule, may share its line).
    const above = 'Q3. What is a tombstone';
    const lens = await until('the code lens above "Q3. What is a tombstone"', () => lensAbove(ctx, above, /draft/));
    assert.match(lens.text, /^1 draft answers this(\s*\|\s*.+)?$/);
    const peek = await clickLens(ctx, above, /draft/, 'the peek view listing the drafts', () => peekView(page));
    assert.match(peek.title, /tombstones\.md/, `the peek's title names drafts/tombstones.md: ${peek.title}`);
    assert.ok(
      peek.rows.some((r) => /What is a tombstone and why does it linger\?/.test(r)),
      `the draft's heading in the peek: ${JSON.stringify(peek.rows)}`,
    );
    await shot(ctx, 'codelens');
  },
};

/** Whitespace squashed to single spaces, trimmed. */
const squash = (s) => s.replace(/\s+/g, ' ').trim();

/**
 * The guide's Q&A answered by the draft heading `title`: its heading line
 * (1-based), text, `§x.y Qn` label and model answer (the prose up to the
 * next heading), all read from the guide file.
 */
function guideQuestion(workspace, title) {
  const lines = fs.readFileSync(path.join(workspace, GUIDE), 'utf8').split('\n');
  const i = lines.findIndex((l) => /^#### Q\d+\. /.test(l) && l.endsWith(title));
  assert.ok(i >= 0, `${GUIDE} has no "#### Qn. ${title}" heading`);
  const q = /^#### Q(\d+)\./.exec(lines[i])[1];
  let s = i;
  while (s >= 0 && !/^### \d+\.\d+ /.test(lines[s])) s--;
  assert.ok(s >= 0, `a "### x.y" section above ${GUIDE}:${i + 1}`);
  const section = /^### (\d+\.\d+) /.exec(lines[s])[1];
  let e = i + 1;
  while (e < lines.length && !/^#{1,4} /.test(lines[e])) e++;
  return { line: i + 1, end: e + 1, heading: lines[i], label: `§${section} Q${q}`, answer: squash(lines.slice(i + 1, e).join('\n')) };
}

/**
 * Problems panel markers, each with the file it is listed under and its
 * related-information rows (the tree's levels: 1 files, 2 markers, 3 related).
 */
async function markers(page) {
  return page.evaluate(() => {
    const out = [];
    let file = '';
    const text = (r, sel) => r.querySelector(sel)?.textContent ?? '';
    for (const r of document.querySelectorAll('.markers-panel .monaco-list-row')) {
      const level = r.getAttribute('aria-level');
      if (level === '1') {
        file = text(r, '.label-name');
      } else if (level === '2') {
        out.push({
          file,
          label: r.getAttribute('aria-label') ?? '',
          message: text(r, '.marker-message'),
          code: text(r, '.marker-code'),
          severity: r.querySelector('.marker-icon')?.className ?? '',
          related: [],
        });
      } else if (level === '3' && out.length > 0) {
        out[out.length - 1].related.push({
          file: text(r, '.related-info-resource'),
          line: text(r, '.marker-line'),
          message: text(r, '.marker-description'),
        });
      }
    }
    return out;
  });
}

const DRAFT = 'drafts/tombstones.md';

/** The draft's answer heading, without its "## ". */
function draftTitle(workspace) {
  const first = fs.readFileSync(path.join(workspace, DRAFT), 'utf8').split('\n').find((l) => /^## /.test(l));
  assert.ok(first, `${DRAFT} has a "## " heading`);
  return first.slice(3).trim();
}

const missingPoint = {
  name: 'a draft that leaves a point out shows missing-point infos quoting the model answer',
  async run(ctx) {
    const { wb, workspace, page } = ctx;
    const q = guideQuestion(workspace, draftTitle(workspace));
    await wb.open(DRAFT);
    await wb.command('View: Focus Problems (Errors, Warnings, Infos)');
    const found = await until(`missing-point problems listed under ${path.basename(DRAFT)}`, async () => {
      const m = (await markers(page)).filter((x) => x.file === path.basename(DRAFT) && x.code === 'missing-point');
      return m.length > 0 && m.every((x) => x.related.length > 0) ? m : undefined;
    });
    for (const m of found) {
      assert.match(m.message, /^the model answer also says: "/, `the problem's message: ${JSON.stringify(m)}`);
      assert.match(m.severity, /\binfo\b/, `an info-level problem: ${JSON.stringify(m)}`);
      assert.match(m.label, /^Info: /, `an info-level problem: ${JSON.stringify(m)}`);
      // The quote is the model answer's own words (possibly cut with "…").
      const quote = /^the model answer also says: "(.*)"\s*$/.exec(m.message)?.[1] ?? '';
      const pieces = quote.split('…').map(squash).filter((p) => p.length > 0);
      assert.ok(pieces.length > 0, `a quote in ${JSON.stringify(m.message)}`);
      for (const p of pieces) {
        assert.ok(q.answer.includes(p), `"${p}" is from the model answer of ${q.label}: ${q.answer}`);
      }
      // Its related information points into that model answer in the guide.
      const rel = m.related[0];
      const ln = Number(/\[Ln (\d+),/.exec(rel.line)?.[1]);
      assert.equal(rel.file, path.basename(GUIDE), `related information in the guide: ${JSON.stringify(rel)}`);
      assert.ok(ln > q.line && ln < q.end, `related line ${ln} inside ${q.label}'s answer (lines ${q.line}-${q.end}): ${JSON.stringify(rel)}`);
      assert.ok(rel.message.startsWith(`${q.label}: `), `related information names ${q.label}: ${JSON.stringify(rel)}`);
    }
    ctx.missingPoints = found.length;
  },
};

const coverageLens = {
  name: 'the coverage lens on a draft answer shows its points and peeks the model answer',
  async run(ctx) {
    const { wb, workspace, page } = ctx;
    const title = draftTitle(workspace);
    const q = guideQuestion(workspace, title);
    await wb.open(DRAFT);
    const heading = lineOf(workspace, DRAFT, /^## /);
    await wb.goTo(heading, 1);
    const lens = await until(`the coverage lens above "${title}"`, () => lensAbove(ctx, title, /^covers /));
    const m = /^covers (\d+) of (\d+) points · (.+)$/.exec(lens.link.trim());
    assert.ok(m, `"covers N of M points · §… Q…": ${JSON.stringify(lens)}`);
    const [covered, total, label] = [Number(m[1]), Number(m[2]), m[3]];
    assert.equal(label, q.label, `the lens names the guide's Q&A (${q.heading})`);
    assert.ok(covered < total, `the draft leaves a point out: ${lens.link}`);
    if (ctx.missingPoints !== undefined) {
      assert.equal(total - covered, ctx.missingPoints, 'uncovered points = missing-point problems');
    }
    const peek = await clickLens(ctx, title, /^covers /, 'the peek view on the model answer', async () => {
      const p = await peekView(page);
      return p && p.preview.length > 0 ? p : undefined;
    });
    assert.match(peek.title, /STORAGE_ENGINES\.md/, `the peek's title names the guide: ${peek.title}`);
    assert.ok(peek.preview.some((l) => l.trim() === q.heading), `the guide's "${q.heading}" in the peek: ${JSON.stringify(peek.preview)}`);
    await shot(ctx, 'coverage-lens');
  },
};

/** Visible notification toasts' text. */
async function notifications(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.notifications-toasts .notification-toast, .notification-list-item')]
      .filter((n) => n.offsetParent !== null)
      .map((n) => n.textContent ?? ''),
  );
}

/**
 * The review card as the virtual document shows it: `## label`, the front,
 * and the back once revealed (after a `---`).
 */
async function reviewCard(wb) {
  if ((await wb.activeTab()) !== 'Gloss Review.md') return undefined;
  const text = await wb.editorText();
  const m = /^## (§.+)$/m.exec(text);
  if (!m) return undefined;
  const rest = text.slice(m.index + m[0].length);
  const hidden = /\*\(answer hidden: pick "Show answer"\)\*/.test(rest);
  const sep = rest.search(/^---$/m);
  const front = squash((hidden ? rest.split('*(answer hidden')[0] : sep >= 0 ? rest.slice(0, sep) : rest));
  const back = !hidden && sep >= 0 ? squash(rest.slice(sep + 3)) : undefined;
  return front ? { label: m[1].trim(), front, back, hidden } : undefined;
}

/**
 * Where the card's front is in the guide: a Q&A or scenario heading, or a
 * flash card list item. Returns its 1-based line and its section ("§x.y").
 */
function guideItem(workspace, front) {
  const lines = fs.readFileSync(path.join(workspace, GUIDE), 'utf8').split('\n');
  const i = lines.findIndex((l) => /^(#### |- )/.test(l) && squash(l).includes(front));
  assert.ok(i >= 0, `the card's front "${front}" is a question, scenario or flash card of ${GUIDE}`);
  let s = i;
  while (s >= 0 && !/^### \d+\.\d+ /.test(lines[s])) s--;
  return { line: i + 1, text: lines[i], section: s >= 0 ? `§${/^### (\d+\.\d+) /.exec(lines[s])[1]}` : '', after: squash(lines.slice(i).join('\n')) };
}

const review = {
  name: '"Gloss: Review" shows a guide card, reveals its answer and records the grade',
  async run(ctx) {
    const { wb, workspace, page } = ctx;
    const log = path.join(workspace, '.gloss', 'reviews.jsonl');
    const before = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
    const started = Date.now();
    await wb.command('Gloss: Review');

    // The front: a real item of the guide, the answer hidden.
    const card = await until('the review card with its answer hidden', async () => {
      const c = await reviewCard(wb);
      return c && c.hidden && (await wb.quickRows()).some((r) => /Show answer/.test(r)) ? c : undefined;
    });
    const item = guideItem(workspace, card.front);
    assert.ok(card.label.startsWith(item.section), `the card's label "${card.label}" is in the item's section ${item.section}`);
    const title = await wb.quickTitle();
    assert.ok(title.startsWith(`Gloss Review · ${card.label} · `), `the quick pick's title names the card: ${title}`);
    // (the two-row "Show answer" pick leaves the card's front in sight)
    await shot(ctx, 'review', { x: 0, y: 0, width: 1100, height: 430 });

    // Show answer: the back is the guide's own text after the front.
    await wb.pickRow(/Show answer/, 'the review quick pick');
    const revealed = await until('the answer and the grades', async () => {
      const c = await reviewCard(wb);
      return c && c.back && (await wb.quickRows()).some((r) => /^3 Good/.test(r)) ? c : undefined;
    });
    assert.equal(revealed.front, card.front);
    const backStart = revealed.back.split(/(?<=[.?!])\s/)[0];
    assert.ok(item.after.includes(backStart), `the back "${backStart}" follows the front in ${GUIDE}:${item.line}`);

    // Grade it Good: one line lands in .gloss/reviews.jsonl.
    await wb.pickRow(/^3 Good/, 'the grade quick pick');
    const lines = await until(`a grade in ${log}`, () => {
      if (!fs.existsSync(log)) return undefined;
      const l = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
      return l.length > before ? l : undefined;
    });
    assert.equal(lines.length, before + 1, `one new line in reviews.jsonl: ${JSON.stringify(lines)}`);
    const g = JSON.parse(lines[lines.length - 1]);
    assert.equal(g.grade, 'good');
    assert.equal(typeof g.card, 'string');
    assert.ok(g.card.length > 0, `a card id: ${lines[lines.length - 1]}`);
    assert.match(g.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, `RFC 3339 time: ${g.at}`);
    const at = Date.parse(g.at);
    assert.ok(at >= started - 5000 && at <= Date.now() + 5000, `graded now: ${g.at}`);
    // The graded card is the one shown: the CLI places it on the item's line.
    const show = spawnSync(ctx.env.glossBin, ['review', 'show', g.card, '--json'], { cwd: workspace, encoding: 'utf8' });
    assert.equal(show.status, 0, `gloss review show ${g.card}: ${show.stderr}`);
    const shown = JSON.parse(show.stdout);
    assert.equal(shown.source.line, item.line, `card ${g.card} is ${GUIDE}:${item.line}: ${show.stdout}`);
    assert.equal(shown.history.length, 1, `one grade in the card's history: ${show.stdout}`);

    // Then the next card (another one: this one is not due again so soon),
    // or "nothing due".
    const next = await until('the next card or "nothing due"', async () => {
      const n = await notifications(page);
      const done = n.find((x) => /Gloss: nothing due/.test(x));
      if (done) return { done };
      const c = await reviewCard(wb);
      return c && c.hidden && (await wb.quickRows()).some((r) => /Show answer/.test(r)) ? { card: c } : undefined;
    });
    if (next.card) {
      assert.notEqual(next.card.label, card.label, 'the graded card is not offered again right away');
      guideItem(workspace, next.card.front);
      await wb.pickRow(/Quit review/, 'the review quick pick');
      await until('the review quick pick to close', async () => !(await wb.quickInputVisible()));
    } else {
      assert.match(next.done, /Reviewed 1 this session/);
    }
  },
};

const NOTE = 'notes/lsm-notes.md';

/**
 * Every Q&A of the guide, read from the file: its heading line (1-based),
 * heading, question (the heading without "#### ") and `§x.y Qn` label.
 */
function guideQuestions(workspace) {
  const lines = fs.readFileSync(path.join(workspace, GUIDE), 'utf8').split('\n');
  const out = [];
  let section;
  lines.forEach((l, i) => {
    const s = /^### (\d+\.\d+) /.exec(l);
    if (s) section = s[1];
    const q = /^#### Q(\d+)\. /.exec(l);
    if (q && section) out.push({ line: i + 1, heading: l, question: l.slice(5).trim(), label: `§${section} Q${q[1]}` });
  });
  assert.ok(out.length > 0, `${GUIDE} has "#### Qn." questions`);
  return out;
}

/** The note's first heading: its 1-based line and its text without the #s. */
function noteHeading(workspace) {
  const line = lineOf(workspace, NOTE, /^#{1,6} /);
  const text = fs.readFileSync(path.join(workspace, NOTE), 'utf8').split('\n')[line - 1].replace(/^#+\s*/, '').trim();
  return { line, text };
}

/**
 * Waits for the server's window/logMessage in the Gloss output channel saying
 * how search ranks: lexically, since no model is installed in this HOME.
 */
async function searchIsLexical(ctx) {
  return until('the Gloss output channel to say that search is lexical', () =>
    /^\[Info\s+-[^\]]*\] gloss: search is lexical\b.*gloss model fetch.*$/m.exec(ctx.cs.outputText())?.[0],
  );
}

const relatedLens = {
  name: 'a note heading shows "Related: §… Q…" lenses and one opens that guide Q&A',
  async run(ctx) {
    const { wb, workspace } = ctx;
    const questions = guideQuestions(workspace);
    const heading = noteHeading(workspace);
    await wb.open(NOTE);
    await wb.goTo(heading.line, 1);
    const lens = await until(`the "Related: " lens above "${heading.text}"`, () => lensAbove(ctx, heading.text, /^Related: /));
    // One lens per entry: "Related: §x Qy", then "§…" ones, each a Q&A of the guide.
    const first = lens.links.findIndex((l) => /^Related: /.test(l));
    const entries = [lens.links[first].replace(/^Related: /, '')];
    for (const l of lens.links.slice(first + 1)) {
      if (!/^§/.test(l)) break;
      entries.push(l);
    }
    const labels = questions.map((q) => q.label);
    for (const e of entries) assert.ok(labels.includes(e), `lens entry "${e}" is a Q&A label of ${GUIDE} (${labels.join(', ')}); lens: ${lens.text}`);
    assert.equal(new Set(entries).size, entries.length, `no entry twice: ${lens.text}`);
    ctx.relatedFirst = entries[0];
    // Without a model (HOME is throw-away) the server ranks lexically and says so.
    await searchIsLexical(ctx);
    console.log(`# related lens (lexical ranking): ${JSON.stringify(lens.text)}`);
    await shot(ctx, 'related', { x: 0, y: 0, width: 1100, height: 360 });

    // The first entry opens the guide on that Q&A's heading.
    const target = questions.find((q) => q.label === entries[0]);
    await clickLens(ctx, heading.text, /^Related: /, `the guide opened on "${target.heading}" (line ${target.line})`, async () =>
      (await wb.activeTab()) === path.basename(GUIDE) && (await wb.cursor())?.line === target.line,
    );
    await until(`"${target.heading}" on screen`, async () => (await wb.editorText()).split('\n').includes(target.heading));
  },
};

const relatedCommand = {
  name: '"Gloss: Related Q&As" lists guide Q&As for the note section and opens the chosen one',
  async run(ctx) {
    const { wb, workspace } = ctx;
    const questions = guideQuestions(workspace);
    await wb.open(NOTE);
    // The cursor in the body of the note's section, not on its heading.
    const at = find(workspace, NOTE, 'Open questions:');
    await wb.goTo(at.line, at.col);
    await wb.command('Gloss: Related Q&As');
    let prev = '';
    const shown = await until('the related guide items in a quick pick', async () => {
      const m = /^Gloss: (\d+) related guide items?$/.exec(await wb.quickTitle());
      const rows = await wb.quickRows();
      const key = JSON.stringify(rows);
      const stable = key === prev;
      prev = key;
      return m && rows.length > 0 && stable ? { count: Number(m[1]), rows } : undefined;
    });
    await shot(ctx, 'related-pick', { x: 0, y: 0, width: 1100, height: 430 });
    assert.ok(shown.rows.length <= shown.count, `${shown.rows.length} rows for "${shown.count} related guide items"`);
    // Each row names a Q&A of the guide: its question and its label.
    const hits = shown.rows.map((r) => {
      const q = questions.find((x) => r.includes(x.question) && r.includes(x.label));
      assert.ok(q, `the row "${r}" names a Q&A of ${GUIDE} (question and label)`);
      return q;
    });
    assert.equal(new Set(hits.map((q) => q.label)).size, hits.length, `no Q&A twice: ${JSON.stringify(shown.rows)}`);
    if (ctx.relatedFirst) {
      // Same section, same ranking as the lens on its heading.
      assert.equal(hits[0].label, ctx.relatedFirst, `the first item is the lens's first entry: ${JSON.stringify(shown.rows)}`);
    }
    const picked = await wb.pickRow(new RegExp(hits[0].question.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'the related quick pick');
    assert.equal(picked, shown.rows[0]);
    await wb.waitActiveTab(path.basename(GUIDE));
    await until(`the cursor on "${hits[0].heading}" (line ${hits[0].line})`, async () => (await wb.cursor())?.line === hits[0].line);
    await until(`"${hits[0].heading}" on screen`, async () => (await wb.editorText()).split('\n').includes(hits[0].heading));
  },
};

export const scenarios = [
  {
    // gloss.vsix without a server inside; the setting points at the binary.
    name: 'setting',
    setup: (env) => ({ vsix: env.vsix, settings: { 'gloss.server.path': env.glossBin }, pathDirs: ['/usr/bin', '/bin'] }),
    tests: [
      activation('setting', (ctx) => ctx.env.glossBin),
      hover,
      definition,
      search,
      diagnostics,
      codeLens,
      missingPoint,
      coverageLens,
      review,
      relatedLens,
      relatedCommand,
    ],
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
