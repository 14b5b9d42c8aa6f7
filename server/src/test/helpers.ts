import assert from 'node:assert/strict';
import { Engine, type FileResult } from '../engine/engine';
import type { Finding, SourceFile, TextEdit } from '../engine/types';

let enginePromise: Promise<Engine> | undefined;
export function engine(): Promise<Engine> {
  return (enginePromise ??= Engine.create());
}

/** Applies non-overlapping edits to a text (last first). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  for (const e of sorted) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
  return text;
}

export async function analyze(path: string, text: string, siblings: SourceFile[] = []): Promise<FileResult> {
  const e = await engine();
  return e.analyzeDocument({ path, text }, siblings);
}

/** The source text a finding points at. */
export function textAt(text: string, f: Finding): string {
  return text.slice(f.span.start, f.span.end);
}

export interface InvalidCase {
  name: string;
  path: string;
  text: string;
  /** Expected findings of the rule: the exact text each points at, and optionally a message fragment. */
  errors: { at: string; message?: RegExp }[];
  /** The text after applying the first fix of the first finding; null when no fix is expected. */
  output: string | null;
}

export interface ValidCase {
  name: string;
  path: string;
  text: string;
}

/**
 * A RuleTester in the ESLint manner: valid cases must produce no finding of the rule; invalid
 * cases must produce exactly the listed findings, and the fix must give `output`, which must then
 * be free of the rule's findings and of parse errors.
 */
export async function checkRule(ruleId: string, c: { valid: ValidCase[]; invalid: InvalidCase[] }, t: { test: (name: string, fn: () => Promise<void>) => unknown }): Promise<void> {
  const names = new Set<string>();
  for (const v of [...c.valid, ...c.invalid]) {
    assert.ok(!names.has(v.name), `duplicate case name ${v.name}`);
    names.add(v.name);
  }
  for (const v of c.valid) {
    await t.test(`valid: ${v.name}`, async () => {
      const r = await analyze(v.path, v.text);
      assert.ok(r.format, `${v.path} was not recognised`);
      const own = r.findings.filter((f) => f.ruleId === ruleId);
      assert.deepEqual(own.map((f) => `${textAt(v.text, f)}: ${f.message}`), []);
    });
  }
  for (const v of c.invalid) {
    await t.test(`invalid: ${v.name}`, async () => {
      const r = await analyze(v.path, v.text);
      assert.ok(r.format, `${v.path} was not recognised`);
      const own = r.findings.filter((f) => f.ruleId === ruleId);
      assert.deepEqual(
        own.map((f) => textAt(v.text, f)),
        v.errors.map((e) => e.at),
      );
      v.errors.forEach((e, i) => e.message && assert.match(own[i].message, e.message));
      const fix = own[0]?.fixes[0];
      if (v.output === null) {
        assert.equal(fix, undefined, 'no fix expected');
        return;
      }
      assert.ok(fix, 'a fix was expected');
      const fixed = applyEdits(v.text, fix.edits);
      assert.equal(fixed, v.output);
      const again = await analyze(v.path, fixed);
      assert.deepEqual(again.findings.filter((f) => f.ruleId === ruleId).map((f) => f.message), [], 'the fix must resolve the finding');
      assert.deepEqual(again.notices.filter((n) => n.kind === 'parse-error').map((n) => n.message), [], 'the fixed file must parse');
    });
  }
}
