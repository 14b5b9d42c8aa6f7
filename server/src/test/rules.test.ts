/**
 * Every registered rule: defined with defineRule (metadata checked, docs URL derived), in id order,
 * with a test table (server/src/test/<id>.test.ts calling testRule), and every docs example run.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { allRules } from '../engine/rules/index';
import { metaProblems } from '../engine/rules/rule';
import { checkExamples } from '../engine/rules/tester';
import { REPO } from './fixtures';

describe('every registered rule', () => {
  test('ids and names are unique, in id order', () => {
    const ids = allRules.map((r) => r.meta.id);
    assert.deepEqual(ids, [...new Set(ids)].sort());
    const names = allRules.map((r) => r.meta.name);
    assert.equal(new Set(names).size, names.length);
  });

  for (const rule of allRules) {
    const { id } = rule.meta;
    test(`${id}: defined with defineRule`, () => {
      assert.deepEqual(metaProblems(rule.meta), []);
      assert.equal(rule.meta.docsUrl, `https://github.com/awsdp/aws-data-protection/blob/main/docs/rules/${id}.md`, 'defineRule derives the docs URL');
    });

    test(`${id}: has a test table`, () => {
      const file = join(REPO, 'server', 'src', 'test', `${id.toLowerCase()}.test.ts`);
      assert.ok(existsSync(file), `${id} has no table: create server/src/test/${id.toLowerCase()}.test.ts (node scripts/new-rule.mjs does)`);
      assert.match(readFileSync(file, 'utf8'), /\btestRule\(/, `server/src/test/${id.toLowerCase()}.test.ts calls testRule`);
    });

    test(`${id}: every docs example (bad has a finding, good none)`, () => checkExamples(rule));
  }
});
