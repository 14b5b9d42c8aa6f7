/**
 * Workspace scan through the bundled server over stdio: diagnostics for files nobody opened, with
 * work-done progress; .gitignore, files.exclude and the size limit honoured; kept current by file
 * watcher events (created, changed, deleted; a Terraform module re-analysed as a unit); closing a
 * file keeps its problems; the configuration file (valid or not) and settings apply without restart;
 * cancellation; scan on startup; multi-root.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  FileChangeType,
  WorkDoneProgressCancelNotification,
  type Diagnostic,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { EDITOR_CAPABILITIES, pathToUri, TestClient, writeFileAt as write } from './server-lsp-client';

const OPEN_POLICY = `${JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }, null, 2)}\n`;
const CLEAN_JSON = '{"name": "not a policy"}\n';
const CFN = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: my-bucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: arn:aws:s3:::my-bucket/*
`;
const TF_MAIN = `resource "aws_s3_bucket" "b" {
  bucket = "logs"
}
`;
const TF_POLICY = `resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "\${aws_s3_bucket.b.arn}/*"
    }]
  })
}
`;

const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d: Diagnostic) => d.code).filter(Boolean);
const msg = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

async function scan(client: TestClient): Promise<{ files: number; findings: number; cancelled: boolean; skippedLarge: number }> {
  return (await client.conn.sendRequest(ExecuteCommandRequest.type, { command: 'awsdp.scanWorkspace', arguments: [] })) as never;
}

describe('workspace scan over LSP', () => {
  let root: string;
  let client: TestClient;
  let settings: Record<string, unknown> = {};
  const uri = (rel: string) => pathToUri(path.join(root, rel));

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'awsdp-ws-'));
    write(root, 'policies/open.json', OPEN_POLICY);
    write(root, 'policies/clean.json', CLEAN_JSON);
    write(root, 'cfn/template.yaml', CFN);
    write(root, 'tf/main.tf', TF_MAIN);
    write(root, 'tf/policy.tf', TF_POLICY);
    write(root, '.gitignore', 'ignored/\n');
    write(root, 'ignored/open.json', OPEN_POLICY);
    write(root, 'hidden/open.json', OPEN_POLICY);
    write(root, 'node_modules/pkg/open.json', OPEN_POLICY);
    // Over the 10 MB limit: skipped with one clear message.
    write(root, 'big/huge.json', `{"Version": "2012-10-17", "Statement": [], "pad": "${'x'.repeat(10 * 1024 * 1024 + 10)}"}`);
    client = await TestClient.start({
      rootDir: root,
      capabilities: EDITOR_CAPABILITIES,
      settings: (item) => (item.section === 'files.exclude' ? { '**/hidden': true, '**/off': false } : item.section === 'awsdp' ? settings : {}),
    });
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('Scan Workspace publishes diagnostics for unopened files, with progress; .gitignore, files.exclude, node_modules and the size limit honoured', async () => {
    const summary = await scan(client);
    assert.equal(summary.cancelled, false);
    assert.equal(summary.skippedLarge, 1);
    for (const rel of ['policies/open.json', 'cfn/template.yaml', 'tf/main.tf']) {
      const p = await client.diagnostics(uri(rel));
      assert.ok(codes(p).includes('DP201'), `${rel}: ${JSON.stringify(p)}`);
      assert.ok(p.diagnostics.every((d) => d.code === undefined || d.codeDescription?.href.endsWith(`${String(d.code)}.md`)));
    }
    const published = new Set(client.published.map((p) => p.uri));
    for (const rel of ['ignored/open.json', 'hidden/open.json', 'node_modules/pkg/open.json', 'policies/clean.json']) assert.ok(!published.has(uri(rel)), `${rel} is not reported`);
    const big = await client.diagnostics(uri('big/huge.json'));
    assert.equal(big.diagnostics.length, 1);
    assert.match(msg(big.diagnostics[0]), /file skipped: larger than 10 MB/);
    assert.ok(client.logs.some((l) => /workspace scan done: .*1 file skipped: larger than 10 MB/.test(l)), client.logs.join('\n'));
    // Progress: created, begun (cancellable), ended.
    assert.ok(client.progressTokens.length >= 1);
    const values = client.progress.filter((p) => p.token === client.progressTokens[0]).map((p) => p.value as { kind: string; cancellable?: boolean });
    assert.equal(values[0].kind, 'begin');
    assert.equal(values[0].cancellable, true);
    assert.equal(values[values.length - 1].kind, 'end');
    // The server's first line in the log: who, what, where.
    const first = client.logs.find((l) => l.startsWith('awsdp language server'));
    assert.match(first ?? '', /^awsdp language server \d+\.\d+\.\d+ over stdio, node v\d+.*; workspace roots: .*awsdp-ws-.*; config files: none$/, client.logs.join('\n'));
  });

  test('watcher: a created file is analysed, a changed one again, a deleted one cleared', async () => {
    const created = write(root, 'policies/new.json', OPEN_POLICY);
    let next = client.diagnostics(uri('policies/new.json'), (p) => codes(p).includes('DP201'), { includePast: false });
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToUri(created), type: FileChangeType.Created }] });
    await next;

    write(root, 'policies/open.json', CLEAN_JSON);
    next = client.diagnostics(uri('policies/open.json'), (p) => p.diagnostics.length === 0, { includePast: false });
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('policies/open.json'), type: FileChangeType.Changed }] });
    await next;

    rmSync(created);
    next = client.diagnostics(uri('policies/new.json'), (p) => p.diagnostics.length === 0, { includePast: false });
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToUri(created), type: FileChangeType.Deleted }] });
    await next;

    // A file created in a .gitignore'd directory is not analysed.
    const ignored = write(root, 'ignored/new.json', OPEN_POLICY);
    const before = client.published.length;
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToUri(ignored), type: FileChangeType.Created }] });
    // A later event that does publish proves the first was handled (events are handled in order).
    write(root, 'policies/open.json', OPEN_POLICY);
    next = client.diagnostics(uri('policies/open.json'), (p) => codes(p).includes('DP201'), { includePast: false });
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('policies/open.json'), type: FileChangeType.Changed }] });
    await next;
    assert.ok(!client.published.slice(before).some((p) => p.uri === pathToUri(ignored)));
  });

  test('watcher: a change to one Terraform file re-analyses its module (the other file is published again)', async () => {
    // DP201 sits on the bucket (main.tf); the policy is in policy.tf.
    const next = client.diagnostics(uri('tf/main.tf'), (p) => codes(p).includes('DP201'), { includePast: false });
    write(root, 'tf/policy.tf', `${TF_POLICY}\n# edited\n`);
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('tf/policy.tf'), type: FileChangeType.Changed }] });
    await next;
    // The policy now denies plain HTTP: the bucket in the other file is clean.
    const secure = TF_POLICY.replace('Statement = [{', 'Statement = [{\n      Sid = "DenyHttp"\n      Effect = "Deny"\n      Principal = "*"\n      Action = "s3:*"\n      Resource = ["${aws_s3_bucket.b.arn}", "${aws_s3_bucket.b.arn}/*"]\n      Condition = { Bool = { "aws:SecureTransport" = "false" } }\n    }, {');
    const cleared = client.diagnostics(uri('tf/main.tf'), (p) => !codes(p).includes('DP201'), { includePast: false });
    write(root, 'tf/policy.tf', secure);
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('tf/policy.tf'), type: FileChangeType.Changed }] });
    await cleared;
    write(root, 'tf/policy.tf', TF_POLICY);
    const back = client.diagnostics(uri('tf/main.tf'), (p) => codes(p).includes('DP201'), { includePast: false });
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('tf/policy.tf'), type: FileChangeType.Changed }] });
    await back;
  });

  test('closing a file keeps the problems the workspace scan found', async () => {
    const u = uri('cfn/template.yaml');
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'yaml', version: 1, text: CFN } });
    await client.diagnosticsFor(u, 1);
    const mark = client.published.length;
    const next = client.diagnostics(u, (p) => p.version === undefined && codes(p).includes('DP201'), { includePast: false });
    await client.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: u } });
    await next;
    const after = client.published.slice(mark).filter((p) => p.uri === u);
    assert.ok(after.every((p) => p.diagnostics.length > 0), `never cleared: ${JSON.stringify(after)}`);
  });

  test('.awsdp.yaml: a change applies to scanned files without restart; an invalid one gives one diagnostic on the config file', async () => {
    const cfg = uri('.awsdp.yaml');
    write(root, '.awsdp.yaml', 'rules:\n  DP201: off\n');
    let next = client.diagnostics(uri('policies/open.json'), (p) => !codes(p).includes('DP201'), { includePast: false });
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: cfg, type: FileChangeType.Created }] });
    await next;

    write(root, '.awsdp.yaml', 'rules:\n  DP201: off\nfipz: required\n');
    const bad = client.diagnostics(cfg, (p) => p.diagnostics.length === 1, { includePast: false });
    next = client.diagnostics(uri('policies/open.json'), (p) => codes(p).includes('DP201'), { includePast: false });
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: cfg, type: FileChangeType.Changed }] });
    const d = (await bad).diagnostics[0];
    assert.match(msg(d), /Invalid awsdp configuration .*unknown key "fipz"/);
    assert.deepEqual(d.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 4 } });
    await next; // defaults again: DP201 back

    rmSync(path.join(root, '.awsdp.yaml'));
    const cleared = client.diagnostics(cfg, (p) => p.diagnostics.length === 0, { includePast: false });
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: cfg, type: FileChangeType.Deleted }] });
    await cleared;
  });

  test('an open .awsdp.yaml is checked as you type; closing it goes back to what the file on disk says', async () => {
    const cfg = uri('.awsdp.yaml');
    await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: cfg, languageId: 'yaml', version: 1, text: 'rules:\n  DP201: loud\n' } });
    const d = (await client.diagnosticsFor(cfg, 1)).diagnostics;
    assert.equal(d.length, 1, JSON.stringify(d));
    assert.match(msg(d[0]), /rule "DP201": expected error, warning, info or off/);
    assert.equal(d[0].range.start.line, 1);
    await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: cfg, version: 2 }, contentChanges: [{ text: 'rules:\n  DP201: warning\n' }] });
    assert.deepEqual((await client.diagnosticsFor(cfg, 2)).diagnostics, []);
    await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: cfg, version: 3 }, contentChanges: [{ text: 'rulez: {}\n' }] });
    assert.equal((await client.diagnosticsFor(cfg, 3)).diagnostics.length, 1);
    // Closed unsaved: there is no file on disk, so nothing is wrong with it.
    const cleared = client.diagnostics(cfg, (p) => p.diagnostics.length === 0, { includePast: false });
    await client.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: cfg } });
    await cleared;
  });

  test('settings: awsdp.rules and awsdp.exclude apply to scanned files without restart', async () => {
    // Reported now (after the config tests' last scan), so that the change below is news.
    await client.diagnostics(uri('cfn/template.yaml'), (p) => codes(p).includes('DP201'));
    settings = { rules: { DP201: 'off' } };
    let next = client.diagnostics(uri('cfn/template.yaml'), (p) => !codes(p).includes('DP201'), { includePast: false });
    await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await next;
    await client.diagnostics(uri('tf/main.tf'), (p) => !codes(p).includes('DP201'));
    settings = { exclude: ['tf/**'] };
    // DP201 is on again (the rules setting is gone), except in the excluded directory.
    next = client.diagnostics(uri('cfn/template.yaml'), (p) => codes(p).includes('DP201'), { includePast: false });
    const back = client.diagnostics(uri('policies/open.json'), (p) => codes(p).includes('DP201'), { includePast: false });
    await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await Promise.all([next, back]);
    await scan(client); // returns once the whole workspace was published
    assert.ok(!codes((await client.diagnostics(uri('tf/main.tf'))) as PublishDiagnosticsParams).includes('DP201'), 'tf/ is excluded');
    settings = {};
  });
});

