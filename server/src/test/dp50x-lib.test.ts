/** The detectors behind DP501/DP502: lookalikes, masking, and long hostile strings (results, not timings). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskEmail, sensitiveIn, urlCredentials } from '../engine/rules/lib/sensitive';

const whats = (s: string) => sensitiveIn(s).map((h) => `${h.what} ${s.slice(h.start, h.end)}`);

test('each detector finds its shape and nothing else', () => {
  assert.deepEqual(whats('owner jane.doe@example.com'), ['an e-mail address jane.doe@example.com']);
  assert.deepEqual(whats('AKIAIOSFODNN7EXAMPLE'), ['an AWS access key id AKIAIOSFODNN7EXAMPLE']);
  assert.deepEqual(whats('card 5500-0000-0000-0004'), ['a payment card number 5500-0000-0000-0004']);
  assert.deepEqual(whats('card 5500-0000 0000-0004'), []); // mixed separators
  assert.deepEqual(whats('378282246310005'), ['a payment card number 378282246310005']);
  assert.deepEqual(whats('000-12-3456 666-12-3456 123-00-4567 123-45-0000'), []);
  assert.deepEqual(whats('DE89 3704 0044 0532 0130 00'), ['an IBAN DE89 3704 0044 0532 0130 00']);
  assert.deepEqual(whats('DE89370400440532013001'), []); // wrong check digits
  assert.deepEqual(whats('bucket-111122223333'), ['an AWS account number 111122223333']);
  assert.deepEqual(whats('arn:aws:s3:::bucket-111122223333'), []);
  assert.deepEqual(whats('1111222233334 v111122223333'), []);
});

test('masks never hold the whole value', () => {
  for (const h of sensitiveIn('jane.doe@example.com AKIAIOSFODNN7EXAMPLE 4111111111111111 123-45-6789 GB82WEST12345698765432 x-111122223333')) {
    assert.ok(!h.masked.includes('jane.doe') && !h.masked.includes('IOSFODNN') && !h.masked.includes('11111111') && !h.masked.includes('45-67') && !h.masked.includes('WEST1') && !h.masked.includes('11222233'), h.masked);
  }
  assert.equal(maskEmail('a@b.co'), 'a***@b***.co');
});

test('URLs: the authority ends at the first / ? or #', () => {
  const pw = (s: string) => urlCredentials(s).map((c) => s.slice(c.start, c.end));
  assert.deepEqual(pw('https://u:p4ss@h.example.com/x'), ['p4ss']);
  assert.deepEqual(pw('see https://a:b@h1 and ftp://c:d@h2'), ['b', 'd']);
  assert.deepEqual(pw('https://h/p?q=u:p@h#u:p@h'), []);
  assert.deepEqual(pw('https://u@h:8443/'), []);
  assert.deepEqual(pw('ssh://git@github.com:org/repo.git'), []);
  assert.deepEqual(pw('https://${var.u}:${var.p}@h/'), []);
  assert.deepEqual(pw('https://u:{{resolve:secretsmanager:s:SecretString:p}}@h/'), []);
});

test('long hostile strings give the right answer', () => {
  const n = 50_000;
  assert.deepEqual(sensitiveIn('a'.repeat(n) + '@'), []);
  assert.deepEqual(sensitiveIn('1'.repeat(n)), []);
  assert.deepEqual(sensitiveIn('1 '.repeat(n)), []);
  assert.deepEqual(sensitiveIn('AKIA'.repeat(n)), []);
  assert.deepEqual(sensitiveIn('GB82 '.repeat(n)), []);
  assert.deepEqual(sensitiveIn('a@b.'.repeat(n)), []); // a one-letter top-level domain is no address
  assert.equal(sensitiveIn('x@ab.cd '.repeat(n)).length, 20); // at most 20 findings per value
  assert.deepEqual(urlCredentials('https://'.repeat(n) + '@'), []);
  assert.deepEqual(urlCredentials('x://' + '{'.repeat(n) + 'a:b@h'), []);
  assert.deepEqual(urlCredentials('x://a:' + ':'.repeat(n) + '@h').length, 1);
});
