// Driving the VS Code workbench in Chromium the way a user does: keyboard
// shortcuts, the command palette, quick open, mouse hover and clicks, and
// reading what is on screen (DOM text, the status bar's "Ln X, Col Y").
import * as fs from 'node:fs';
import * as path from 'node:path';

export const TIMEOUT = Number(process.env.GLOSS_E2E_TIMEOUT ?? 45_000);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value; throws `what` on timeout. */
export async function until(what, fn, timeoutMs = TIMEOUT) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    await sleep(150);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? ` (${last.message})` : ''}`);
}

export class Workbench {
  constructor(page, folder) {
    this.page = page;
    this.folder = folder;
  }

  /** Waits until the workbench is up with the folder open in the explorer. */
  async ready() {
    await this.page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: TIMEOUT });
    await until('the explorer to list the workspace', () =>
      this.page.evaluate(() => document.querySelectorAll('.explorer-folders-view .monaco-list-row').length > 0),
    );
  }

  async press(...keys) {
    const kb = this.page.keyboard;
    const mods = keys.slice(0, -1);
    for (const m of mods) await kb.down(m);
    await kb.press(keys[keys.length - 1]);
    for (const m of mods.reverse()) await kb.up(m);
  }

  async type(text) {
    await this.page.keyboard.type(text, { delay: 5 });
  }

  /** Text of the visible quick-input rows (quick open, palette, quick picks). */
  async quickRows() {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('.quick-input-widget .monaco-list-row')]
        .filter((r) => r.offsetParent !== null)
        .map((r) => r.getAttribute('aria-label') || r.textContent || ''),
    );
  }

  async quickInputVisible() {
    return this.page.evaluate(() => {
      const w = document.querySelector('.quick-input-widget');
      return !!w && w.style.display !== 'none' && w.offsetParent !== null;
    });
  }

  async quickTitle() {
    return this.page.evaluate(() => document.querySelector('.quick-input-widget .quick-input-title')?.textContent ?? '');
  }

  /**
   * Waits for the quick-input list to settle with a row matching `re`, then
   * picks it: Enter when it is the focused first row, else a click on it.
   */
  async pickRow(re, what) {
    let prev = '';
    const rows = await until(`${what}: a row matching ${re}`, async () => {
      const r = await this.quickRows();
      const key = JSON.stringify(r);
      const stable = key === prev;
      prev = key;
      return stable && r.some((x) => re.test(x)) ? r : undefined;
    });
    const index = rows.findIndex((x) => re.test(x));
    if (index === 0) {
      await this.press('Enter');
    } else {
      const handles = await this.page.$$('.quick-input-widget .monaco-list-row');
      for (const h of handles) {
        const label = await h.evaluate((r) => (r.offsetParent !== null ? r.getAttribute('aria-label') || r.textContent || '' : ''));
        if (re.test(label)) {
          await h.click();
          break;
        }
      }
    }
    return rows[index];
  }

  /** Runs a command from the palette (F1) by its title. */
  async command(title) {
    await this.press('F1');
    await until('the command palette', () => this.quickInputVisible());
    await this.type(title);
    const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await this.pickRow(new RegExp(`^${escaped}`), `palette "${title}"`);
  }

  /** Opens a workspace file with quick open (Ctrl+P). */
  async open(relPath) {
    await this.press('Control', 'p');
    await until('quick open', () => this.quickInputVisible());
    await this.type(relPath);
    const base = path.basename(relPath);
    await this.pickRow(new RegExp(`\\b${base.replace(/\./g, '\\.')}\\b`), `quick open ${relPath}`);
    await this.waitActiveTab(base);
  }

  async activeTab() {
    return this.page.evaluate(
      () => document.querySelector('.editor-group-container.active .tab.active')?.getAttribute('data-resource-name') ?? '',
    );
  }

  async waitActiveTab(name) {
    await until(`the active tab to be ${name}`, async () => (await this.activeTab()) === name);
    await until(`the editor of ${name} to render`, () =>
      this.page.evaluate(
        () => document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line').length > 0,
      ),
    );
  }

  /** The cursor as the status bar shows it: { line, col }, 1-based. */
  async cursor() {
    const text = await this.page.evaluate(() => {
      const item = document.getElementById('status.editor.selection');
      return item?.textContent ?? '';
    });
    const m = /Ln (\d+), Col (\d+)/.exec(text);
    return m ? { line: Number(m[1]), col: Number(m[2]) } : undefined;
  }

  /** Moves the cursor with "Go to Line/Column" (Ctrl+G), 1-based. */
  async goTo(line, col = 1) {
    await this.press('Control', 'g');
    await until('go to line', () => this.quickInputVisible());
    await this.type(`${line}:${col}`);
    await this.press('Enter');
    await until(`the cursor at ${line}:${col}`, async () => {
      const c = await this.cursor();
      return c && c.line === line && c.col === col;
    });
  }

  /** Visible text of the active editor's rendered lines (non-breaking spaces as spaces). */
  async editorText() {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line')]
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((l) => l.textContent.replace(/\u00a0/g, ' '))
        .join('\n'),
    );
  }

  /**
   * Screen rectangle of the `occurrence`-th appearance of `needle` in the
   * active editor's rendered lines (the line must be on screen).
   */
  async textRect(needle, occurrence = 0) {
    return this.page.evaluate(
      (needle, occurrence) => {
        const lines = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line')];
        lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
        let seen = 0;
        for (const line of lines) {
          const nodes = [];
          const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
          const text = nodes.map((n) => n.data).join('').replace(/\u00a0/g, ' ');
          let at = text.indexOf(needle);
          while (at >= 0 && seen < occurrence) {
            seen++;
            at = text.indexOf(needle, at + 1);
          }
          if (at < 0) continue;
          const locate = (offset) => {
            for (const n of nodes) {
              if (offset <= n.data.length) return [n, offset];
              offset -= n.data.length;
            }
            return [nodes[nodes.length - 1], nodes[nodes.length - 1].data.length];
          };
          const range = document.createRange();
          range.setStart(...locate(at));
          range.setEnd(...locate(at + needle.length));
          const r = range.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }
        return null;
      },
      needle,
      occurrence,
    );
  }

  /** Hovers the mouse over `needle` in the active editor. */
  async hoverText(needle) {
    const r = await until(`"${needle}" on screen`, () => this.textRect(needle));
    await this.page.mouse.move(r.x + 2, r.y + r.height / 2);
    await this.page.mouse.move(r.x + Math.min(r.width / 2, 12), r.y + r.height / 2, { steps: 4 });
  }

  /** The rendered hover widget's text and links, when one is visible. */
  async hover() {
    return this.page.evaluate(() => {
      const hovers = [...document.querySelectorAll('.monaco-hover')].filter(
        (h) => h.offsetParent !== null && !h.classList.contains('hidden') && h.textContent.trim().length > 0,
      );
      if (hovers.length === 0) return null;
      const h = hovers[hovers.length - 1];
      return {
        text: h.textContent,
        links: [...h.querySelectorAll('a')].map((a) => ({
          text: a.textContent,
          href: a.getAttribute('data-href') || a.getAttribute('href') || '',
        })),
      };
    });
  }

  /** Code lenses on screen: { text, top, bottom }. */
  async lenses() {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('.editor-group-container.active .monaco-editor .codelens-decoration')].map((d) => {
        const r = d.getBoundingClientRect();
        return { text: d.textContent, top: r.top, bottom: r.bottom };
      }),
    );
  }

  async screenshot(file, clip) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // captureBeyondViewport would resize the page for the capture, and a
    // resize closes VS Code's hovers and menus.
    await this.page.screenshot({ path: file, captureBeyondViewport: false, ...(clip ? { clip } : {}) });
    return file;
  }

  /** Closes every editor without saving prompts (used between tests). */
  async reset() {
    await this.press('Escape');
    await this.press('Escape');
    await this.command('View: Close All Editors');
  }
}
