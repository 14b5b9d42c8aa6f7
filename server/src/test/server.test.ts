/**
 * End-to-end tests of the language server: the bundled dist/server.js is spawned with --stdio and
 * driven by a plain JSON-RPC client (server-lsp-client.ts). Build first: `node scripts/build.mjs`.
 */
import assert from 'node:assert/strict';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionKind,
  CodeActionRequest,
  createMessageConnection,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  FileChangeType,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  MessageType,
  ShutdownRequest,
  SocketMessageReader,
  SocketMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Command,
  type Diagnostic,
  type MessageConnection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixture } from './fixtures';
import { pathToUri, RICH_CAPABILITIES, SERVER_JS, TestClient, withTimeout, PROTOCOL_WAIT_MS } from './server-lsp-client';

const BUCKET_POLICY = `${JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
  },
  null,
  2,
)}\n`;

const CFN_TEMPLATE = fixture('cloudformation/bucket-policy.yaml');

/** A policy cut off mid-statement: a parse error, and no complete statement to judge. */
const TRUNCATED_POLICY = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Principal": "*", "Act';

function makeRoot(files: Record<string, string> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'awsdp-lsp-'));
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(root, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return root;
}

async function open(client: TestClient, uri: string, languageId: string, text: string, version = 1): Promise<void> {
  await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
}

async function change(client: TestClient, uri: string, version: number, text: string): Promise<void> {
  await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
}

async function codeActions(client: TestClient, uri: string, diagnostics: Diagnostic[], only: string[] = [CodeActionKind.QuickFix]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const res = (await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, only } })) ?? [];
  return res.filter((a: CodeAction | Command): a is CodeAction => 'kind' in a || 'edit' in a);
}

function only(diags: Diagnostic[], code: string): Diagnostic[] {
  return diags.filter((d) => d.code === code);
}

/**
 * The full loop a user sees: open → DP201 diagnostic → quick fix → apply it → the document is clean.
 * Returns the fixed text.
 */
async function fixRoundTrip(client: TestClient, uri: string, languageId: string, text: string): Promise<string> {
  await open(client, uri, languageId, text);
  const first = await client.diagnosticsFor(uri, 1);
  const dp201 = only(first.diagnostics, 'DP201');
  assert.equal(dp201.length, 1, `expected one DP201 diagnostic, got ${JSON.stringify(first.diagnostics)}`);
  const d = dp201[0];
  assert.equal(d.source, 'awsdp');
  assert.ok(d.severity !== undefined && d.severity >= DiagnosticSeverity.Error && d.severity <= DiagnosticSeverity.Information);
  assert.match(d.codeDescription?.href ?? '', /^https:\/\/.*DP201/);
  assert.ok(typeof d.message === 'string' && d.message.length > 0);

  const actions = await codeActions(client, uri, [d]);
  assert.ok(actions.length >= 1, 'no quick fix offered for DP201');
  const action = actions[0];
  assert.equal(action.kind, CodeActionKind.QuickFix);
  assert.deepEqual(action.diagnostics, [d]);
  assert.ok(action.title.length > 0);
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits && edits.length > 0, `the quick fix has no edits for ${uri}: ${JSON.stringify(action.edit)}`);

  const fixed = TextDocument.applyEdits(TextDocument.create(uri, languageId, 1, text), edits);
  assert.notEqual(fixed, text);
  assert.match(fixed, /aws:SecureTransport/);
  await change(client, uri, 2, fixed);
  const second = await client.diagnosticsFor(uri, 2);
  assert.deepEqual(second.diagnostics, [], `diagnostics remain after the fix:\n${fixed}`);
  return fixed;
}

