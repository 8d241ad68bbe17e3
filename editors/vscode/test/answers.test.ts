import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseShowAnswers } from '../src/answers';

const loc = (uri: string, line: number) => ({
  uri,
  range: { start: { line, character: 0 }, end: { line, character: 0 } },
});

test('parseShowAnswers reads the code lens arguments', () => {
  const parsed = parseShowAnswers(['file:///ws/guides/G.md', 40, [loc('file:///ws/drafts/a.md', 2), loc('file:///ws/drafts/b.md', 7)]]);
  assert.deepEqual(parsed, {
    guideUri: 'file:///ws/guides/G.md',
    line: 40,
    locations: [
      { uri: 'file:///ws/drafts/a.md', line: 2, character: 0 },
      { uri: 'file:///ws/drafts/b.md', line: 7, character: 0 },
    ],
  });
});

test('parseShowAnswers rejects other shapes', () => {
  assert.equal(parseShowAnswers(undefined), undefined);
  assert.equal(parseShowAnswers([]), undefined);
  assert.equal(parseShowAnswers(['file:///g.md', '40', []]), undefined);
  assert.equal(parseShowAnswers(['file:///g.md', 40, [{ uri: 3 }]]), undefined);
  assert.equal(parseShowAnswers(['file:///g.md', 40, [{ uri: 'file:///d.md' }]]), undefined);
});
