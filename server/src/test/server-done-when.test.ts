/**
 * Issue 13's "done when": an outside LSP client (plain JSON-RPC over stdio, nothing VS Code
 * specific) opens every file of samples/, every diagnostic carries its rule's docs link, and
 * applying the quick fixes offered removes at least one diagnostic of every category
 * (mfa, secure-transport, tls-version, fips-endpoint, sensitive-data). Samples are read, never written.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CodeActionKind, CodeActionRequest, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToUri, REPO_ROOT, TestClient } from './server-lsp-client';

const SAMPLES = path.join(REPO_ROOT, 'samples');
const CATEGORY: Record<string, string> = { '1': 'mfa', '2': 'secure-transport', '3': 'tls-version', '4': 'fips-endpoint', '5': 'sensitive-data' };

function files(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(json|ya?ml|tf|template)$/.test(n)) out.push(p);
  }
  return out;
}

const languageOf = (p: string) => (p.endsWith('.tf') ? 'terraform' : /\.ya?ml$/.test(p) ? 'yaml' : 'json');
const categoryOf = (d: Diagnostic) => CATEGORY[String(d.code).charAt(2)];

describe('done when: an outside LSP client on samples/', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ rootDir: SAMPLES });
  });
  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
  });

  test('every diagnostic has a docs link; quick fixes remove at least one diagnostic of every category', async () => {
    const fixedCategories = new Set<string>();
    const seenCategories = new Set<string>();
    let diagnosticsSeen = 0;
    for (const abs of files(SAMPLES)) {
      const text = readFileSync(abs, 'utf8');
      const uri = pathToUri(abs);
      const languageId = languageOf(abs);
      await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
      const diagnostics = (await client.diagnosticsFor(uri, 1)).diagnostics;
      for (const d of diagnostics) {
        diagnosticsSeen++;
        assert.ok(d.code, `${path.relative(SAMPLES, abs)}: a diagnostic without a rule: ${JSON.stringify(d)}`);
        assert.match(d.codeDescription?.href ?? '', new RegExp(`/docs/rules/${String(d.code)}\\.md$`), `${path.relative(SAMPLES, abs)}: ${String(d.code)} has its docs link`);
        seenCategories.add(categoryOf(d));
      }
      // The first quick fix (with an edit) of each category in this file, applied alone.
      const tried = new Set<string>();
      let version = 1;
      for (const d of diagnostics) {
        const cat = categoryOf(d);
        if (tried.has(cat) || fixedCategories.has(cat)) continue;
        const actions = ((await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: [CodeActionKind.QuickFix] } })) ?? []) as CodeAction[];
        const fix = actions.find((a) => a.edit?.changes?.[uri]?.length);
        if (!fix) continue;
        tried.add(cat);
        const fixed = TextDocument.applyEdits(TextDocument.create(uri, languageId, 1, text), fix.edit!.changes![uri]);
        version++;
        await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text: fixed }] });
        const after = (await client.diagnosticsFor(uri, version)).diagnostics;
        const count = (ds: Diagnostic[]) => ds.filter((x) => categoryOf(x) === cat).length;
        if (count(after) < count(diagnostics)) fixedCategories.add(cat);
        // Back to the file's text for the next category.
        version++;
        await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
        await client.diagnosticsFor(uri, version);
      }
      await client.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      assert.equal(readFileSync(abs, 'utf8'), text, 'the sample on disk is untouched');
    }
    assert.ok(diagnosticsSeen > 50, `samples show findings (${diagnosticsSeen})`);
    assert.deepEqual([...seenCategories].sort(), Object.values(CATEGORY).sort(), 'every category is shown');
    assert.deepEqual([...fixedCategories].sort(), Object.values(CATEGORY).sort(), 'a quick fix removes a diagnostic of every category');
  });
});