describe('language server over --stdio with a plain LSP client', () => {
  let root: string;
  let client: TestClient;
  const uri = (rel: string) => pathToUri(path.join(root, rel));

  before(async () => {
    root = makeRoot({ 'bucket-policy.json': BUCKET_POLICY, 'template.yaml': CFN_TEMPLATE });
    client = await TestClient.start({ rootDir: root });
  });

  after(() => {
    client?.kill();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('initialize advertises full sync, quick fixes and fix-all', () => {
    const caps = client.initializeResult!.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 1, save: { includeText: false } });
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: [CodeActionKind.QuickFix, 'source.fixAll.awsdp'] });
    assert.equal(client.initializeResult!.serverInfo?.name, 'awsdp');
  });

  test('bucket-policy.json: DP201 diagnostic, quick fix, clean after the edit', async () => {
    await fixRoundTrip(client, uri('bucket-policy.json'), 'json', BUCKET_POLICY);
  });

  test('CloudFormation YAML AWS::S3::BucketPolicy: DP201 diagnostic, quick fix, clean after the edit', async () => {
    const fixed = await fixRoundTrip(client, uri('template.yaml'), 'yaml', CFN_TEMPLATE);
    assert.match(fixed, /Effect: Deny/);
  });

  test('code actions match diagnostics by code and range, never by message', async () => {
    const u = uri('match/bucket-policy.json');
    await open(client, u, 'json', BUCKET_POLICY);
    const [d] = only((await client.diagnosticsFor(u, 1)).diagnostics, 'DP201');
    assert.ok(d, 'no DP201 diagnostic');
    const reworded = await codeActions(client, u, [{ ...d, message: 'a message the client localised' }]);
    assert.ok(reworded.length >= 1, 'a changed message must not hide the fix');
    const moved = { ...d, range: { start: { line: d.range.start.line + 1, character: 0 }, end: { line: d.range.start.line + 1, character: 1 } } };
    assert.deepEqual(await codeActions(client, u, [moved]), []);
    assert.deepEqual(await codeActions(client, u, [{ ...d, code: 'DP999' }]), []);
    assert.deepEqual(await codeActions(client, u, [{ ...d, source: 'json' }]), []);
    assert.deepEqual(await codeActions(client, u, [d], [CodeActionKind.Source]), [], 'only quick fixes are offered');
    // After an edit the old diagnostic's offsets are stale: nothing until the new version is analysed.
    await change(client, u, 2, `${BUCKET_POLICY}\n`);
    const fresh = only((await client.diagnosticsFor(u, 2)).diagnostics, 'DP201');
    assert.equal(fresh.length, 1);
    assert.ok((await codeActions(client, u, fresh)).length >= 1);
  });

  test('a code action request that comes while the analysis is pending waits for it', async () => {
    const u = uri('pending/bucket-policy.json');
    await open(client, u, 'json', BUCKET_POLICY);
    const [d] = only((await client.diagnosticsFor(u, 1)).diagnostics, 'DP201');
    assert.ok(d, 'no DP201 diagnostic');
    // Ctrl+. right after an edit: the request is read before version 2 is analysed (the change waits
    // out its debounce delay first). The answer is that of version 2, not "nothing".
    await change(client, u, 2, `${BUCKET_POLICY}\n`);
    const actions = await codeActions(client, u, [d]);
    assert.ok(
      actions.some((a) => a.kind === CodeActionKind.QuickFix && /SecureTransport/.test(a.title)),
      JSON.stringify(actions.map((a) => a.title)),
    );
  });

  test('a parse error is one Information diagnostic without a code', async () => {
    const u = uri('broken/bucket-policy.json');
    await open(client, u, 'json', TRUNCATED_POLICY);
    const { diagnostics } = await client.diagnosticsFor(u, 1);
    const notices = diagnostics.filter((d) => d.code === undefined);
    assert.equal(notices.length, 1, JSON.stringify(diagnostics));
    assert.equal(notices[0].severity, DiagnosticSeverity.Information);
    assert.equal(notices[0].source, 'awsdp');
    assert.equal(notices[0].codeDescription, undefined);
  });

  test('a limit hit is one Warning diagnostic on line 0', async () => {
    const u = uri('deep/policy.json');
    const deep = `{\n"Statement": ${'['.repeat(700)}${']'.repeat(700)}\n}\n`;
    await open(client, u, 'json', deep);
    const { diagnostics } = await client.diagnosticsFor(u, 1);
    const limits = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning && d.code === undefined);
    assert.equal(limits.length, 1, JSON.stringify(diagnostics));
    assert.equal(limits[0].range.start.line, 0);
    assert.equal(limits[0].range.end.line, 0);
  });

  test('half-typed and garbage text does not crash the server', async () => {
    const u = uri('typing/bucket-policy.json');
    await open(client, u, 'json', BUCKET_POLICY);
    await client.diagnosticsFor(u, 1);
    const garbage = [
      '',
      '{',
      TRUNCATED_POLICY,
      '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": ',
      '\u0000\u0001\uFFFF\uD800 not json at all',
      '{"Statement": {"Effect": [1, 2, {"a": null}], "Principal": {"AWS": [true]}, "Resource": 7}}',
      `{"Statement": ${'['.repeat(5000)}`,
      ']]]]}}}}',
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"',
      '\uFEFF{"Statement": []}',
    ];
    let version = 1;
    for (const text of garbage) await change(client, u, ++version, text);
    // Rapid edits are debounced: the last version gets analysed and published.
    await client.diagnosticsFor(u, version);
    // The server still answers requests.
    assert.deepEqual(await codeActions(client, u, []), []);
    assert.deepEqual(await codeActions(client, uri('never-opened.json'), []), []);
    // And still analyses the next complete text.
    await change(client, u, ++version, BUCKET_POLICY);
    const { diagnostics } = await client.diagnosticsFor(u, version);
    assert.equal(only(diagnostics, 'DP201').length, 1, JSON.stringify(diagnostics));
    // Each garbage text on its own, published version by version.
    for (const text of garbage) {
      await change(client, u, ++version, text);
      await client.diagnosticsFor(u, version);
    }
    assert.equal(client.proc.exitCode, null, `the server exited; stderr: ${client.stderr}`);
  });

  test('didClose clears the diagnostics of the document', async () => {
    const u = uri('closing/bucket-policy.json');
    await open(client, u, 'json', TRUNCATED_POLICY);
    const first = await client.diagnosticsFor(u, 1);
    assert.ok(first.diagnostics.length > 0);
    const cleared = client.diagnostics(u, (p) => p.diagnostics.length === 0, { includePast: false });
    await client.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: u } });
    await cleared;
    assert.deepEqual(await codeActions(client, u, first.diagnostics), []);
  });

  test('files awsdp does not analyse get no diagnostics', async () => {
    const u = uri('tsconfig.json');
    await open(client, u, 'json', '{"compilerOptions": {"strict": true}}');
    assert.deepEqual((await client.diagnosticsFor(u, 1)).diagnostics, []);
  });

  test('a Terraform file is re-checked when a file of its module changes', async () => {
    const main = uri('mod/main.tf');
    const vars = uri('mod/variables.tf');
    const other = uri('other/main.tf');
    await open(client, main, 'terraform', 'resource "aws_s3_bucket" "b" {\n  bucket = var.name\n}\n');
    await open(client, vars, 'terraform', 'variable "name" {\n  default = "logs"\n}\n');
    await open(client, other, 'terraform', 'locals {\n  x = 1\n}\n');
    await client.diagnosticsFor(main, 1);
    await client.diagnosticsFor(vars, 1);
    await client.diagnosticsFor(other, 1);
    const recheck = client.diagnostics(main, () => true, { includePast: false });
    await change(client, vars, 2, 'variable "name" {\n  default = "logs-2"\n}\n');
    await client.diagnosticsFor(vars, 2);
    const republished = await recheck;
    assert.equal(republished.version, 1, 'main.tf itself did not change');
  });

  test('a client without those capabilities gets no registrations or configuration requests', () => {
    assert.deepEqual(client.registrations, []);
    assert.deepEqual(client.unexpectedRequests, []);
  });

  test('no handler failed along the way', () => {
    assert.deepEqual(client.logs.filter((l) => /failed|uncaught|unhandled/i.test(l)), []);
  });

  test('shutdown and exit end the process with code 0', async () => {
    assert.equal(await client.stop(), 0);
  });
});

