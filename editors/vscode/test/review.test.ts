// "Gloss: Review": the pure helpers, the review loop with a fake UI, and the
// registered command driven through the mocked vscode + languageclient.
import { afterEach, beforeEach, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mock, Uri } from './mocks/vscode';
import { clientMock } from './mocks/languageclient';
import * as ext from '../src/extension';
import {
  REVIEW_COMMAND,
  ReviewPickItem,
  ReviewUi,
  cardMarkdown,
  gradeItems,
  gradeParams,
  nextParams,
  parseCard,
  revealItems,
  runReview,
} from '../src/review';

const card = {
  card: 'q-0a1b2c3d4e',
  kind: 'question',
  front: 'Why does a database write to the WAL first?',
  back: 'So a crash can be replayed from the log.',
  source: { path: '/ws/guides/G.md', line: 104, label: '§1.5 Q2', uri: 'file:///ws/guides/G.md' },
  due: null,
  state: 'new',
};

test('parseCard accepts the server shape and rejects null and junk', () => {
  assert.deepEqual(parseCard(card), card);
  assert.equal(parseCard(null), undefined);
  assert.equal(parseCard({ card: 3 }), undefined);
  assert.equal(parseCard({ card: 'x', front: 'f' })?.state, 'new');
});

test('the card document hides the back until revealed', () => {
  const front = cardMarkdown(card, false);
  assert.match(front, /write to the WAL first\?/);
  assert.doesNotMatch(front, /replayed from the log/);
  assert.match(cardMarkdown(card, true), /replayed from the log/);
});

test('grade items are 1–4 then quit; params match the server commands', () => {
  assert.deepEqual(
    gradeItems().map((i) => [i.label, i.action]),
    [
      ['1 Again', 'again'],
      ['2 Hard', 'hard'],
      ['3 Good', 'good'],
      ['4 Easy', 'easy'],
      ['$(close) Quit review', 'quit'],
    ],
  );
  assert.equal(revealItems()[0].action, 'reveal');
  assert.deepEqual(nextParams(), { command: 'gloss.review.next', arguments: [] });
  assert.deepEqual(gradeParams('q-1', 'good'), { command: 'gloss.review.grade', arguments: [{ card: 'q-1', grade: 'good' }] });
});

function fakeUi(cards: unknown[], picks: ((items: ReviewPickItem[]) => ReviewPickItem | undefined)[]) {
  const calls = { requests: [] as { method: string; params: any }[], shown: [] as string[], infos: [] as string[], errors: [] as string[] };
  const ui: ReviewUi = {
    async request(method, params: any) {
      calls.requests.push({ method, params });
      if (params.command === 'gloss.review.next') return cards.shift() ?? null;
      if (params.command === 'gloss.review.stats') return { new_today: 3, reviews_today: 1 };
      return { card: params.arguments[0].card };
    },
    async showCard(md) {
      calls.shown.push(md);
    },
    async pick(items) {
      const p = picks.shift();
      return p ? p(items) : undefined;
    },
    info: (m) => calls.infos.push(m),
    error: (m) => calls.errors.push(m),
  };
  return { ui, calls };
}

const choose = (action: string) => (items: ReviewPickItem[]) => items.find((i) => i.action === action);

test('runReview: reveal, grade, next until nothing is due', async () => {
  const second = { ...card, card: 'f-99', kind: 'flash' };
  const { ui, calls } = fakeUi([card, second], [choose('reveal'), choose('good'), choose('reveal'), choose('again')]);
  assert.equal(await runReview(ui), 2);
  const grades = calls.requests.filter((r) => r.params.command === 'gloss.review.grade').map((r) => r.params.arguments[0]);
  assert.deepEqual(grades, [
    { card: card.card, grade: 'good' },
    { card: 'f-99', grade: 'again' },
  ]);
  assert.equal(calls.shown.length, 4);
  assert.match(calls.infos[0], /nothing due.*3 new cards left today.*Reviewed 2/);
});

test('runReview: quitting or escaping records nothing', async () => {
  for (const picks of [[choose('quit')], [() => undefined], [choose('reveal'), () => undefined]]) {
    const { ui, calls } = fakeUi([card], picks);
    assert.equal(await runReview(ui), 0);
    assert.equal(calls.requests.filter((r) => r.params.command === 'gloss.review.grade').length, 0);
  }
});

let extDir: string;
let savedPath: string | undefined;

beforeEach(() => {
  mock.reset();
  clientMock.reset();
  extDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-vscode-review-'));
  savedPath = process.env.PATH;
  const bin = path.join(extDir, 'bin', 'gloss');
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  fs.writeFileSync(bin, '#!/bin/sh\n');
  fs.chmodSync(bin, 0o755);
  process.env.PATH = path.join(extDir, 'bin');
});

afterEach(async () => {
  await ext.deactivate();
  process.env.PATH = savedPath;
  fs.rmSync(extDir, { recursive: true, force: true });
});

test('the gloss.review command shows the card document and grades through the server', async () => {
  await ext.activate({ subscriptions: [], extensionPath: extDir, extensionUri: Uri.file(extDir) } as any);
  const queue: unknown[] = [card];
  clientMock.onRequest = (_method, params) => {
    if (params.command === 'gloss.review.next') return queue.shift() ?? null;
    if (params.command === 'gloss.review.stats') return { new_today: 0, reviews_today: 1 };
    return { card: card.card, state: 'learning' };
  };
  const documents: string[] = [];
  mock.quickPick = (items: any[], options: any) => {
    documents.push(mock.shown.length ? mock.shown[0].document.getText() : '');
    assert.match(options.title, /§1\.5 Q2/);
    return items.find((i) => i.action === (items.some((x) => x.action === 'reveal') ? 'reveal' : 'easy'));
  };
  const n = await mock.commands.get(REVIEW_COMMAND)!();
  assert.equal(n, 1);
  assert.equal(mock.shown[0].document.uri.scheme, 'gloss-review');
  assert.doesNotMatch(documents[0], /replayed from the log/);
  assert.match(documents[1], /replayed from the log/);
  const lc = ext.currentClient() as any;
  const sent = lc.requests.map((r: any) => r.params.command);
  assert.deepEqual(sent, ['gloss.review.next', 'gloss.review.grade', 'gloss.review.next', 'gloss.review.stats']);
  assert.deepEqual(lc.requests[1].params.arguments, [{ card: card.card, grade: 'easy' }]);
  assert.match(mock.infos[0], /nothing due/);
});
