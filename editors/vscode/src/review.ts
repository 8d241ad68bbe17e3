// "Gloss: Review" — spaced repetition of the guide through the server's
// gloss.review.next / gloss.review.grade commands. The card is shown in a
// virtual markdown document (scheme `gloss-review`); a quick pick reveals
// the answer, a second one takes the grade. Pure helpers are exported for
// unit tests; `runReview` gets its VS Code calls injected.
import type * as vscode from 'vscode';

export const REVIEW_COMMAND = 'gloss.review';
export const REVIEW_SCHEME = 'gloss-review';
export const REVIEW_DOCUMENT = `${REVIEW_SCHEME}:/Gloss Review.md`;

export const GRADES = ['again', 'hard', 'good', 'easy'] as const;
export type Grade = (typeof GRADES)[number];

export interface ReviewCard {
  card: string;
  kind: string;
  front: string;
  back: string;
  source: { path: string; line: number; label: string; uri?: string };
  due: string | null;
  state: string;
}

/** A `gloss.review.next` result, or undefined for `null` / malformed. */
export function parseCard(raw: unknown): ReviewCard | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const c = raw as Record<string, unknown>;
  if (typeof c.card !== 'string' || typeof c.front !== 'string') return undefined;
  const src = (c.source && typeof c.source === 'object' ? c.source : {}) as Record<string, unknown>;
  return {
    card: c.card,
    kind: typeof c.kind === 'string' ? c.kind : '',
    front: c.front,
    back: typeof c.back === 'string' ? c.back : '',
    source: {
      path: typeof src.path === 'string' ? src.path : '',
      line: typeof src.line === 'number' ? src.line : 0,
      label: typeof src.label === 'string' ? src.label : '',
      uri: typeof src.uri === 'string' ? src.uri : undefined,
    },
    due: typeof c.due === 'string' ? c.due : null,
    state: typeof c.state === 'string' ? c.state : 'new',
  };
}

/** The virtual document's markdown: the front, and the back once revealed. */
export function cardMarkdown(card: ReviewCard, revealed: boolean): string {
  const head = `<!-- ${card.source.label} · ${card.kind} · ${card.state} -->`;
  const parts = [head, '', `## ${card.source.label}`, '', card.front.trim(), ''];
  if (revealed) parts.push('---', '', card.back.trim(), '');
  else parts.push('*(answer hidden: pick "Show answer")*', '');
  return parts.join('\n');
}

export interface ReviewPickItem extends vscode.QuickPickItem {
  action: 'reveal' | 'quit' | Grade;
}

export function revealItems(): ReviewPickItem[] {
  return [
    { label: '$(eye) Show answer', action: 'reveal' },
    { label: '$(close) Quit review', action: 'quit' },
  ];
}

export function gradeItems(): ReviewPickItem[] {
  const detail: Record<Grade, string> = {
    again: 'forgot it: see it again soon',
    hard: 'recalled with serious effort',
    good: 'recalled after a moment',
    easy: 'recalled instantly',
  };
  return [
    ...GRADES.map((g, i) => ({
      label: `${i + 1} ${g[0].toUpperCase()}${g.slice(1)}`,
      description: detail[g],
      action: g,
    })),
    { label: '$(close) Quit review', action: 'quit' as const },
  ];
}

export function nextParams(filter?: { kind?: string; part?: string }) {
  return { command: 'gloss.review.next', arguments: filter ? [filter] : [] };
}

export function gradeParams(card: string, grade: Grade) {
  return { command: 'gloss.review.grade', arguments: [{ card, grade }] };
}

/** What the review loop needs from VS Code and the language client. */
export interface ReviewUi {
  request(method: string, params: unknown): Promise<unknown>;
  /** Show (or refresh) the card document. */
  showCard(markdown: string): Promise<void>;
  pick(items: ReviewPickItem[], title: string, placeHolder: string): Promise<ReviewPickItem | undefined>;
  info(message: string): void;
  error(message: string): void;
}

function firstLine(s: string): string {
  const line = s.trim().split('\n')[0] ?? '';
  return line.length > 120 ? line.slice(0, 119) + '…' : line;
}

/** Runs a review session until nothing is due or the user quits; returns the number graded. */
export async function runReview(ui: ReviewUi, filter?: { kind?: string; part?: string }): Promise<number> {
  let reviewed = 0;
  for (;;) {
    let raw: unknown;
    try {
      raw = await ui.request('workspace/executeCommand', nextParams(filter));
    } catch (err) {
      ui.error(`Gloss: review failed: ${err instanceof Error ? err.message : String(err)}`);
      return reviewed;
    }
    const card = parseCard(raw);
    if (!card) {
      let summary = '';
      try {
        const st = (await ui.request('workspace/executeCommand', { command: 'gloss.review.stats', arguments: [] })) as
          | Record<string, unknown>
          | undefined;
        if (st) summary = ` ${String(st.new_today ?? 0)} new cards left today, ${String(st.reviews_today ?? 0)} reviews today.`;
      } catch {
        // the summary is optional
      }
      ui.info(`Gloss: nothing due.${summary} Reviewed ${reviewed} this session.`);
      return reviewed;
    }
    const title = `Gloss Review · ${card.source.label} · ${card.kind}`;
    await ui.showCard(cardMarkdown(card, false));
    const reveal = await ui.pick(revealItems(), title, firstLine(card.front));
    if (!reveal || reveal.action === 'quit') return reviewed;
    await ui.showCard(cardMarkdown(card, true));
    const grade = await ui.pick(gradeItems(), title, 'How well did you recall it? (type 1–4)');
    if (!grade || grade.action === 'quit' || grade.action === 'reveal') return reviewed;
    try {
      await ui.request('workspace/executeCommand', gradeParams(card.card, grade.action));
    } catch (err) {
      ui.error(`Gloss: grading failed: ${err instanceof Error ? err.message : String(err)}`);
      return reviewed;
    }
    reviewed++;
  }
}
