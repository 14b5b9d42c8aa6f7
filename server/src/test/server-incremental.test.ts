/**
 * The language server's as-you-type path: the debounce a client sets in initializationOptions,
 * and Terraform documents re-parsed incrementally between versions giving the diagnostics (and
 * quick fixes) a fresh analysis gives. Spawns dist/server.js; build first.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { CodeActionRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import { findingToDiagnostic, noticesToDiagnostics } from '../server/convert';
import { CHANGE_DELAY_MS } from '../server/server';
import { LineIndex } from '../engine/index';
import { engine } from './helpers';
import { pathToUri, TestClient } from './server-lsp-client';

const roots: string[] = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));
function root(): string {
  const r = mkdtempSync(path.join(tmpdir(), 'awsdp-lsp-inc-'));
  roots.push(r);
  return r;
}

function delayOf(c: TestClient): unknown {
  return (c.initializeResult?.capabilities.experimental as { awsdp?: { changeDelayMs?: unknown } } | undefined)?.awsdp?.changeDelayMs;
}

describe('debounce from initializationOptions', () => {
  for (const [given, expected] of [
    [undefined, CHANGE_DELAY_MS],
    [0, 0],
    [40, 40],
    [-1, CHANGE_DELAY_MS],
    ['10', CHANGE_DELAY_MS],
    [1e9, CHANGE_DELAY_MS],
  ] as const) {
    test(`changeDelayMs ${JSON.stringify(given)} → ${expected}`, async () => {
      const client = await TestClient.start({ rootDir: root(), initializationOptions: given === undefined ? undefined : { changeDelayMs: given } });
      try {
        assert.equal(delayOf(client), expected);
      } finally {
        await client.stop();
      }
    });
  }
});

const MODULE = Array.from(
  { length: 8 },
  (_, i) => `# bucket ${i}
resource "aws_s3_bucket" "b${i}" {
  bucket = "bucket-${i}"
}

resource "aws_s3_bucket_policy" "p${i}" {
  bucket = aws_s3_bucket.b${i}.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "\${aws_s3_bucket.b${i}.arn}/*" }]
  })
}
`,
).join('\n');

describe('Terraform as you type', () => {
  test('each version gets the diagnostics of a fresh analysis; quick fixes still apply', async () => {
    const dir = root();
    const file = path.join(dir, 'main.tf');
    const uri = pathToUri(file);
    const client = await TestClient.start({ rootDir: dir, initializationOptions: { changeDelayMs: 0 } });
    const e = await engine();
    const expected = (text: string): Diagnostic[] => {
      const r = e.analyzeDocument({ path: file, text }, []);
      return [...r.findings.map(findingToDiagnostic), ...noticesToDiagnostics(r.notices, r.firstLine)];
    };
    try {
      let text = MODULE;
      let version = 1;
      await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'terraform', version, text } });
      assert.deepEqual((await client.diagnosticsFor(uri, version)).diagnostics, expected(text));
      // Typing, deleting a block, breaking and repairing the syntax, pasting a block at the top.
      const steps: ((t: string) => string)[] = [
        (t) => t.replace('bucket-3', 'bucket-3x'),
        (t) => t.replace('bucket-3x', 'bucket-3xy'),
        (t) => t.replace(/# bucket 5[\s\S]*?# bucket 6/, '# bucket 6'),
        (t) => t.replace('Principal = "*"', 'Principal = "*'),
        (t) => t.replace('Principal = "*', 'Principal = "*"'),
        (t) => `resource "aws_s3_bucket_policy" "top" {\n  bucket = "top"\n  policy = jsonencode({ Statement = [] })\n}\n${t}`,
        (t) => t.replace('{ Effect = "Allow"', '{ Effect = "Deny", Condition = { Bool = { "aws:SecureTransport" = "false" } }, NotEffect = "Allow"'),
        (t) => t + '\nresource "aws_s3_bucket" "tail" {\n',
        (t) => t + '}\n',
      ];
      for (const step of steps) {
        text = step(text);
        version++;
        await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
        const got = await client.diagnosticsFor(uri, version);
        assert.deepEqual(got.diagnostics, expected(text), `version ${version}`);
      }
      const last = await client.diagnosticsFor(uri, version);
      const dp201 = last.diagnostics.filter((d) => d.code === 'DP201');
      assert.ok(dp201.length > 0);
      const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: dp201[0].range,
        context: { diagnostics: [dp201[0]] },
      })) as CodeAction[];
      assert.ok(actions.length > 0 && actions[0].edit?.changes?.[uri]?.length, 'the quick fix is computed on request');
    } finally {
      await client.stop();
    }
  });
});
