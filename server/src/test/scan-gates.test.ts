/**
 * The pre-filters of the whole-file scans (DP503's credential shapes, the secret words, DP401's AWS
 * host suffixes, DP403's variable name) never rule out a text their expression matches: checked
 * against the plain expressions on every fixture and sample, on texts generated from the patterns'
 * own pieces (in any case, with separators and base32/base64 runs), and on mutations of both.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { holdsAny, GatedPattern } from '../engine/model/text-scan';
import { credentialsIn } from '../engine/rules/lib/sensitive';
import { corpus } from './fixtures';
import { lcg, mutate } from './differential';
import { SCAN_CHECKS, ScanGateTally } from './scan-gates';

/** What the scans look for, whole: one of each credential shape, secret words, host suffixes, the FIPS variable. */
const WHOLE = [
  '-----BEGIN RSA PRIVATE KEY-----',
  '-----BEGIN PRIVATE KEY-----',
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  '-----BEGIN PGP PRIVATE KEY BLOCK-----',
  '-----END PRIVATE KEY-----',
  'PuTTY-User-Key-File-2:',
  'AKIAI44QH7DHBWQ3PZKA',
  'ASIAJ2QXQ6V2EXAMPLE7',
  'ABIAZZZZ2345672345AB',
  'ACCAQQQQRRRRSSSSTTTT',
  'aws_secret_access_key = ',
  'SecretAccessKey": "',
  'AWS_SECRET_ACCESS_KEY=',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz',
  'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz',
  '"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz"',
  'secretaccesskey:wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz',
  'AIzaSyA1234567890abcdefghijklmnopqrstuv',
  'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
  'github_pat_' + 'a1'.repeat(41),
  'glpat-abcdefghij0123456789',
  'xoxb-1234567890-abcdefghijkl',
  'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXX',
  'sk_live_' + 'abc123'.repeat(5),
  'npm_' + 'a1B2'.repeat(9),
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'private_key',
  'apikey',
  'access_key',
  'sqs.us-east-1.amazonaws.com',
  'api.aws',
  'amazonwebservices.com',
  'c2s.ic.gov',
  'sc2s.sgov.gov',
  'cloud.adc-e.uk',
  'AWS_USE_FIPS_ENDPOINT',
];
const SEPARATORS = [' ', '\n', '"', ':', '=', '_', '-', '.', '/', '@', '\\', '{', '}'];

function flipCase(s: string, rnd: (n: number) => number): string {
  const mode = rnd(4);
  if (mode === 0) return s;
  if (mode === 1) return s.toUpperCase();
  if (mode === 2) return s.toLowerCase();
  return [...s].map((c) => (rnd(2) ? c.toUpperCase() : c.toLowerCase())).join('');
}

/** A text of whole patterns, their prefixes and suffixes, case changes, separators and random runs. */
function generated(rnd: (n: number) => number): string {
  let text = '';
  for (let i = rnd(8) + 1; i > 0; i--) {
    const w = WHOLE[rnd(WHOLE.length)];
    const kind = rnd(6);
    const piece = kind === 0 ? w.slice(0, rnd(w.length + 1)) : kind === 1 ? w.slice(rnd(w.length + 1)) : kind === 2 ? flipCase(w, rnd) : w;
    text += piece + (rnd(2) ? SEPARATORS[rnd(SEPARATORS.length)] : '');
    if (rnd(4) === 0) for (let k = rnd(45); k > 0; k--) text += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcxyz/+'[rnd(40)];
  }
  return text;
}

test('holdsAny and GatedPattern: the literals are looked for, then the expression', () => {
  assert.equal(holdsAny('abc', ['x', 'b']), true);
  assert.equal(holdsAny('abc', ['x', 'B']), false);
  assert.equal(holdsAny('abc', []), false);
  const g = new GatedPattern(/AMAZONAWS\./i, ['.']);
  assert.equal(g.test('sqs.amazonaws.com'), true);
  assert.equal(g.test('amazonaws_com'), false); // no dot: ruled out
  assert.equal(g.test('a.b amazonaws'), false); // a dot, but no match
  assert.throws(() => new GatedPattern(/x/g, ['x']), /global or sticky/);
});

test('scan pre-filters never rule out a match: fixtures, samples, generated texts and mutations', () => {
  const tally = new ScanGateTally();
  const files = corpus();
  assert.ok(files.length > 100, `${files.length} fixtures and samples`);
  const rnd = lcg(7, 'high');
  const inserts = [...WHOLE.map((w) => w.slice(0, 6)), ...SEPARATORS, 'y', 'Y', 'K', 'IA', '_'];
  for (const f of files) {
    tally.check(f.path, f.text);
    for (let m = 0; m < 3; m++) {
      const mutated = mutate(f.text, rnd, inserts, 4);
      tally.check(`${f.path} (${mutated.what})`, mutated.text);
    }
  }
  for (let i = 0; i < 6000; i++) {
    const text = generated(rnd);
    tally.check(`generated ${i}`, text);
    const mutated = mutate(text, rnd, inserts, 4);
    tally.check(`generated ${i} (${mutated.what})`, mutated.text);
  }
  assert.deepEqual(tally.failures, []);
  if (process.env.SCAN_GATES_VERBOSE) console.log(tally.matched);
  // Every expression matched often enough for the check to mean something.
  for (const c of SCAN_CHECKS) assert.ok((tally.matched.get(c.name) ?? 0) >= 20, `${c.name}: matched ${tally.matched.get(c.name) ?? 0} texts`);
});

test('credentialsIn finds each shape in a text that holds nothing else the gates look for', () => {
  // Each credential alone (its gate is the only one that passes): found where it is.
  const shapes: [string, string][] = [
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', 'a private key'],
    ['PuTTY-User-Key-File-2: ssh-rsa\nPrivate-Lines: 14', 'a PuTTY private key'],
    ['AKIAI44QH7DHBWQ3PZKB', 'an AWS access key id'],
    ['SecretAccessKey: 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', 'an AWS secret access key'],
    ['AIzaSyA1234567890abcdefghijklmnopqrstuv', 'a Google API key'],
    ['ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'a GitHub token'],
    ['glpat-abcdefghij0123456789', 'a GitLab access token'],
    ['xoxb-1234567890-abcdefghijkl', 'a Slack token'],
    ['https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXX', 'a Slack webhook URL'],
    ['rk_live_' + 'abc123'.repeat(5), 'a Stripe live secret key'],
    ['npm_' + 'a1B2'.repeat(9), 'an npm access token'],
  ];
  for (const [shape, what] of shapes) {
    const text = `{"Statement": [{"Effect": "Allow"}], "x": "${shape.replace(/\n/g, '\\n')}"}`;
    assert.deepEqual(
      credentialsIn(text).map((h) => h.what),
      [what],
      shape,
    );
  }
});
