/**
 * Editor features of the language server, through the bundled dist/server.js over stdio (a plain
 * JSON-RPC client, nothing VS Code specific): hover on condition keys and TLS policy names, Fix all
 * (`source.fixAll.awsdp`), "Suppress with a reason" in YAML, Terraform, CloudFormation JSON and
 * plain policy JSON, and "Show documentation". Sample files are copied to a temporary root; the
 * server never writes them (edits come back to the client, which applies them).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  FileChangeType,
  HoverRequest,
  type CodeAction,
  type Diagnostic,
  type MarkupContent,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EDITOR_CAPABILITIES, pathToUri, REPO_ROOT, TestClient } from './server-lsp-client';

const SAMPLES = path.join(REPO_ROOT, 'samples');

const msg = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

interface Opened {
  uri: string;
  text: string;
  version: number;
  languageId: string;
}

async function open(client: TestClient, root: string, rel: string, languageId: string): Promise<{ doc: Opened; diagnostics: Diagnostic[] }> {
  const abs = path.join(root, rel);
  const text = readFileSync(abs, 'utf8');
  const uri = pathToUri(abs);
  await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  const diagnostics = (await client.diagnosticsFor(uri, 1)).diagnostics;
  return { doc: { uri, text, version: 1, languageId }, diagnostics };
}

async function change(client: TestClient, doc: Opened, text: string): Promise<Diagnostic[]> {
  doc.version++;
  doc.text = text;
  await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: doc.uri, version: doc.version }, contentChanges: [{ text }] });
  return (await client.diagnosticsFor(doc.uri, doc.version)).diagnostics;
}

function apply(doc: Opened, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create(doc.uri, doc.languageId, doc.version, doc.text), edits);
}

/** The edits of a WorkspaceEdit for one URI (from `changes` or `documentChanges`). */
function editsFor(edit: WorkspaceEdit, uri: string): TextEdit[] {
  const fromChanges = edit.changes?.[uri] ?? [];
  const fromDocs = (edit.documentChanges ?? []).filter((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri).flatMap((c) => c.edits as TextEdit[]);
  return [...fromChanges, ...fromDocs];
}

async function actions(client: TestClient, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return ((await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } })) ?? []) as CodeAction[];
}

