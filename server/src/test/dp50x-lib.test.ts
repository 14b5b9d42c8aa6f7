/** The detectors behind DP501/DP502: lookalikes, masking, and long hostile strings (results, not timings). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig, resolveConfig } from '../engine/config';
import { secretKeys } from '../engine/data/settings';
import { SECRET_WORDS } from '../engine/model/settings';
import { compilePatterns, parseSensitivePatterns } from '../engine/rules/lib/patterns';
import { credentialsIn, maskEmail, SensitiveNeeds, sensitiveIn, urlCredentials } from '../engine/rules/lib/sensitive';

const whats = (s: string) => sensitiveIn(s).map((h) => `${h.what} ${s.slice(h.start, h.end)}`);

test('each detector finds its shape and nothing else', () => {
  assert.deepEqual(whats('owner jane.doe@corp.com'), ['an e-mail address jane.doe@corp.com']);
  assert.deepEqual(whats('AKIAI44QH7DHBWQ3PZKA'), []); // a credential: DP503's (credentialsIn)
  assert.deepEqual(whats('card 5500-0000-0000-0004'), ['a payment card number 5500-0000-0000-0004']);
  assert.deepEqual(whats('card 5500-0000 0000-0004'), []); // mixed separators
  assert.deepEqual(whats('378282246310005'), ['a payment card number 378282246310005']);
  assert.deepEqual(whats('000-12-3456 666-12-3456 123-00-4567 123-45-0000'), []);
  assert.deepEqual(whats('DE89 3704 0044 0532 0130 00'), ['an IBAN DE89 3704 0044 0532 0130 00']);
  assert.deepEqual(whats('DE89370400440532013001'), []); // wrong check digits
  assert.deepEqual(whats('bucket-111122223333'), ['an AWS account number 111122223333']);
  assert.deepEqual(whats('arn:aws:s3:::bucket-111122223333'), []);
  assert.deepEqual(whats('1111222233334 v111122223333'), []);
  assert.deepEqual(whats('build-202401311200'), []); // yyyyMMddHHmm
  assert.deepEqual(whats('build-209913311200'), ['an AWS account number 209913311200']); // month 13: no time stamp
  assert.deepEqual(whats('call +44 20 7946 0958 now'), ['a phone number +44 20 7946 0958']);
  assert.deepEqual(whats('+1 (202) 555-0143'), []); // mixed separators
  assert.deepEqual(whats('+1-202-555-0143.'), ['a phone number +1-202-555-0143']);
  assert.deepEqual(whats('v1.2.3+20240131 +12345678 +0 123 456'), []);
  assert.deepEqual(whats('jane@example.com ops@sub.example.org x@ci.test y@mail.invalid z@host.localhost w@docs.example'), []);
  assert.deepEqual(whats('jane@example.com.evil.io'), ['an e-mail address jane@example.com.evil.io']);
  assert.deepEqual(whats('k Zt6Hdv/EolIbS2UTxbLplGpukOdaGmlq9MtAg1Xv'), ['a string shaped like an AWS secret access key Zt6Hdv/EolIbS2UTxbLplGpukOdaGmlq9MtAg1Xv']);
  assert.deepEqual(whats('da39a3ee5e6b4b0d3255bfef95601890afd80709 DA39A3EE5E6B4B0D3255BFEF95601890AFD80709'), []); // SHA-1, one case
  assert.deepEqual(whats('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'), []); // AWS documentation key
  assert.deepEqual(whats('Zt6Hdv/EolIbS2UTxbLplGpukOdaGmlq9MtAg1Xv1'), []); // 41 characters
});

test('credential material anywhere: shapes, examples, lookalikes', () => {
  const found = (s: string) => credentialsIn(s).map((h) => `${h.what} ${s.slice(h.start, h.end).split('\n')[0]}`);
  assert.deepEqual(found('export AWS_ACCESS_KEY_ID=AKIAI44QH7DHBWQ3PZKA'), ['an AWS access key id AKIAI44QH7DHBWQ3PZKA']);
  assert.deepEqual(found('ASIAI44QH7DHBWQ3PZKA ABIAI44QH7DHBWQ3PZKA ACCAIOSFODNN7EXAMAAA').length, 3);
  assert.deepEqual(found('AKIAIOSFODNN7EXAMPLE AKIAI44QH8DHBEXAMPLE'), []); // AWS documentation key ids
  assert.deepEqual(found('AKIA1234567890123456 xAKIAI44QH7DHBWQ3PZKA AKIAI44QH7DHBWQ3PZKAx'), []); // not base32, glued
  assert.deepEqual(found('export AWS_SECRET_ACCESS_KEY=ZH6HDV/EolIbS2UTxbLplGpukOdaGmlq9MtAg1Xv'), ['an AWS secret access key ZH6HDV/EolIbS2UTxbLplGpukOdaGmlq9MtAg1Xv']);
  assert.deepEqual(found('aws_secret_access_key = "ZH6HDV/EolIbS2UTxbLplGpukOdaGmlq9MtAg1Xv"').length, 1);
  assert.deepEqual(found('AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'), []);
  assert.deepEqual(found('secret = ZH6HDV/EolIbS2UTxbLplGpukOdaGmlq9MtAg1Xv'), []); // a 40-character string without its name
  assert.deepEqual(found('x\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----\n'), ['a private key -----BEGIN OPENSSH PRIVATE KEY-----']);
  assert.deepEqual(found('-----BEGIN ENCRYPTED PRIVATE KEY-----'), ['a private key -----BEGIN ENCRYPTED PRIVATE KEY-----']);
  assert.deepEqual(found('-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----'), []);
  assert.deepEqual(found('-----BEGIN CERTIFICATE-----'), []);
  assert.deepEqual(found('PuTTY-User-Key-File-2: ssh-rsa\nPublic-Lines: 1\nAAAA\nPrivate-Lines: 1\nAAAA'), ['a PuTTY private key PuTTY-User-Key-File-2: ssh-rsa']);
  assert.deepEqual(found('PuTTY-User-Key-File-2: ssh-rsa\nPublic-Lines: 1'), []); // no private part
  assert.deepEqual(found('key AIzaSyD4BPAvDHL4CiRcFORdoUCpqwVuVz1F9r8'), ['a Google API key AIzaSyD4BPAvDHL4CiRcFORdoUCpqwVuVz1F9r8']);
  assert.deepEqual(found('ghp_' + 'a1B2'.repeat(9)), ['a GitHub token ghp_' + 'a1B2'.repeat(9)]);
  assert.deepEqual(found('ghp_short glpat-tooshort xoxb-123 sk_test_' + 'a'.repeat(24)), []);
  assert.deepEqual(found('https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX').length, 1);
  assert.deepEqual(found('https://hooks.slack.com/services/'), []);
});

test('user patterns: RE2, validated, linear', () => {
  const [p] = compilePatterns([{ name: 'an employee id', pattern: 'EMP-[0-9]{6}' }]);
  assert.deepEqual(sensitiveIn('team EMP-123456 and EMP-654321', [p]).map((h) => [h.what, h.masked]), [
    ['an employee id', 'EM********'],
    ['an employee id', 'EM********'],
  ]);
  assert.throws(() => parseSensitivePatterns([{ name: 'x', pattern: '(a)\\1' }]), /\[0\] \(x\): not a valid RE2 pattern/);
  assert.throws(() => parseSensitivePatterns([{ name: 'x', pattern: '(?=a)b' }]), /not a valid RE2 pattern/);
  assert.throws(() => parseSensitivePatterns([{ name: 'x', pattern: 'a*' }]), /matches the empty string/);
  assert.throws(() => parseSensitivePatterns([{ name: 'x', pattern: 'a', flags: 'i' }]), /unknown key "flags"/);
  assert.throws(() => parseSensitivePatterns({ name: 'x' }), /must be a list/);
  assert.throws(() => parseSensitivePatterns([{ name: '', pattern: 'a' }]), /needs a name/);
  // A pattern that backtracks exponentially in a backtracking engine answers on RE2.
  const [evil] = compilePatterns([{ name: 'evil', pattern: '(a+)+$' }]);
  assert.deepEqual(sensitiveIn('a'.repeat(20_000) + '!', [evil]), []);
  assert.deepEqual(compilePatterns([{ name: 'bad', pattern: '(' }]), []); // refused patterns are left out
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
  const tok = 'ghp_' + 'a1B2'.repeat(9);
  assert.deepEqual(urlCredentials(`https://${tok}@github.com/org/repo.git`).map((c) => [c.kind, c.password]), [['token', tok]]);
  assert.deepEqual(urlCredentials('https://deploy@github.com/org/repo.git'), []); // a user name, no password
  assert.deepEqual(urlCredentials('https://' + 'f'.repeat(40) + '@github.com/o/r').map((c) => c.kind), ['token']);
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
  assert.deepEqual(sensitiveIn('+1 '.repeat(n)), []);
  assert.deepEqual(sensitiveIn('+1('.repeat(n)), []);
  assert.deepEqual(sensitiveIn(('+1' + '2'.repeat(49) + ' ').repeat(n / 50)), []); // digits split into groups backtracked exponentially once
  assert.deepEqual(sensitiveIn('+44 20 7946 09581'), []); // a digit more than the number
  assert.deepEqual(sensitiveIn('aB1/'.repeat(n)), []);
  assert.deepEqual(credentialsIn('-----BEGIN PRIVATE KEY-----'.repeat(n)).length, 20);
  assert.deepEqual(credentialsIn('PuTTY-User-Key-File-2:'.repeat(n)), []);
  assert.deepEqual(credentialsIn('aws_secret_access_key='.repeat(n)), []);
  assert.deepEqual(credentialsIn('AKIA'.repeat(n) + 'ghp_'.repeat(n) + 'xoxb-1234567890-'.repeat(n)), []);
});

test('.awsdp.yaml sensitiveData.patterns and the editor setting', () => {
  const cfg = parseConfig('sensitiveData:\n  patterns:\n    - {name: an employee id, pattern: "EMP-[0-9]{6}"}\n');
  assert.deepEqual(cfg.sensitiveData, { patterns: [{ name: 'an employee id', pattern: 'EMP-[0-9]{6}' }] });
  assert.throws(() => parseConfig('sensitiveData:\n  patterns:\n    - {name: bad, pattern: "(a)\\\\1"}\n'), /\.awsdp\.yaml: sensitiveData\.patterns\[0\] \(bad\): not a valid RE2 pattern/);
  assert.throws(() => parseConfig('sensitiveData:\n  pattern: []\n'), /unknown key "sensitiveData\.pattern"/);
  assert.throws(() => parseConfig('sensitiveData: [a]\n'), /"sensitiveData" must be a mapping/);
  // The editor setting adds its valid entries to the file's; an invalid one is left out.
  const merged = resolveConfig({ file: cfg, sensitivePatterns: [{ name: 'a customer number', pattern: 'CUST[0-9]{8}' }, { name: 'bad', pattern: '(' }] }, []);
  assert.deepEqual(merged.sensitiveData?.patterns.map((p) => p.name), ['an employee id', 'a customer number']);
  assert.deepEqual(resolveConfig({ file: cfg }, []).sensitiveData, cfg.sensitiveData);
});

test('every key of the secrets table holds a word of the file pre-filter (a file without one is not walked)', () => {
  const t = secretKeys();
  for (const k of [...t.keys, ...t.suffixes, ...t.providerKeys, ...t.environmentWords]) assert.match(k, SECRET_WORDS, k);
  assert.equal(t.environment('DB_PASSWORD'), true);
  assert.equal(t.environment('PASSWORD'), true);
  assert.equal(t.environment('DB_PASSWORD_ARN'), false);
  assert.equal(t.environment('db_password'), false); // lower case: a Terraform argument, read as a key
  assert.equal(t.environment('DBPASSWORD'), false);
});

test('phone numbers: a value full of candidates is validated for its first ones only', () => {
  // 100,000 valid numbers: at most MAX_HITS findings, and the scan ends (no validation of every candidate).
  assert.equal(sensitiveIn('+44 20 7946 0958; '.repeat(100_000)).length, 20);
  assert.deepEqual(sensitiveIn('+1 000 000 0000; '.repeat(200) + '+44 20 7946 0958'), []); // past the first 100 candidates
});

test('SensitiveNeeds: where it says no detector can match, sensitiveIn finds nothing; counting the parts of a value counts the value', () => {
  const values = [
    'owner jane.doe@corp.com', 'card 5500-0000-0000-0004', '378282246310005', 'DE89 3704 0044 0532 0130 00', 'bucket-111122223333',
    'call +44 20 7946 0958 now', '123-45-6789', 'GB82WEST12345698765432', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKE1', 'bench-123-eu-west-1',
    'reports', 'logs-2024', 'AB12 short', 'x'.repeat(39), 'x'.repeat(40), 'a-b-c-123456789', '12345678901', 'ABCDEFGHIJKLMNO12',
  ];
  let closed = 0;
  for (const v of values) {
    const needs = new SensitiveNeeds().count(v);
    if (!needs.mayMatch()) {
      closed++;
      assert.deepEqual(sensitiveIn(v), [], v);
    }
    if (sensitiveIn(v).length) assert.ok(needs.mayMatch(), v);
    // The same counts from two parts split anywhere except inside a run of digits.
    for (let cut = 0; cut <= v.length; cut++) {
      if (/[0-9]/.test(v.charAt(cut - 1)) && /[0-9]/.test(v.charAt(cut))) continue;
      const parts = new SensitiveNeeds().count(v, 0, cut).count(v, cut);
      assert.deepEqual({ ...parts }, { ...needs }, `${v} cut at ${cut}`);
    }
  }
  assert.ok(closed >= 4 && closed < values.length);
});
