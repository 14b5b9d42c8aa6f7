/**
 * An outside LSP client (plain JSON-RPC over stdio, nothing VS Code specific) opens one sample of
 * every format in samples/ and gets the same DP201 (DP202, DP401...) diagnostics the engine reports; where the
 * engine offers a fix, the quick fix clears the diagnostic. The sample files are never written.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionKind,
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  type CodeAction,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { engine } from './helpers';
import { pathToUri, REPO_ROOT, TestClient } from './server-lsp-client';

const SAMPLES = path.join(REPO_ROOT, 'samples');

/** `fixIn`: the module file the quick fix edits (a bucket policy beside the bucket the finding is on). */
const cases: { file: string; languageId: string; fixable: boolean; rule?: string; fixIn?: string }[] = [
  { file: 'iam/shared-reports-bucket-policy.json', languageId: 'json', fixable: true },
  { file: 'cloudformation/bucket-policy-missing-tls.yaml', languageId: 'yaml', fixable: true },
  { file: 'cloudformation/data-lake.template.json', languageId: 'json', fixable: true },
  { file: 'terraform/logs-bucket.tf', languageId: 'terraform', fixable: true },
  // The finding is on the bucket (main.tf); the fix adds the statement to its policy document in policy.tf.
  { file: 'terraform/s3-website/main.tf', languageId: 'terraform', fixable: true, fixIn: 'policy.tf' },
  // A policy held in an escaped JSON string: the fix rewrites the string.
  { file: 'terraform-json/main.tf.json', languageId: 'json', fixable: true },
  { file: 'cloudformation/cloudfront-site.yaml', languageId: 'yaml', fixable: true, rule: 'DP202' },
  { file: 'terraform/cloudfront-site/main.tf', languageId: 'terraform', fixable: true, rule: 'DP202' },
  { file: 'iam/mfa-dp101-deny-without-mfa.json', languageId: 'json', fixable: true, rule: 'DP101' },
  { file: 'terraform-json/mfa-dp101/main.tf.json', languageId: 'json', fixable: true, rule: 'DP101' },
  { file: 'terraform-json/cloudfront-site/main.tf.json', languageId: 'json', fixable: true, rule: 'DP202' },
  { file: 'cloudformation/fips-endpoint.yaml', languageId: 'yaml', fixable: true, rule: 'DP401' },
  { file: 'iam/fips-topic-policy.json', languageId: 'json', fixable: true, rule: 'DP401' },
  { file: 'terraform/fips-endpoint/main.tf', languageId: 'terraform', fixable: true, rule: 'DP401' },
  { file: 'terraform-json/fips-endpoint/main.tf.json', languageId: 'json', fixable: true, rule: 'DP401' },
  { file: 'iam/mfa-dp102-sensitive-actions.json', languageId: 'json', fixable: true, rule: 'DP102' },
  { file: 'terraform/mfa-dp103/main.tf', languageId: 'terraform', fixable: true, rule: 'DP103' },
  { file: 'cloudformation/mfa-dp104-console-user.yaml', languageId: 'yaml', fixable: false, rule: 'DP104' },
  { file: 'terraform-json/mfa-dp105/main.tf.json', languageId: 'json', fixable: true, rule: 'DP105' },
  { file: 'terraform/mfa-dp106/main.tf', languageId: 'terraform', fixable: false, rule: 'DP106' },
  { file: 'terraform-json/mfa-dp106/main.tf.json', languageId: 'json', fixable: false, rule: 'DP106' },
  { file: 'terraform/fips-provider/main.tf', languageId: 'terraform', fixable: true, rule: 'DP402' },
  { file: 'terraform-json/fips-provider/main.tf.json', languageId: 'json', fixable: true, rule: 'DP402' },
  { file: 'cloudformation/tls-dp301-policies.yaml', languageId: 'yaml', fixable: true, rule: 'DP301' },
  { file: 'terraform/tls-dp301/main.tf', languageId: 'terraform', fixable: true, rule: 'DP301' },
  { file: 'terraform-json/tls-dp301/main.tf.json', languageId: 'json', fixable: true, rule: 'DP301' },
  { file: 'cloudformation/fips-environment.yaml', languageId: 'yaml', fixable: true, rule: 'DP403' },
  { file: 'terraform/fips-environment/main.tf', languageId: 'terraform', fixable: true, rule: 'DP403' },
  { file: 'terraform-json/fips-environment/main.tf.json', languageId: 'json', fixable: true, rule: 'DP403' },
  // AWS CLI/SDK shared config files (VS Code opens them as `ini`).
  { file: 'aws-config/fips-dp401/.aws/config', languageId: 'ini', fixable: true, rule: 'DP401' },
  { file: 'aws-config/fips-dp403/.aws/config', languageId: 'ini', fixable: true, rule: 'DP403' },
  { file: 'aws-config/fips-dp404/.aws/config', languageId: 'ini', fixable: true, rule: 'DP404' },
  { file: 'aws-config/fips-dp404/.aws/credentials', languageId: 'ini', fixable: true, rule: 'DP404' },
  { file: 'cloudformation/tls-dp203-plain-text.yaml', languageId: 'yaml', fixable: true, rule: 'DP203' },
  { file: 'terraform/tls-dp203/main.tf', languageId: 'terraform', fixable: true, rule: 'DP203' },
  { file: 'terraform-json/tls-dp203/main.tf.json', languageId: 'json', fixable: true, rule: 'DP203' },
  { file: 'cloudformation/transport-dp203-parameter-groups.yaml', languageId: 'yaml', fixable: true, rule: 'DP203' },
  { file: 'terraform/transport-dp203-parameter-groups/main.tf', languageId: 'terraform', fixable: true, rule: 'DP203' },
  { file: 'terraform-json/transport-dp203-parameter-groups/main.tf.json', languageId: 'json', fixable: true, rule: 'DP203' },
  { file: 'cloudformation/transport-dp203-transfer-ftp.yaml', languageId: 'yaml', fixable: false, rule: 'DP203' },
  { file: 'terraform/transport-dp203-transfer-ftp/main.tf', languageId: 'terraform', fixable: false, rule: 'DP203' },
  { file: 'terraform-json/transport-dp203-transfer-ftp/main.tf.json', languageId: 'json', fixable: false, rule: 'DP203' },
  { file: 'iam/tls-dp302-bucket-policy.json', languageId: 'json', fixable: true, rule: 'DP302' },
  { file: 'cloudformation/tls-dp302-bucket-policy.yaml', languageId: 'yaml', fixable: true, rule: 'DP302' },
  { file: 'terraform/tls-dp302/main.tf', languageId: 'terraform', fixable: true, rule: 'DP302' },
  { file: 'terraform-json/tls-dp302/main.tf.json', languageId: 'json', fixable: true, rule: 'DP302' },
  { file: 'cloudformation/transport-dp204-bucket-without-policy.yaml', languageId: 'yaml', fixable: true, rule: 'DP204' },
  { file: 'terraform/transport-dp204/main.tf', languageId: 'terraform', fixable: true, rule: 'DP204' },
  { file: 'terraform-json/transport-dp204/main.tf.json', languageId: 'json', fixable: true, rule: 'DP204' },
  { file: 'terraform/transport-dp204-s3-module/main.tf', languageId: 'terraform', fixable: true, rule: 'DP204' },
  { file: 'terraform-json/transport-dp204-s3-module/main.tf.json', languageId: 'json', fixable: true, rule: 'DP204' },
  { file: 'iam/transport-dp205-allow-http.json', languageId: 'json', fixable: true, rule: 'DP205' },
  { file: 'cloudformation/transport-dp205-allow-http.yaml', languageId: 'yaml', fixable: true, rule: 'DP205' },
  { file: 'terraform/transport-dp205/main.tf', languageId: 'terraform', fixable: true, rule: 'DP205' },
  { file: 'terraform-json/transport-dp205/main.tf.json', languageId: 'json', fixable: true, rule: 'DP205' },
  { file: 'iam/transport-dp206-queue-policy.json', languageId: 'json', fixable: true, rule: 'DP206' },
  { file: 'cloudformation/transport-dp206-topic-policy.yaml', languageId: 'yaml', fixable: true, rule: 'DP206' },
  { file: 'terraform/transport-dp206/main.tf', languageId: 'terraform', fixable: true, rule: 'DP206' },
  { file: 'terraform-json/transport-dp206/main.tf.json', languageId: 'json', fixable: true, rule: 'DP206' },
  { file: 'iam/transport-dp207-http-endpoint.json', languageId: 'json', fixable: true, rule: 'DP207' },
  { file: 'cloudformation/transport-dp207-http-endpoint.yaml', languageId: 'yaml', fixable: true, rule: 'DP207' },
  { file: 'terraform/transport-dp207/main.tf', languageId: 'terraform', fixable: true, rule: 'DP207' },
  { file: 'terraform-json/transport-dp207/main.tf.json', languageId: 'json', fixable: true, rule: 'DP207' },
];

