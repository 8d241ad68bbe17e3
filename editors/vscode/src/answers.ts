// `gloss.showAnswers`, the command behind a guide's "N drafts answer this"
// code lens: arguments `[guide uri, heading line, locations]`.
// Pure logic: no `vscode` import.

export const SHOW_ANSWERS_COMMAND = 'gloss.showAnswers';

export interface AnswerLocation {
  uri: string;
  line: number;
  character: number;
}

export interface ShowAnswers {
  guideUri: string;
  line: number;
  locations: AnswerLocation[];
}

/** Reads the lens arguments; `undefined` when they are not that shape. */
export function parseShowAnswers(args: unknown[] | undefined): ShowAnswers | undefined {
  if (!Array.isArray(args) || args.length < 3) return undefined;
  const [guideUri, line, locations] = args;
  if (typeof guideUri !== 'string' || typeof line !== 'number' || !Array.isArray(locations)) return undefined;
  const out: AnswerLocation[] = [];
  for (const l of locations) {
    const start = (l as { range?: { start?: { line?: unknown; character?: unknown } } })?.range?.start;
    const uri = (l as { uri?: unknown })?.uri;
    if (typeof uri !== 'string' || typeof start?.line !== 'number') return undefined;
    out.push({ uri, line: start.line, character: typeof start.character === 'number' ? start.character : 0 });
  }
  return { guideUri, line, locations: out };
}
