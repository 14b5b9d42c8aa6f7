/** The engine's editor services on their own: applying edits, choosing conflict-free fixes, the minimal edit, hover text. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyEdits, conditionKeyDoc, hoverAt, minimalEdit, selectFixes, tlsPolicyDoc, tokenAt, type Finding, type Fix } from '../engine/index';

function finding(fixes: Fix[], file = 'a.yaml'): Finding {
  return {
    ruleId: 'DP999',
    ruleName: 'x',
    category: 'tls-version',
    severity: 'warning',
    message: 'm',
    file,
    span: { start: 0, end: 1 },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    docsUrl: 'u',
    fixes,
  };
}
const fix = (applicability: 'safe' | 'unsafe', ...edits: [number, number, string][]): Fix => ({ title: 't', applicability, edits: edits.map(([start, end, newText]) => ({ span: { start, end }, newText })) });

describe('applyEdits', () => {
  test('applies edits in any order, from the end', () => {
    assert.equal(applyEdits('abcdef', [{ span: { start: 4, end: 5 }, newText: 'E' }, { span: { start: 0, end: 1 }, newText: 'AA' }, { span: { start: 6, end: 6 }, newText: '!' }]), 'AAbcdEf!');
  });
  test('refuses overlapping edits and two insertions at one offset', () => {
    assert.throws(() => applyEdits('abcdef', [{ span: { start: 1, end: 3 }, newText: 'x' }, { span: { start: 2, end: 4 }, newText: 'y' }]), /overlapping/);
    assert.throws(() => applyEdits('abc', [{ span: { start: 1, end: 1 }, newText: 'x' }, { span: { start: 1, end: 1 }, newText: 'y' }]), /overlapping/);
  });
});

describe('selectFixes', () => {
  test('takes the first safe fix of each finding; a fix overlapping one taken waits for the next pass', () => {
    const a = finding([fix('unsafe', [0, 1, 'u']), fix('safe', [2, 4, 'A'])]);
    const b = finding([fix('safe', [3, 5, 'B'])]); // overlaps a's
    const c = finding([fix('safe', [8, 9, 'C'])]);
    const d = finding([fix('unsafe', [10, 11, 'D'])]); // no safe fix
    const e = finding([fix('safe', [12, 12, 'E'])], 'other.yaml'); // another file
    const { fixes, deferred } = selectFixes('a.yaml', [a, b, c, d, e]);
    assert.deepEqual(
      fixes.map((f) => f.edits[0].newText),
      ['A', 'C'],
    );
    assert.equal(deferred, 1);
  });
  test('a fix that edits another file is left out; the same fix shared by two findings is applied once', () => {
    const shared = fix('safe', [1, 1, 'S']);
    const cross: Fix = { title: 't', applicability: 'safe', edits: [{ file: 'b.tf', span: { start: 0, end: 0 }, newText: 'x' }] };
    const { fixes, deferred } = selectFixes('a.yaml', [finding([shared]), finding([shared]), finding([cross])]);
    assert.equal(fixes.length, 1);
    assert.equal(deferred, 0);
  });
});

describe('minimalEdit', () => {
  test('the changed middle only', () => {
    assert.deepEqual(minimalEdit('hello world', 'hello brave world'), { span: { start: 6, end: 6 }, newText: 'brave ' });
    assert.equal(minimalEdit('same', 'same'), undefined);
  });
  test('never splits a CRLF or a surrogate pair', () => {
    const e = minimalEdit('a\r\nb', 'a\nb')!;
    assert.equal(applyEdits('a\r\nb', [e]), 'a\nb');
    const before = 'x😀y';
    const after = 'x😁y';
    const s = minimalEdit(before, after)!;
    assert.equal(s.span.start, 1);
    assert.equal(s.newText, '😁');
  });
});

describe('hover text', () => {
  test('condition keys: case-insensitive, with the recommendation', () => {
    assert.match(conditionKeyDoc('aws:multifactorauthpresent')!, /BoolIfExists/);
    assert.match(conditionKeyDoc('aws:SecureTransport')!, /Deny/);
    assert.match(conditionKeyDoc('s3:TlsVersion')!, /NumericLessThan/);
    assert.match(conditionKeyDoc('aws:MultiFactorAuthAge')!, /NumericLessThanEquals/);
    assert.equal(conditionKeyDoc('aws:SourceIp'), undefined);
  });
  test('TLS policy names: minimum version, below-floor advice, documented default', () => {
    const weak = tlsPolicyDoc('ELBSecurityPolicy-2016-08')!;
    assert.match(weak, /accepts \*\*TLS 1\.0\*\*/);
    assert.match(weak, /AWS recommends \*\*ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09\*\*/);
    assert.match(weak, /AWS applies this policy when none is set/);
    assert.match(tlsPolicyDoc('ELBSecurityPolicy-TLS13-1-2-2021-06')!, /Meets the TLS 1\.2 minimum/);
    assert.equal(tlsPolicyDoc('NotAPolicy'), undefined);
  });
  test('hoverAt finds the token under the cursor, quotes and trailing punctuation excluded', () => {
    const text = '{"Bool": {"aws:SecureTransport": "false"}}';
    const at = text.indexOf('aws:') + 5;
    const h = hoverAt(text, at)!;
    assert.equal(text.slice(h.span.start, h.span.end), 'aws:SecureTransport');
    assert.equal(hoverAt(text, text.indexOf('Bool') + 1), undefined);
    const y = 'SslPolicy: ELBSecurityPolicy-2016-08.';
    const t = tokenAt(y, y.length - 3)!;
    assert.equal(y.slice(t.start, t.end), 'ELBSecurityPolicy-2016-08');
    assert.equal(tokenAt('a'.repeat(100_000), 50_000)!.end - tokenAt('a'.repeat(100_000), 50_000)!.start <= 257, true, 'bounded token');
  });
});
