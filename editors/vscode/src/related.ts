// `gloss.related` (guide items related to the note section at a line) and
// `gloss.openRelated` (the command behind each "Related: …" lens entry).
// Pure logic: no `vscode` import. Results have the `gloss.search` shape.

export const RELATED_COMMAND = 'gloss.related';
export const OPEN_RELATED_COMMAND = 'gloss.openRelated';

/** `workspace/executeCommand` params: the note and a 0-based line. */
export function relatedParams(
  uri: string,
  line: number,
  limit?: number,
): { command: string; arguments: [{ uri: string; line: number; limit?: number }] } {
  const arg: { uri: string; line: number; limit?: number } = { uri, line: Math.max(0, Math.floor(line)) };
  if (limit !== undefined) arg.limit = limit;
  return { command: RELATED_COMMAND, arguments: [arg] };
}

export interface OpenRelated {
  uri: string;
  line: number;
}

/** Reads a lens entry's arguments `[uri, line]`; `undefined` for other shapes. */
export function parseOpenRelated(args: unknown[] | undefined): OpenRelated | undefined {
  if (!Array.isArray(args) || args.length < 2) return undefined;
  const [uri, line] = args;
  if (typeof uri !== 'string' || uri.length === 0 || typeof line !== 'number' || line < 0) return undefined;
  return { uri, line };
}
