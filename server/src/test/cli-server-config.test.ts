/**
 * One configuration precedence in both front ends: the same `.awsdp.yaml` plus the same override
 * (a `--rule` flag in the CLI, the `awsdp.rules` setting in the language server) gives the same
 * severity, whether the file and the override name the rule by id or by name.
 * The language server is the bundle (dist/server.js, built by `node scripts/build.mjs`).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { DiagnosticSeverity, DidOpenTextDocumentNotification } from 'vscode-languageserver/node';
import { run } from '../cli/run';
import { allRules, resolveConfig, type RuleSetting, type Severity } from '../engine/index';
import { cleanup, tempDir, writeTree } from './cli-support';
import { pathToUri, RICH_CAPABILITIES, TestClient } from './server-lsp-client';

const rule = allRules.find((r) => r.meta.examples.length > 0)!;
const example = rule.meta.examples[0];
const { id, name } = rule.meta;

interface Case {
  title: string;
  /** The `rules:` entries of `.awsdp.yaml`. */
  file: Record<string, RuleSetting>;
  /** The front end's override: `--rule K=V` in the CLI, `awsdp.rules` in the editor. */
  override: Record<string, RuleSetting>;
  expected: Severity | 'off';
}

const CASES: Case[] = [
  { title: 'file turns the rule off by id, override by name turns it on', file: { [id]: 'off' }, override: { [name]: 'error' }, expected: 'error' },
  { title: 'file by name, override by id', file: { [name]: 'off' }, override: { [id]: 'warning' }, expected: 'warning' },
  { title: 'override by name turns off what the file sets by id', file: { [id]: 'error' }, override: { [name]: 'off' }, expected: 'off' },
  { title: 'file alone', file: { [name]: 'info' }, override: {}, expected: 'info' },
];

const dirs: string[] = [];
after(() => dirs.forEach(cleanup));

function workspace(c: Case): string {
  const d = tempDir('awsdp-precedence-');
  dirs.push(d);
  const others = allRules.filter((r) => r !== rule).map((r) => `  ${r.meta.id}: off\n`);
  const rules = Object.entries(c.file).map(([k, v]) => `  ${k}: ${v}\n`);
  const entries = [...rules, ...others].join('');
  writeTree(d, { '.awsdp.yaml': entries ? `rules:\n${entries}` : 'rules: {}\n', [example.fileName]: example.bad });
  return d;
}

/** The rule's severity in `awsdp scan --format json` (off: no finding). */
async function cliSeverity(root: string, c: Case): Promise<Severity | 'off'> {
  const out: string[] = [];
  const err: string[] = [];
  const argv = ['scan', '.', '--format', 'json', ...Object.entries(c.override).flatMap(([k, v]) => ['--rule', `${k}=${v}`])];
  const status = await run(argv, { cwd: root, env: {}, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } });
  assert.notEqual(status, 2, err.join(''));
  const findings = (JSON.parse(out.join('')) as { findings: { ruleId: string; severity: Severity }[] }).findings.filter((f) => f.ruleId === id);
  assert.ok(findings.length <= 1 || new Set(findings.map((f) => f.severity)).size === 1);
  return findings[0]?.severity ?? 'off';
}

const FROM_LSP: Record<number, Severity> = { [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warning', [DiagnosticSeverity.Information]: 'info' };

/** The rule's severity in the language server's diagnostics for the example file. */
async function lspSeverity(root: string, c: Case): Promise<Severity | 'off'> {
  const client = await TestClient.start({ rootDir: root, capabilities: RICH_CAPABILITIES, settings: () => ({ rules: c.override }), initializationOptions: { changeDelayMs: 0 } });
  try {
    const uri = pathToUri(path.join(root, example.fileName));
    const languageId = example.fileName.endsWith('.tf') ? 'terraform' : example.fileName.endsWith('.json') ? 'json' : 'yaml';
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text: example.bad } });
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    const mine = diagnostics.filter((d) => d.code === id);
    return mine.length ? FROM_LSP[mine[0].severity!] : 'off';
  } finally {
    await client.stop().catch(() => client.kill());
  }
}

describe('configuration precedence: file < editor settings / CLI flags, ids and names alike', () => {
  test('the example file of the rule gives a finding by default (the cases below mean something)', async () => {
    const root = workspace({ title: '', file: {}, override: {}, expected: rule.meta.defaultSeverity });
    assert.equal(await cliSeverity(root, { title: '', file: {}, override: {}, expected: 'off' }), rule.meta.defaultSeverity);
  });

  test('resolveConfig: one layer after another, by id or name', () => {
    for (const c of CASES) {
      const cfg = resolveConfig({ file: { rules: c.file, include: [], exclude: [], ignore: [] }, settings: c.override }, allRules);
      assert.equal(cfg.rules[id], c.expected, c.title);
      assert.equal(cfg.rules[name], undefined, `${c.title}: keyed by id only`);
    }
    // Within one layer an id entry wins over a name entry; flags win over settings.
    assert.equal(resolveConfig({ settings: { [name]: 'info', [id]: 'warning' } }, allRules).rules[id], 'warning');
    assert.equal(resolveConfig({ settings: { [id]: 'info' }, flags: { [name]: 'off' } }, allRules).rules[id], 'off');
  });

  for (const c of CASES) {
    test(`CLI and language server agree: ${c.title}`, async () => {
      const root = workspace(c);
      const [cli, lsp] = [await cliSeverity(root, c), await lspSeverity(root, c)];
      assert.deepEqual({ cli, lsp }, { cli: c.expected, lsp: c.expected });
    });
  }
});

// A workspace with no config file at all still gets the default (sanity for the helpers above).
test('without .awsdp.yaml the CLI reports the default severity', async () => {
  const d = tempDir('awsdp-precedence-');
  dirs.push(d);
  fs.writeFileSync(path.join(d, example.fileName), example.bad);
  assert.equal(await cliSeverity(d, { title: '', file: {}, override: {}, expected: 'off' }), rule.meta.defaultSeverity);
});
