import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { classifyConfigChange, didChangeConfigurationParams, initializationOptions } from '../src/config';

const reader = (values: Record<string, unknown>) => ({ get: <T>(k: string) => values[k] as T | undefined });

test('settings become initializationOptions with gloss.toml key names', () => {
  assert.deepEqual(initializationOptions(reader({ guides: ['guides/*.md'], drafts: ['drafts/**/*.md'] })), {
    guides: ['guides/*.md'],
    drafts: ['drafts/**/*.md'],
  });
});

test('empty or unset arrays are omitted so gloss.toml applies', () => {
  assert.deepEqual(initializationOptions(reader({})), {});
  assert.deepEqual(initializationOptions(reader({ guides: [], drafts: ['  '] })), {});
});

test('junk values are ignored, strings trimmed', () => {
  assert.deepEqual(initializationOptions(reader({ guides: 'x.md', drafts: [' d/*.md ', 3, null] })), {
    drafts: ['d/*.md'],
  });
});

test('didChangeConfiguration payload is {settings: {gloss: {...}}}', () => {
  assert.deepEqual(didChangeConfigurationParams(reader({ guides: ['g.md'] })), { settings: { gloss: { guides: ['g.md'] } } });
  assert.deepEqual(didChangeConfigurationParams(reader({})), { settings: { gloss: {} } });
});

test('config changes: server path restarts, globs notify, others ignored', () => {
  const affects = (keys: string[]) => (s: string) => keys.some((k) => k === s || k.startsWith(s + '.'));
  assert.equal(classifyConfigChange(affects(['gloss.server.path'])), 'restart');
  assert.equal(classifyConfigChange(affects(['gloss.guides'])), 'notify');
  assert.equal(classifyConfigChange(affects(['gloss.drafts'])), 'notify');
  assert.equal(classifyConfigChange(affects(['gloss.trace.server'])), 'none');
  assert.equal(classifyConfigChange(affects(['editor.fontSize'])), 'none');
});

test('gloss.model is sent as `model` when set, and a change notifies the server', () => {
  assert.deepEqual(initializationOptions(reader({ model: ' /models/bge-small ' })), { model: '/models/bge-small' });
  assert.deepEqual(initializationOptions(reader({ model: '  ' })), {});
  assert.deepEqual(initializationOptions(reader({ model: 3 })), {});
  const affects = (keys: string[]) => (s: string) => keys.some((k) => k === s || k.startsWith(s + '.'));
  assert.equal(classifyConfigChange(affects(['gloss.model'])), 'notify');
});