describe('editor features over LSP', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'awsdp-editor-'));
    cpSync(SAMPLES, root, { recursive: true });
    client = await TestClient.start({ rootDir: root, capabilities: EDITOR_CAPABILITIES, settings: () => ({}) });
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('initialize advertises hover, fix-all and the commands', () => {
    const caps = client.initializeResult!.capabilities;
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.awsdp'] });
    assert.deepEqual((caps.executeCommandProvider?.commands ?? []).slice().sort(), ['awsdp.scanWorkspace', 'awsdp.showRuleDocumentation', 'awsdp.suppress']);
  });

  test('hover on aws:SecureTransport and s3:TlsVersion: meaning and recommendation, on the key token', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*', Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
      ],
    };
    writeFileSync(path.join(root, 'hover-policy.json'), JSON.stringify(policy, null, 2));
    const { doc } = await open(client, root, 'hover-policy.json', 'json');
    for (const key of ['aws:SecureTransport', 's3:TlsVersion']) {
      const at = doc.text.indexOf(key);
      assert.ok(at > 0, `${key} is in the sample`);
      const td = TextDocument.create(doc.uri, 'json', 1, doc.text);
      const h = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: doc.uri }, position: td.positionAt(at + 3) });
      assert.ok(h, `a hover for ${key}`);
      const md = (h.contents as MarkupContent).value as string;
      assert.match(md, new RegExp(`\\*\\*${key}\\*\\*`));
      assert.match(md, /AWS recommends/);
      assert.deepEqual(h.range, { start: td.positionAt(at), end: td.positionAt(at + key.length) });
    }
    const td = TextDocument.create(doc.uri, 'json', 1, doc.text);
    const none = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: doc.uri }, position: td.positionAt(doc.text.indexOf('Statement') + 2) });
    assert.equal(none, null, 'no hover on an ordinary key');
  });

  test('hover on aws:MultiFactorAuthPresent recommends BoolIfExists; on a TLS policy name gives its minimum and the recommended policy', async () => {
    const { doc } = await open(client, root, 'cloudformation/mfa-dp101-ineffective-condition.yaml', 'yaml');
    const td = TextDocument.create(doc.uri, 'yaml', 1, doc.text);
    const at = doc.text.indexOf('aws:MultiFactorAuthPresent');
    const h = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: doc.uri }, position: td.positionAt(at + 10) });
    assert.match((h!.contents as MarkupContent).value as string, /BoolIfExists/);

    const tf = await open(client, root, 'terraform/tls-dp301/main.tf', 'terraform');
    const m = /"(ELBSecurityPolicy-TLS-1-1-2017-01)"/.exec(tf.doc.text);
    assert.ok(m, 'the DP301 sample names a weak policy');
    const ttd = TextDocument.create(tf.doc.uri, 'terraform', 1, tf.doc.text);
    const h2 = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: tf.doc.uri }, position: ttd.positionAt(m.index + 3) });
    const md = (h2!.contents as MarkupContent).value as string;
    assert.match(md, /TLS security policy/);
    assert.match(md, /accepts \*\*TLS 1\.1\*\*/);
    assert.match(md, /AWS recommends \*\*/);
  });

  test('Fix all (source.fixAll.awsdp) applies every safe fix in one edit and the file is left without fixable findings', async () => {
    // Two weak TLS policies and one non-FIPS endpoint: three safe fixes in one file.
    const yaml = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  Listener:',
      '    Type: AWS::ElasticLoadBalancingV2::Listener',
      '    Properties:',
      '      Protocol: HTTPS',
      '      Port: 443',
      '      SslPolicy: ELBSecurityPolicy-2016-08',
      '      LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/a/1',
      '      DefaultActions: []',
      '  Listener2:',
      '    Type: AWS::ElasticLoadBalancingV2::Listener',
      '    Properties:',
      '      Protocol: HTTPS',
      '      Port: 8443',
      '      SslPolicy: ELBSecurityPolicy-TLS-1-1-2017-01',
      '      LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/a/1',
      '      DefaultActions: []',
      '',
    ].join('\n');
    writeFileSync(path.join(root, 'fixall.yaml'), yaml);
    const { doc, diagnostics } = await open(client, root, 'fixall.yaml', 'yaml');
    assert.equal(diagnostics.filter((d) => d.code === 'DP301').length, 2, JSON.stringify(diagnostics));
    const got = await actions(client, doc.uri, [], ['source.fixAll']);
    assert.equal(got.length, 1);
    assert.equal(got[0].kind, 'source.fixAll.awsdp');
    const fixed = apply(doc, editsFor(got[0].edit!, doc.uri));
    assert.equal((fixed.match(/SslPolicy: ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09/g) ?? []).length, 2, fixed);
    assert.doesNotMatch(fixed, /2016-08|TLS-1-1-2017/);
    const after = await change(client, doc, fixed);
    assert.deepEqual(after.filter((d) => d.code === 'DP301'), []);
    // Nothing left to fix: no fix-all action.
    assert.deepEqual(await actions(client, doc.uri, [], ['source.fixAll.awsdp']), []);
    // Plain lightbulb requests (no `only`) do not compute fix-all.
    const plain = await actions(client, doc.uri, after);
    assert.ok(plain.every((a) => a.kind !== 'source.fixAll.awsdp'));
  });

  test('Fix all in a file whose safe fixes overlap (DP302 and another condition on one statement) leaves a file that parses', async () => {
    const { doc, diagnostics } = await open(client, root, 'cloudformation/tls-dp302-bucket-policy.yaml', 'yaml');
    assert.ok(diagnostics.some((d) => d.code === 'DP302'));
    const got = await actions(client, doc.uri, [], ['source.fixAll.awsdp']);
    assert.equal(got.length, 1);
    const fixed = apply(doc, editsFor(got[0].edit!, doc.uri));
    const after = await change(client, doc, fixed);
    assert.deepEqual(after.filter((d) => d.code === 'DP302'), []);
    assert.ok(!after.some((d) => d.code === undefined && /parse|YAML|JSON/i.test(msg(d))), `no parse error: ${JSON.stringify(after)}`);
  });

  test('quick fixes come first, the safe one preferred; then Suppress and Show documentation for each diagnostic', async () => {
    const { doc, diagnostics } = await open(client, root, 'terraform/tls-dp301/main.tf', 'terraform');
    const d = diagnostics.find((x) => x.code === 'DP301')!;
    const got = await actions(client, doc.uri, [d], ['quickfix']);
    assert.ok(got[0].edit && got[0].isPreferred, 'the safe fix first and preferred');
    const titles = got.map((a) => a.title);
    assert.ok(titles.includes('Suppress DP301 with a reason…'), titles.join('; '));
    assert.ok(titles.includes('Show documentation for DP301'), titles.join('; '));
    const docs = got.find((a) => a.title === 'Show documentation for DP301')!;
    await client.conn.sendRequest(ExecuteCommandRequest.type, { command: docs.command!.command, arguments: docs.command!.arguments });
    assert.ok(client.shownDocuments.some((s) => s.uri.endsWith('/DP301.md') && s.external === true), JSON.stringify(client.shownDocuments));
  });

  async function suppress(rel: string, languageId: string, rule: string, reason: string | undefined): Promise<{ doc: Opened; edit: WorkspaceEdit }> {
    const { doc, diagnostics } = await open(client, root, rel, languageId);
    const d = diagnostics.find((x) => x.code === rule);
    assert.ok(d, `${rel} shows ${rule}`);
    const got = await actions(client, doc.uri, [d], ['quickfix']);
    const s = got.find((a) => a.command?.command === 'awsdp.suppress')!;
    assert.ok(s, 'a suppress action');
    const args = { ...(s.command!.arguments![0] as object), ...(reason !== undefined ? { reason } : {}) };
    const before = client.appliedEdits.length;
    const r = (await client.conn.sendRequest(ExecuteCommandRequest.type, { command: 'awsdp.suppress', arguments: [args] })) as { applied: boolean };
    assert.equal(r.applied, true, JSON.stringify(r));
    assert.equal(client.appliedEdits.length, before + 1);
    return { doc, edit: client.appliedEdits[before].edit };
  }

  test('Suppress in CloudFormation YAML: an awsdp-ignore comment with the reason above the finding; the diagnostic goes away', async () => {
    const { doc, edit } = await suppress('cloudformation/bucket-policy-missing-tls.yaml', 'yaml', 'DP201', 'TLS is enforced at CloudFront\nsecond line');
    const fixed = apply(doc, editsFor(edit, doc.uri));
    assert.match(fixed, /\n[ ]+# awsdp-ignore DP201: TLS is enforced at CloudFront second line\n/);
    const after = await change(client, doc, fixed);
    assert.deepEqual(after.filter((d) => d.code === 'DP201'), []);
    assert.deepEqual(after.filter((d) => /awsdp-ignore/.test(msg(d))), [], 'no notice about the directive');
  });

  test('Suppress in Terraform: a # awsdp-ignore comment; without a reason the engine asks for one', async () => {
    const { doc, edit } = await suppress('terraform/mfa-dp104/main.tf', 'terraform', 'DP104', undefined);
    const fixed = apply(doc, editsFor(edit, doc.uri));
    assert.match(fixed, /# awsdp-ignore DP104\n/);
    const after = await change(client, doc, fixed);
    assert.deepEqual(after.filter((d) => d.code === 'DP104'), []);
    assert.ok(after.some((d) => /has no reason/.test(msg(d))), JSON.stringify(after));
  });

  test('Suppress in CloudFormation JSON: Metadata awsdp.ignore on the resource; the file stays valid JSON', async () => {
    const { doc, edit } = await suppress('cloudformation/data-lake.template.json', 'json', 'DP201', 'raw zone is private');
    const fixed = apply(doc, editsFor(edit, doc.uri));
    const parsed = JSON.parse(fixed) as { Resources: Record<string, { Metadata?: { awsdp?: { ignore?: unknown } } }> };
    const withMeta = Object.entries(parsed.Resources).filter(([, r]) => r.Metadata?.awsdp?.ignore);
    assert.equal(withMeta.length, 1);
    assert.deepEqual(withMeta[0][1].Metadata!.awsdp!.ignore, [{ rule: 'DP201', reason: 'raw zone is private' }]);
    const after = await change(client, doc, fixed);
    assert.deepEqual(after.filter((d) => d.code === 'DP201'), []);
  });

  test('Suppress in plain policy JSON: an ignore entry in .awsdp.yaml (created); once written, the finding is gone', async () => {
    assert.ok(!existsSync(path.join(root, '.awsdp.yaml')));
    const { doc, edit } = await suppress('iam/shared-reports-bucket-policy.json', 'json', 'DP201', 'public website: TLS at CloudFront');
    const cfgUri = pathToUri(path.join(root, '.awsdp.yaml'));
    assert.ok(edit.documentChanges?.some((c) => 'kind' in c && c.kind === 'create' && c.uri === cfgUri), JSON.stringify(edit));
    assert.deepEqual(editsFor(edit, doc.uri), [], 'the policy file itself is not edited');
    const cfg = editsFor(edit, cfgUri).map((e) => e.newText).join('');
    assert.match(cfg, /files: "iam\/shared-reports-bucket-policy\.json"/);
    assert.match(cfg, /reason: "public website: TLS at CloudFront"/);
    // The client applies it (creates the file); the watcher tells the server.
    writeFileSync(path.join(root, '.awsdp.yaml'), cfg);
    const next = client.diagnostics(doc.uri, (p) => !p.diagnostics.some((d) => d.code === 'DP201'), { includePast: false });
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: cfgUri, type: FileChangeType.Created }] });
    await next;
    rmSync(path.join(root, '.awsdp.yaml'));
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: cfgUri, type: FileChangeType.Deleted }] });
    await client.diagnostics(doc.uri, (p) => p.diagnostics.some((d) => d.code === 'DP201'), { includePast: false });
  });
});
