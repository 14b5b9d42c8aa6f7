import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { allRules } from '../engine/rules/index';

const SRC = join(__dirname, '..', '..', 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('the engine is pure: it never imports the editor, the protocol, the CLI or the server', () => {
  const offenders: string[] = [];
  for (const f of tsFiles(join(SRC, 'engine'))) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/from\s+'([^']+)'|require\('([^']+)'\)/g)) {
      const spec = m[1] ?? m[2];
      if (/^vscode(-|$)/.test(spec) || /\/(cli|server)\//.test(spec) || spec === 'node:http' || spec === 'node:https' || spec === 'node:net') offenders.push(`${relative(SRC, f)}: ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('rule registry: ids are unique, well-formed and match their category', () => {
  const prefixes: Record<string, string> = { mfa: '1', 'secure-transport': '2', 'tls-version': '3', 'fips-endpoint': '4', 'sensitive-data': '5' };
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const r of allRules) {
    const { id, name, category } = r.meta;
    assert.match(id, /^DP\d{3}$/);
    assert.equal(id[2], prefixes[category], `${id} is in category ${category}`);
    assert.match(name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(!ids.has(id) && !names.has(name), `duplicate ${id}/${name}`);
    ids.add(id);
    names.add(name);
    assert.ok(r.meta.summary.endsWith('.') && r.meta.description.length > 100);
    assert.ok(r.meta.examples.length > 0, `${id} has docs examples`);
  }
});
