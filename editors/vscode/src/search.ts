// `gloss.search` request building and result → QuickPick mapping.
// Pure logic: no `vscode` import.

export type SearchKind = 'any' | 'question' | 'section' | 'term';

export const SEARCH_COMMAND = 'gloss.search';

export interface LspPosition {
  line: number;
  character: number;
}

export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

/** One hit of `gloss.search` (see the server contract). */
export interface SearchHit {
  title: string;
  kind: string;
  label: string;
  uri: string;
  range: LspRange;
  line: number;
  score: number;
  snippet: string;
}

export interface SearchItem {
  label: string;
  description: string;
  detail?: string;
  hit: SearchHit;
}

export interface SearchOptions {
  kind?: SearchKind;
  limit?: number;
}

/** `workspace/executeCommand` params for a search. */
export function searchParams(query: string, options: SearchOptions = {}): {
  command: string;
  arguments: [{ query: string; kind?: SearchKind; limit?: number }];
} {
  const arg: { query: string; kind?: SearchKind; limit?: number } = { query: query.trim() };
  if (options.kind && options.kind !== 'any') arg.kind = options.kind;
  if (options.limit !== undefined) arg.limit = options.limit;
  return { command: SEARCH_COMMAND, arguments: [arg] };
}

function isPosition(v: unknown): v is LspPosition {
  const o = v as LspPosition;
  return !!o && typeof o.line === 'number' && typeof o.character === 'number';
}

function toRange(v: unknown, line: unknown): LspRange | undefined {
  const r = v as LspRange;
  if (r && isPosition(r.start) && isPosition(r.end)) return { start: { ...r.start }, end: { ...r.end } };
  if (typeof line === 'number' && line >= 1) {
    return { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 0 } };
  }
  return undefined;
}

/**
 * Validate the raw `gloss.search` result. Entries without a uri or position
 * are dropped; missing text fields become ''. Order is preserved (best first).
 */
export function parseSearchResult(raw: unknown): SearchHit[] {
  if (!Array.isArray(raw)) return [];
  const hits: SearchHit[] = [];
  for (const entry of raw) {
    if (!entry || typeof entry !== 'object') continue;
    const e = entry as Record<string, unknown>;
    if (typeof e.uri !== 'string' || e.uri.length === 0) continue;
    const range = toRange(e.range, e.line);
    if (!range) continue;
    hits.push({
      title: typeof e.title === 'string' ? e.title : '',
      kind: typeof e.kind === 'string' ? e.kind : '',
      label: typeof e.label === 'string' ? e.label : '',
      uri: e.uri,
      range,
      line: typeof e.line === 'number' ? e.line : range.start.line + 1,
      score: typeof e.score === 'number' ? e.score : 0,
      snippet: typeof e.snippet === 'string' ? e.snippet : '',
    });
  }
  return hits;
}

/** Collapse whitespace and cut to `max` characters (with an ellipsis). */
export function oneLine(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  return flat.slice(0, max - 1).trimEnd() + '…';
}

/** QuickPick item: label = title, description = label · kind, detail = snippet. */
export function hitToQuickPickItem(hit: SearchHit): SearchItem {
  const title = hit.title.trim() || hit.label || hit.uri;
  const description = [hit.label, hit.kind].filter((s) => s && s.length > 0).join(' · ');
  const item: SearchItem = { label: title, description, hit };
  const snippet = oneLine(hit.snippet);
  if (snippet.length > 0) item.detail = snippet;
  return item;
}

export function searchItems(raw: unknown): SearchItem[] {
  return parseSearchResult(raw).map(hitToQuickPickItem);
}