describe('settings that reach the engine', () => {
  test('awsdp.sensitiveData.patterns: the user\'s pattern is reported (DP501) once the setting is there, and not after', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'awsdp-ws-pat-'));
    const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: orders-EMP-123456\n';
    write(root, 'q.yaml', text);
    let settings: Record<string, unknown> = {};
    const client = await TestClient.start({ rootDir: root, capabilities: EDITOR_CAPABILITIES, settings: (item) => (item.section === 'awsdp' ? settings : {}) });
    try {
      const u = pathToUri(path.join(root, 'q.yaml'));
      await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'yaml', version: 1, text } });
      const first = await client.diagnosticsFor(u, 1);
      assert.ok(!codes(first).includes('DP501'), JSON.stringify(first));
      settings = { sensitiveData: { patterns: [{ name: 'employee id', pattern: 'EMP-[0-9]{6}' }] } };
      const on = client.diagnostics(u, (p) => codes(p).includes('DP501'), { includePast: false });
      await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      const d = (await on).diagnostics.find((x) => x.code === 'DP501')!;
      assert.match(msg(d), /employee id/);
      assert.doesNotMatch(msg(d), /EMP-123456/, 'the value is not repeated in full');
      settings = {};
      const off = client.diagnostics(u, (p) => !codes(p).includes('DP501'), { includePast: false });
      await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      await off;
    } finally {
      assert.equal(await client.stop(), 0);
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('settings that reach the engine: TLS minimum', () => {
  test('awsdp.tls.minimum "1.3" reports a TLS 1.2 listener policy (DP301); "1.2" does not', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'awsdp-ws-tls-'));
    const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  L:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Properties:\n      Protocol: HTTPS\n      Port: 443\n      SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06\n      LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/a/1\n      DefaultActions: []\n';
    write(root, 'l.yaml', text);
    let settings: Record<string, unknown> = { tls: { minimum: '1.2' } };
    const client = await TestClient.start({ rootDir: root, capabilities: EDITOR_CAPABILITIES, settings: (item) => (item.section === 'awsdp' ? settings : {}) });
    try {
      const u = pathToUri(path.join(root, 'l.yaml'));
      await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'yaml', version: 1, text } });
      assert.ok(!codes(await client.diagnosticsFor(u, 1)).includes('DP301'));
      settings = { tls: { minimum: '1.3' } };
      const on = client.diagnostics(u, (p) => codes(p).includes('DP301'), { includePast: false });
      await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      assert.match(msg((await on).diagnostics.find((d) => d.code === 'DP301')!), /requires TLS 1\.3/);
    } finally {
      assert.equal(await client.stop(), 0);
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('workspace scan: cancellation, startup, multi-root', () => {
  test('typing is not held up by a running scan: an open file is analysed again while the scan goes on', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'awsdp-ws-typing-'));
    for (let i = 0; i < 1500; i++) write(root, `p/${String(i).padStart(4, '0')}.json`, OPEN_POLICY);
    write(root, 'open.json', OPEN_POLICY);
    const client = await TestClient.start({ rootDir: root, capabilities: EDITOR_CAPABILITIES, settings: () => ({}), initializationOptions: { changeDelayMs: 0 } });
    try {
      const u = pathToUri(path.join(root, 'open.json'));
      await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'json', version: 1, text: OPEN_POLICY } });
      await client.diagnosticsFor(u, 1);
      const result = scan(client);
      // Once the scan has published its first files, type in the open file.
      await client.diagnostics(pathToUri(path.join(root, 'p', '0000.json')), (p) => codes(p).includes('DP201'));
      await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: u, version: 2 }, contentChanges: [{ text: CLEAN_JSON }] });
      await client.diagnosticsFor(u, 2);
      const lastFile = pathToUri(path.join(root, 'p', '1499.json'));
      assert.ok(!client.published.some((p) => p.uri === lastFile), 'the edit was analysed before the scan reached its last file');
      const summary = await result;
      assert.equal(summary.cancelled, false);
      assert.equal(summary.files, 1501);
    } finally {
      assert.equal(await client.stop(), 0);
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('cancelling the progress stops the scan early', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'awsdp-ws-cancel-'));
    for (let i = 0; i < 1500; i++) write(root, `p/${String(i).padStart(4, '0')}.json`, OPEN_POLICY);
    const client = await TestClient.start({ rootDir: root, capabilities: EDITOR_CAPABILITIES, settings: () => ({}) });
    try {
      // Cancel as soon as the scan says it began.
      const began = new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          const b = client.progress.find((p) => (p.value as { kind: string }).kind === 'begin');
          if (b) {
            clearInterval(timer);
            void client.conn.sendNotification(WorkDoneProgressCancelNotification.type, { token: b.token });
            resolve();
          }
        }, 1);
      });
      const result = scan(client);
      await began;
      const summary = await result;
      assert.equal(summary.cancelled, true);
      assert.ok(summary.files < 1500, `stopped early: ${summary.files}`);
      assert.ok(client.logs.some((l) => /workspace scan cancelled/.test(l)));
    } finally {
      assert.equal(await client.stop(), 0);
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('awsdp.scanOnStartup scans every workspace folder at start (multi-root)', async () => {
    const a = mkdtempSync(path.join(tmpdir(), 'awsdp-ws-a-'));
    const b = mkdtempSync(path.join(tmpdir(), 'awsdp-ws-b-'));
    write(a, 'x.json', OPEN_POLICY);
    write(b, 'y.yaml', CFN);
    const client = await TestClient.start({ rootDir: a, capabilities: EDITOR_CAPABILITIES, settings: (item) => (item.section === 'awsdp' ? { scanOnStartup: true } : {}), extraFolders: [b] });
    try {
      await client.diagnostics(pathToUri(path.join(a, 'x.json')), (p) => codes(p).includes('DP201'));
      await client.diagnostics(pathToUri(path.join(b, 'y.yaml')), (p) => codes(p).includes('DP201'));
    } finally {
      assert.equal(await client.stop(), 0);
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });

  test('a client without workspace/configuration turns the startup scan on with initializationOptions.scanOnStartup', async () => {
    const a = mkdtempSync(path.join(tmpdir(), 'awsdp-ws-init-'));
    write(a, 'x.json', OPEN_POLICY);
    const client = await TestClient.start({ rootDir: a, initializationOptions: { scanOnStartup: true } });
    try {
      await client.diagnostics(pathToUri(path.join(a, 'x.json')), (p) => codes(p).includes('DP201'));
      assert.deepEqual(client.unexpectedRequests, [], 'no progress or configuration requests to a client that did not declare them');
    } finally {
      assert.equal(await client.stop(), 0);
      rmSync(a, { recursive: true, force: true });
    }
  });
});
