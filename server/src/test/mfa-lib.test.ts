import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXEMPT_ACTIONS, patternMatches, SENSITIVE_ACTIONS } from '../engine/rules/lib/mfa';

test('IAM action patterns match as IAM does: case-insensitive, * and ?', () => {
  const yes: [string, string][] = [
    ['iam:CreateAccessKey', 'iam:CreateAccessKey'],
    ['IAM:createaccesskey', 'iam:CreateAccessKey'],
    ['iam:*', 'iam:CreateAccessKey'],
    ['*', 'sts:AssumeRole'],
    ['iam:*AccessKey*', 'iam:UpdateAccessKey'],
    ['iam:Create?ccessKey', 'iam:CreateAccessKey'],
    ['sts:AssumeRole*', 'sts:AssumeRole'],
    ['*:*Key*Key', 'kms:KeyKeyKey'],
  ];
  const no: [string, string][] = [
    ['iam:Create', 'iam:CreateAccessKey'],
    ['iam:*AccessKeys', 'iam:CreateAccessKey'],
    ['sts:AssumeRoleWith*', 'sts:AssumeRole'],
    ['iam:Create?AccessKey', 'iam:CreateAccessKey'],
    ['', 'iam:CreateAccessKey'],
  ];
  for (const [p, a] of yes) assert.equal(patternMatches(p, a), true, `${p} matches ${a}`);
  for (const [p, a] of no) assert.equal(patternMatches(p, a), false, `${p} does not match ${a}`);
});

test('a long adversarial pattern is matched quickly enough to finish (no exponential backtracking)', () => {
  assert.equal(patternMatches(`${'*a'.repeat(200)}b`, 'a'.repeat(5000)), false);
});

test('the sensitive-action catalogue: well-formed actions, no duplicates, exempt actions never in it', () => {
  const names = SENSITIVE_ACTIONS.map((a) => a.action);
  assert.ok(names.length >= 20);
  assert.equal(new Set(names).size, names.length);
  for (const n of names) assert.match(n, /^[a-z0-9]+:[A-Za-z]+$/);
  for (const e of EXEMPT_ACTIONS) assert.ok(!names.includes(e), `${e} is exempt`);
  assert.ok(names.includes('iam:CreateAccessKey') && names.includes('iam:DeactivateMFADevice') && names.includes('sts:AssumeRole'));
});