describe('language server configuration', () => {
  test('an invalid .awsdp.yaml is reported once and the defaults apply', async () => {
    const root = makeRoot({ '.awsdp.yaml': 'rules:\n  DP201: loud\n' });
    const client = await TestClient.start({ rootDir: root });
    try {
      const a = pathToUri(path.join(root, 'a', 'bucket-policy.json'));
      const b = pathToUri(path.join(root, 'b', 'bucket-policy.json'));
      await open(client, a, 'json', BUCKET_POLICY);
      await open(client, b, 'json', BUCKET_POLICY);
      const msg = await client.message((m) => /\.awsdp\.yaml/.test(m.message));
      assert.equal(msg.type, MessageType.Warning);
      assert.match(msg.message, /DP201/);
      for (const u of [a, b]) {
        const { diagnostics } = await client.diagnosticsFor(u, 1);
        assert.equal(only(diagnostics, 'DP201').length, 1, 'defaults apply: DP201 is on');
      }
      // Re-reading on save (this client has no file watchers) does not repeat the message.
      await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri: a } });
      await change(client, a, 2, BUCKET_POLICY.replace('b/*', 'c/*'));
      await client.diagnosticsFor(a, 2);
      assert.equal(client.shown.length, 1, JSON.stringify(client.shown));
      assert.equal(await client.stop(), 0);
    } finally {
      client.kill();
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('awsdp.rules settings and a watched .awsdp.yaml change severities', async () => {
    const root = makeRoot();
    let settings: unknown = { rules: {} };
    const client = await TestClient.start({ rootDir: root, capabilities: RICH_CAPABILITIES, settings: () => settings });
    try {
      const u = pathToUri(path.join(root, 'bucket-policy.json'));
      await open(client, u, 'json', BUCKET_POLICY);
      const [d] = only((await client.diagnosticsFor(u, 1)).diagnostics, 'DP201');
      assert.equal(d?.severity, DiagnosticSeverity.Error, 'DP201 is an error by default');
      const watchers = client.registrations.find((r) => r.method === DidChangeWatchedFilesNotification.method);
      assert.ok(watchers, `no file watchers registered: ${JSON.stringify(client.registrations)}`);

      // The editor setting turns the rule off.
      settings = { rules: { DP201: 'off' } };
      let next = client.diagnostics(u, () => true, { includePast: false });
      await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      assert.deepEqual(only((await next).diagnostics, 'DP201'), []);

      // .awsdp.yaml appears on disk: the watcher tells the server, which re-reads it.
      settings = { rules: {} };
      writeFileSync(path.join(root, '.awsdp.yaml'), 'rules:\n  DP201: warning\n');
      await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [{ uri: pathToUri(path.join(root, '.awsdp.yaml')), type: FileChangeType.Created }],
      });
      await client.diagnostics(u, (p) => only(p.diagnostics, 'DP201')[0]?.severity === DiagnosticSeverity.Warning);

      // The setting wins over the file.
      settings = { rules: { DP201: 'info' } };
      next = client.diagnostics(u, () => true, { includePast: false });
      await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      assert.equal(only((await next).diagnostics, 'DP201')[0]?.severity, DiagnosticSeverity.Information);
      assert.equal(await client.stop(), 0);
    } finally {
      client.kill();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('transports', () => {
  /** initialize → shutdown → exit over an already created connection; resolves with the exit code. */
  async function handshake(conn: MessageConnection, proc: ChildProcess): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    conn.listen();
    const init = await withTimeout(
      conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} }),
      PROTOCOL_WAIT_MS,
      () => 'no initialize response',
    );
    assert.equal(init.serverInfo?.name, 'awsdp');
    await conn.sendNotification(InitializedNotification.type, {});
    await withTimeout(conn.sendRequest(ShutdownRequest.type), PROTOCOL_WAIT_MS, () => 'no shutdown response');
    await conn.sendNotification(ExitNotification.type);
    const code = await withTimeout(exited, PROTOCOL_WAIT_MS, () => 'server did not exit');
    conn.dispose();
    return code;
  }

  test('--node-ipc', async () => {
    const proc = fork(SERVER_JS, ['--node-ipc'], { silent: true });
    try {
      assert.equal(await handshake(createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc)), proc), 0);
    } finally {
      if (proc.exitCode === null) proc.kill();
    }
  });

  test('--socket=<port>', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const connected = new Promise<Socket>((resolve) => server.once('connection', resolve));
    const proc = spawn(process.execPath, [SERVER_JS, `--socket=${port}`], { stdio: 'ignore' });
    try {
      const socket = await withTimeout(connected, PROTOCOL_WAIT_MS, () => 'the server did not connect');
      assert.equal(await handshake(createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket)), proc), 0);
    } finally {
      if (proc.exitCode === null) proc.kill();
      server.close();
    }
  });

  test('no transport argument means --stdio', async () => {
    const proc = spawn(process.execPath, [SERVER_JS], { stdio: ['pipe', 'pipe', 'ignore'] });
    try {
      assert.equal(await handshake(createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!)), proc), 0);
    } finally {
      if (proc.exitCode === null) proc.kill();
    }
  });
});
