import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { OPEN_RELATED_COMMAND, RELATED_COMMAND, parseOpenRelated, relatedParams } from '../src/related';

test('relatedParams builds the gloss.related executeCommand params', () => {
  assert.equal(RELATED_COMMAND, 'gloss.related');
  assert.deepEqual(relatedParams('file:///ws/notes/a.md', 4), {
    command: 'gloss.related',
    arguments: [{ uri: 'file:///ws/notes/a.md', line: 4 }],
  });
  assert.deepEqual(relatedParams('file:///n.md', -3, 5).arguments[0], { uri: 'file:///n.md', line: 0, limit: 5 });
});

test('lens entry arguments are [uri, line]; other shapes are refused', () => {
  assert.equal(OPEN_RELATED_COMMAND, 'gloss.openRelated');
  assert.deepEqual(parseOpenRelated(['file:///g.md', 971]), { uri: 'file:///g.md', line: 971 });
  assert.equal(parseOpenRelated(undefined), undefined);
  assert.equal(parseOpenRelated(['file:///g.md']), undefined);
  assert.equal(parseOpenRelated([3, 4]), undefined);
  assert.equal(parseOpenRelated(['', 4]), undefined);
  assert.equal(parseOpenRelated(['file:///g.md', -1]), undefined);
});
