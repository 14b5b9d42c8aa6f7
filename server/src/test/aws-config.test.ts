/**
 * The AWS SDK/CLI shared config and credentials files: format detection, the parser (sections,
 * sub-sections, comments, line breaks, half-typed lines, exact spans), the model's profiles and
 * the fix renderer's edits.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAwsConfig } from '../engine/documents/aws-config';
import { detectFormat, isAwsConfigPath, isCandidatePath } from '../engine/documents/detect';
import { awsProfiles, profileSetting, sectionKind } from '../engine/model/aws-config';
import type { Model } from '../engine/model/model';
import { toPlain, type VNode } from '../engine/value';
import { suppressionEdit } from '../engine/index';
import { applyEdits, engine } from './helpers';

const at = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

test('detection: config and credentials files in a .aws directory, nothing else', () => {
  for (const p of ['.aws/config', '.aws/credentials', '/home/me/.aws/config', 'repo/ci/.aws/credentials', 'C:\\Users\\me\\.aws\\config', 'x/.AWS/Config']) {
    assert.equal(isAwsConfigPath(p), true, p);
    assert.equal(isCandidatePath(p), true, p);
    assert.equal(detectFormat(p, ''), 'aws-config', p);
  }
  for (const p of ['config', 'credentials', 'aws/config', 'x.aws/config', '.aws/config.bak', '.aws/config/main.tf', '.aws/cli/alias', 'app/config']) {
    assert.equal(isAwsConfigPath(p), false, p);
  }
  assert.equal(detectFormat('.aws/config/main.tf', ''), 'terraform');
  assert.equal(isCandidatePath('app/config'), false);
});

test('parser: sections, settings, sub-sections and their exact spans', () => {
  const text = [
    '# top comment',
    '[default]',
    'region = us-east-1',
    'output=json',
    '',
    '[profile dev]   ; trailing comment',
    '  region   =   eu-west-1  ',
    's3 =',
    '  addressing_style = path',
    '  endpoint_url = https://s3.eu-west-1.amazonaws.com',
    'services = dev-svc',
    '',
    '[services dev-svc]',
    'dynamodb =',
    '    endpoint_url = http://localhost:8000',
    'empty =',
    '',
  ].join('\n');
  const p = parseAwsConfig('.aws/config', text);
  assert.deepEqual(p.notices, []);
  assert.deepEqual(toPlain(p.root), {
    default: { region: 'us-east-1', output: 'json' },
    'profile dev': { region: 'eu-west-1', s3: { addressing_style: 'path', endpoint_url: 'https://s3.eu-west-1.amazonaws.com' }, services: 'dev-svc' },
    'services dev-svc': { dynamodb: { endpoint_url: 'http://localhost:8000' }, empty: '' },
  });
  const [def, dev, svc] = p.root.entries;
  assert.equal(at(text, def.keySpan), 'default');
  assert.equal(at(text, dev.keySpan), 'profile dev');
  const obj = (n: VNode) => (n.kind === 'object' ? n : assert.fail('not an object'));
  const region = obj(dev.value).entries[0];
  assert.equal(at(text, region.keySpan), 'region');
  assert.equal(at(text, region.value.span), 'eu-west-1');
  assert.equal(at(text, region.span), 'region   =   eu-west-1');
  const s3 = obj(dev.value).entries[1];
  assert.equal(at(text, s3.span), 's3 =\n  addressing_style = path\n  endpoint_url = https://s3.eu-west-1.amazonaws.com');
  assert.equal(at(text, obj(s3.value).entries[1].value.span), 'https://s3.eu-west-1.amazonaws.com');
  // A section's span runs from its header to its last setting.
  assert.equal(at(text, dev.span), text.slice(text.indexOf('[profile dev]'), text.indexOf('services = dev-svc') + 'services = dev-svc'.length));
  const empty = obj(svc.value).entries[1];
  assert.deepEqual([empty.value.kind, empty.value.span.start === empty.value.span.end, text[empty.value.span.start - 1]], ['string', true, '=']);
  assert.deepEqual(
    p.comments.map((c) => [at(text, c.span), c.text]),
    [
      ['# top comment', ' top comment'],
      ['; trailing comment', ' trailing comment'],
    ],
  );
});

test('parser: comments start a line or follow a blank; # inside a value is kept', () => {
  const text = '[default]\n  ; indented comment\nendpoint_url = https://example.com/a#b;c # note\nregion = us-east-1;x\n';
  const p = parseAwsConfig('.aws/config', text);
  assert.deepEqual(toPlain(p.root), { default: { endpoint_url: 'https://example.com/a#b;c', region: 'us-east-1;x' } });
  assert.deepEqual(p.comments.map((c) => c.text), [' indented comment', ' note']);
});

test('parser: CRLF, lone CR and a BOM-less last line keep exact offsets', () => {
  for (const eol of ['\r\n', '\r', '\n']) {
    const text = ['[default]', 'region = us-gov-west-1', 's3 =', '  endpoint_url = https://s3.amazonaws.com'].join(eol);
    const p = parseAwsConfig('.aws/config', text);
    assert.deepEqual(toPlain(p.root), { default: { region: 'us-gov-west-1', s3: { endpoint_url: 'https://s3.amazonaws.com' } } }, JSON.stringify(eol));
    const sec = p.root.entries[0].value;
    assert.ok(sec.kind === 'object');
    assert.equal(at(text, sec.entries[0].value.span), 'us-gov-west-1');
    const s3 = sec.entries[1].value;
    assert.ok(s3.kind === 'object');
    assert.equal(at(text, s3.entries[0].value.span), 'https://s3.amazonaws.com');
  }
});

test('parser: half-typed lines become notices, never exceptions; the rest is read', () => {
  const text = 'region = us-east-1\n[profile dev\nregion = us-gov-west-1\n[default]\nregion\n= x\nuse_fips_endpoint =\n[profile b]\n  continued = line\n  more text\n[ ]\nregion = a\n';
  const p = parseAwsConfig('.aws/config', text);
  assert.deepEqual(
    p.notices.map((n) => [n.kind, at(text, n.span!), n.message]),
    [
      ['parse-error', 'region = us-east-1', 'setting outside any section (add "[default]" or "[profile name]" above it); it is not read'],
      ['parse-error', '[profile dev', 'section header without its closing "]" (expected "[profile name]"); the section is not read'],
      ['parse-error', 'region', 'expected "key = value"; the line is not read'],
      ['parse-error', '= x', 'setting without a name before "="; the line is not read'],
      ['parse-error', '[ ]', 'section header without a name (expected "[profile name]"); the section is not read'],
    ],
  );
  assert.deepEqual(toPlain(p.root), { default: { use_fips_endpoint: '' }, 'profile b': { continued: 'line' } });
  // Every prefix of a file (an editor sends each keystroke) parses without throwing.
  const full = '[profile x]\nregion = us-gov-west-1\nservices = s\n[services s]\nsqs =\n  endpoint_url = https://sqs.us-east-1.amazonaws.com ; c\n';
  for (let i = 0; i <= full.length; i++) parseAwsConfig('.aws/config', full.slice(0, i));
});

test('parser: a file of too many lines is not analysed, with a limit notice', () => {
  const p = parseAwsConfig('.aws/config', '[default]\n' + 'a = b\n'.repeat(200_001));
  assert.deepEqual(toPlain(p.root), {});
  assert.deepEqual(p.notices.map((n) => n.kind), ['limit']);
});

test('section kinds: config and credentials files', () => {
  assert.deepEqual(sectionKind('default', 'config'), { kind: 'profile', name: 'default' });
  assert.deepEqual(sectionKind('profile dev', 'config'), { kind: 'profile', name: 'dev' });
  assert.deepEqual(sectionKind('profile  "my team"', 'config'), { kind: 'profile', name: 'my team' });
  assert.deepEqual(sectionKind('sso-session corp', 'config'), { kind: 'sso-session', name: 'corp' });
  assert.deepEqual(sectionKind('services s', 'config'), { kind: 'services', name: 's' });
  assert.deepEqual(sectionKind('dev', 'config'), { kind: 'other', name: 'dev' });
  assert.deepEqual(sectionKind('dev', 'credentials'), { kind: 'profile', name: 'dev' });
});

test('model: profiles, merged sections, settings by name in any case, slots for missing settings', async () => {
  const e = await engine();
  const text = '[default]\nRegion = us-east-1\n\n[profile a]\nregion = us-west-2\n[default]\nregion = us-gov-east-1\n';
  const doc = e.parse({ path: 'p/.aws/config', text })!;
  assert.equal(doc.format, 'aws-config');
  const model: Model = e.buildModel([doc]);
  assert.deepEqual(model.resources, []);
  assert.deepEqual(model.trees.map((t) => t.dialect), ['ini']);
  const ps = awsProfiles(model);
  assert.deepEqual(ps.map((p) => [p.kind, p.name, p.source, p.sections.length, at(text, p.idSpan)]), [
    ['profile', 'default', 'config', 2, 'default'],
    ['profile', 'a', 'config', 1, 'profile a'],
  ]);
  const r = profileSetting(ps[0], 'REGION');
  assert.ok(r.value.state === 'literal');
  assert.equal(r.value.value, 'us-gov-east-1'); // the later section wins
  const missing = profileSetting(ps[1], 'use_fips_endpoint');
  assert.equal(missing.value.state, 'missing');
  assert.deepEqual([missing.slot.dialect, missing.slot.path, missing.slot.parent === ps[1].sections[0]], ['ini', ['use_fips_endpoint'], true]);
});

test('engine: a BOM, a parse error, and only the rules that declare the format', async () => {
  const e = await engine();
  const text = '\ufeff[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\npassword = hunter2hunter2\nendpoint_url = https://u:p4ssw0rd@sqs.us-east-1.amazonaws.com\nbroken line\n';
  const r = e.analyzeDocument({ path: 'x/.aws/credentials', text });
  assert.equal(r.format, 'aws-config');
  assert.deepEqual(r.notices.map((n) => n.kind), ['parse-error']);
  // DP401 and DP503 (which declare aws-config) report the endpoint and the password; DP502 (which does not) stays out.
  assert.deepEqual(r.findings.map((f) => [f.ruleId, text.slice(f.span.start, f.span.end)]), [
    ['DP503', 'hunter2hunter2'],
    ['DP401', 'sqs.us-east-1.amazonaws.com'],
  ]);
});

test('suppression: a comment on the line above, and the editor writes one there', async () => {
  const e = await engine();
  const text = '[profile app]\nregion = us-east-1\n# awsdp-ignore DP403: tested without FIPS\nuse_fips_endpoint = false\n';
  const r = e.analyzeDocument({ path: '.aws/config', text });
  assert.deepEqual([r.findings.map((f) => f.ruleId), r.suppressed], [[], 1]);
  const plain = text.replace('# awsdp-ignore DP403: tested without FIPS\n', '');
  const f = e.analyzeDocument({ path: '.aws/config', text: plain }).findings.find((x) => x.ruleId === 'DP403')!;
  const edit = suppressionEdit(e, { path: '.aws/config', text: plain }, [], f, 'tested without FIPS');
  assert.ok(edit?.edits);
  assert.equal(applyEdits(plain, edit.edits.map((x) => ({ span: x.span, newText: x.newText }))), text);
});

test('engine: mutated config files never fail the analysis; spans stay inside the text; fixes apply', async () => {
  const e = await engine();
  const base = '[default]\nregion = us-gov-west-1\nuse_fips_endpoint = false\n\n[profile a]\nregion = us-east-1\nservices = s\n[services s]\nsqs =\n  endpoint_url = https://sqs.us-east-1.amazonaws.com # x\n';
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const chars = ['[', ']', '=', '#', ';', '\n', '\r', ' ', '\t', 'a', '\ufeff', '"'];
  for (let i = 0; i < 300; i++) {
    let text = base;
    for (let k = 0; k < 1 + rand(4); k++) {
      const at = rand(text.length + 1);
      text = rand(2) ? text.slice(0, at) + chars[rand(chars.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + rand(3));
    }
    const r = e.analyzeDocument({ path: '.aws/config', text });
    assert.deepEqual(r.notices.filter((n) => n.kind === 'internal'), [], JSON.stringify(text));
    for (const f of r.findings) {
      assert.ok(0 <= f.span.start && f.span.start <= f.span.end && f.span.end <= text.length, JSON.stringify(text));
      for (const fix of f.fixes) {
        const fixed = applyEdits(text, fix.edits);
        assert.deepEqual(e.analyzeDocument({ path: '.aws/config', text: fixed }).notices.filter((n) => n.kind === 'internal'), []);
      }
    }
  }
});
