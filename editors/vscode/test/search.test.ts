import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { hitToQuickPickItem, oneLine, parseSearchResult, searchItems, searchParams } from '../src/search';

const hit = {
  title: 'Why do LSM trees have write amplification?',
  kind: 'question',
  label: '§4.16 Q5',
  uri: 'file:///ws/guides/STORAGE_ENGINES.md',
  range: { start: { line: 120, character: 0 }, end: { line: 120, character: 48 } },
  line: 121,
  score: 12.5,
  snippet: 'Compaction rewrites\n  data   several times…',
};

test('searchParams builds the gloss.search executeCommand params', () => {
  assert.deepEqual(searchParams('  compaction '), { command: 'gloss.search', arguments: [{ query: 'compaction' }] });
  assert.deepEqual(searchParams('wal', { kind: 'term', limit: 5 }), {
    command: 'gloss.search',
    arguments: [{ query: 'wal', kind: 'term', limit: 5 }],
  });
  assert.deepEqual(searchParams('wal', { kind: 'any' }).arguments[0], { query: 'wal' });
});

test('hit → QuickPick item: label=title, description=label · kind, detail=snippet', () => {
  const item = hitToQuickPickItem(parseSearchResult([hit])[0]);
  assert.equal(item.label, hit.title);
  assert.equal(item.description, '§4.16 Q5 · question');
  assert.equal(item.detail, 'Compaction rewrites data several times…');
  assert.deepEqual(item.hit.range, hit.range);
  assert.equal(item.hit.uri, hit.uri);
});

test('order is preserved, malformed entries dropped', () => {
  const second = { ...hit, title: 'B', score: 1 };
  const items = searchItems([hit, null, { title: 'no uri' }, { ...hit, range: undefined, line: undefined }, second]);
  assert.deepEqual(
    items.map((i) => i.label),
    [hit.title, 'B'],
  );
  assert.deepEqual(searchItems(null), []);
  assert.deepEqual(searchItems({ not: 'an array' }), []);
});

test('missing range falls back to the 1-based line', () => {
  const [h] = parseSearchResult([{ ...hit, range: undefined, line: 10 }]);
  assert.deepEqual(h.range, { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } });
});

test('empty title and snippet fall back sensibly', () => {
  const item = hitToQuickPickItem(parseSearchResult([{ ...hit, title: '', snippet: '', kind: '' }])[0]);
  assert.equal(item.label, '§4.16 Q5');
  assert.equal(item.description, '§4.16 Q5');
  assert.equal(item.detail, undefined);
});

test('oneLine truncates long snippets', () => {
  const s = oneLine('x '.repeat(200), 20);
  assert.equal(s.length, 20);
  assert.ok(s.endsWith('…'));
});
