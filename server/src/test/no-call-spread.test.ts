/**
 * No array is spread into a call's arguments anywhere in the product's sources (issue 15, item 2):
 * `a.push(...b)` or `Math.max(...b)` puts every element of `b` on the stack and throws RangeError
 * ("Maximum call stack size exceeded") past ~120k elements — a big template or module then lost all its
 * findings. Loops are used instead. The one form allowed is forwarding a function's own rest parameter
 * (`(...args) => fn(...args)`), bounded by the caller's argument list.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { repoRoot } from './cli-support';

const SRC = path.join(repoRoot(), 'server', 'src');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'test') for (const f of sources(p)) out.push(f);
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Whether `id` names a rest parameter of a function enclosing `node`. */
function isRestParameter(node: ts.Node, id: string): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n) && n.parameters.some((p) => p.dotDotDotToken && ts.isIdentifier(p.name) && p.name.text === id)) return true;
  }
  return false;
}

/** `file:line: text` of every spread into a call or `new` argument list that is not a forwarded rest parameter. */
export function callSpreads(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isSpreadElement(n) && (ts.isCallExpression(n.parent) || ts.isNewExpression(n.parent))) {
      if (!(ts.isIdentifier(n.expression) && isRestParameter(n, n.expression.text))) {
        const line = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
        found.push(`${path.relative(SRC, file)}:${line}: ${n.parent.getText(sf).slice(0, 100)}`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

test('the checker sees spreads into calls and allows forwarded rest parameters', () => {
  const probe = 'a.push(...b);\nMath.max(...xs.map(f));\nnew Set(...s);\nconst g = (...args: unknown[]) => h(...args);\nconst c = [...b];\nconst o = { ...p };\n';
  assert.deepEqual(
    callSpreads(path.join(SRC, 'probe.ts'), probe).map((s) => s.split(':')[1]),
    ['1', '2', '3'],
  );
});

test('no spread of an array into call arguments in server/src (push(...x), Math.max(...x))', () => {
  const files = sources(SRC);
  assert.ok(files.length > 50, `found ${files.length} source files`);
  const found = files.flatMap((f) => callSpreads(f, fs.readFileSync(f, 'utf8')));
  assert.deepEqual(found, [], 'use a loop: a spread of more than ~120k elements overflows the stack');
});