describe('samples through the language server', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ rootDir: SAMPLES });
  });
  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
  });

  for (const c of cases) {
    const rule = c.rule ?? 'DP201';
    test(`${c.file}: ${rule} diagnostics match the engine${c.fixable ? ', the quick fix clears them' : ''}`, async () => {
      const abs = path.join(SAMPLES, c.file);
      const text = readFileSync(abs, 'utf8');
      const uri = pathToUri(abs);
      // What the engine reports for the file, with its module's other files from disk (as the server does).
      const e = await engine();
      const dir = path.dirname(abs);
      const siblings = c.languageId === 'terraform' ? readdirSync(dir).filter((n) => n.endsWith('.tf')).map((n) => ({ path: path.join(dir, n), text: readFileSync(path.join(dir, n), 'utf8') })) : [];
      const expected = e.analyzeDocument({ path: abs, text }, siblings).findings.filter((f) => f.ruleId === rule);
      assert.ok(expected.length > 0, `the sample shows ${rule}`);

      await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: c.languageId, version: 1, text } });
      const got = (await client.diagnosticsFor(uri, 1)).diagnostics.filter((d) => d.code === rule);
      assert.deepEqual(
        got.map((d) => d.range),
        expected.map((f) => f.range),
      );
      assert.ok(got.every((d) => d.codeDescription?.href.endsWith(`${rule}.md`)));

      const actions = ((await client.conn.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: got[0].range,
        context: { diagnostics: [got[0]], only: [CodeActionKind.QuickFix] },
      })) ?? []) as CodeAction[];
      const fixes = actions.filter((a) => a.edit);
      // Every diagnostic can be suppressed and has its documentation, fixable or not.
      assert.ok(actions.some((a) => a.command?.command === 'awsdp.suppress'));
      assert.ok(actions.some((a) => a.command?.command === 'awsdp.showRuleDocumentation'));
      if (!c.fixable) {
        assert.deepEqual(fixes, []);
        return;
      }
      if (c.fixIn) {
        // The edits are in the other file; applied there, the engine no longer reports the finding.
        const other = path.join(dir, c.fixIn);
        const otherEdits = fixes[0]?.edit?.changes?.[pathToUri(other)];
        assert.ok(otherEdits?.length, `a quick fix with edits for ${c.fixIn}`);
        assert.equal(fixes[0]?.edit?.changes?.[uri], undefined, `the quick fix edits only ${c.fixIn}`);
        const fixedOther = TextDocument.applyEdits(TextDocument.create(pathToUri(other), c.languageId, 1, readFileSync(other, 'utf8')), otherEdits);
        const again = e.analyzeDocument({ path: abs, text }, siblings.map((s) => (s.path === other ? { ...s, text: fixedOther } : s))).findings.filter((f) => f.ruleId === rule);
        assert.deepEqual(again, [], `${rule} remains after the fix:\n${fixedOther}`);
        return;
      }
      const edits = fixes[0]?.edit?.changes?.[uri];
      assert.ok(edits?.length, `a quick fix with edits for ${c.file}`);
      const fixed = TextDocument.applyEdits(TextDocument.create(uri, c.languageId, 1, text), edits);
      await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
      const after = (await client.diagnosticsFor(uri, 2)).diagnostics;
      assert.deepEqual(after.filter((d) => d.code === rule), [], `${rule} remains after the fix:\n${fixed}`);
      assert.equal(readFileSync(abs, 'utf8'), text, 'the sample on disk is untouched');
    });
  }
});
