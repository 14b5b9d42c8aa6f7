/**
 * The server and the base protocol (issue 15, items 8 and 10): a framing error on --stdio, --socket
 * or --pipe makes the server exit with status 1 (a client restarts a server that exits; one that stays deaf is never
 * restarted); requests before `initialize` get -32002 and after `shutdown` -32600, as the LSP spec
 * says. Raw bytes over the child's stdio; every wait ends on a message or the child's exit, bounded by a
 * generous limit that only stops a hang.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { FramingGuard, transportOf } from '../server/framing';
import { SERVER_JS } from './server-lsp-client';

interface Raw {
  proc: ChildProcess;
  send(msg: object): void;
  raw(bytes: string): void;
  /** The next message with this id. */
  response(id: number): Promise<{ id: number; result?: unknown; error?: { code: number; message: string } }>;
  exited: Promise<{ code: number | null; stderr: string }>;
}

const LIMIT_MS = 60_000;

/** The server over --stdio. */
function start(): Raw {
  const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  return speak(proc, proc.stdout!, proc.stdin!);
}

/**
 * The server over --socket or --pipe: as vscode-languageserver expects, the client listens and
 * the server connects. Resolves once the server is connected.
 */
async function startStream(kind: 'socket' | 'pipe'): Promise<Raw> {
  const pipePath = join(mkdtempSync(join(tmpdir(), 'awsdp-pipe-')), 'lsp.sock');
  const listener = createServer();
  await new Promise<void>((res) => listener.listen(kind === 'socket' ? { port: 0, host: '127.0.0.1' } : pipePath, res));
  const arg = kind === 'socket' ? `--socket=${(listener.address() as AddressInfo).port}` : `--pipe=${pipePath}`;
  const proc = spawn(process.execPath, [SERVER_JS, arg], { stdio: ['ignore', 'pipe', 'pipe'] });
  const socket = await new Promise<Socket>((res, rej) => {
    listener.once('connection', res);
    proc.once('exit', (code) => rej(new Error(`server exited (${code}) before connecting`)));
  });
  listener.close();
  return speak(proc, socket, socket);
}

function speak(proc: ChildProcess, input: Readable, output: Writable): Raw {
  let buf = Buffer.alloc(0);
  let stderr = '';
  const messages: { id?: number }[] = [];
  const waiters: (() => void)[] = [];
  input.on('error', () => {}); // the server's end closes when it exits
  output.on('error', () => {});
  input.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const h = buf.indexOf('\r\n\r\n');
      if (h < 0) break;
      const n = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, h).toString())![1]);
      if (buf.length < h + 4 + n) break;
      messages.push(JSON.parse(buf.subarray(h + 4, h + 4 + n).toString()) as { id?: number });
      buf = buf.subarray(h + 4 + n);
      waiters.splice(0).forEach((w) => w());
    }
  });
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; stderr: string }>((res) => proc.on('exit', (code) => res({ code, stderr })));
  const bounded = <T>(p: Promise<T>, what: string) =>
    Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`no ${what} within ${LIMIT_MS} ms (stderr: ${stderr})`)), LIMIT_MS).unref())]);
  return {
    proc,
    send(msg) {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }));
      output.write(`Content-Length: ${body.length}\r\n\r\n`);
      output.write(body);
    },
    raw: (bytes) => void output.write(bytes),
    response(id) {
      const find = () => messages.find((m) => m.id === id && !('method' in m));
      return bounded(
        new Promise((res) => {
          const check = () => {
            const m = find();
            if (m) res(m as never);
            else waiters.push(check);
          };
          check();
        }),
        `response ${id}`,
      );
    },
    exited: bounded(exited, 'exit'),
  };
}

const INIT = { id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } };
const CODE_ACTION = (id: number) => ({
  id,
  method: 'textDocument/codeAction',
  params: { textDocument: { uri: 'file:///x.json' }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } },
});

describe('LSP lifecycle errors', () => {
  test('requests before initialize get -32002 (ServerNotInitialized), then initialize works', async () => {
    const s = start();
    try {
      s.send(CODE_ACTION(7));
      s.send({ id: 8, method: 'workspace/executeCommand', params: { command: 'x' } });
      assert.equal((await s.response(7)).error?.code, -32002);
      assert.equal((await s.response(8)).error?.code, -32002);
      s.send(INIT);
      assert.ok((await s.response(1)).result);
      s.send(CODE_ACTION(9));
      assert.deepEqual((await s.response(9)).result, []);
    } finally {
      s.proc.kill();
    }
  });

  test('requests after shutdown get -32600 (InvalidRequest); exit then ends the server with 0', async () => {
    const s = start();
    s.send(INIT);
    await s.response(1);
    s.send({ method: 'initialized', params: {} });
    s.send({ id: 2, method: 'shutdown' });
    assert.equal((await s.response(2)).result, null);
    s.send(CODE_ACTION(3));
    const r = await s.response(3);
    assert.equal(r.error?.code, -32600);
    s.send({ method: 'exit' });
    assert.equal((await s.exited).code, 0);
  });
});

describe('JSON-RPC framing errors end the server (status 1) instead of leaving it deaf', () => {
  const cases: [string, string, RegExp][] = [
    ['a header without Content-Length', 'X-Foo: 1\r\n\r\n{}', /without Content-Length/],
    ['a negative Content-Length', 'Content-Length: -5\r\n\r\n{}', /not a non-negative integer/],
    ['a Content-Length shorter than the body', 'Content-Length: 3\r\n\r\n{"jsonrpc":"2.0","id":3,"method":"shutdown"}Content-Length: 2\r\n\r\n{}', /framing error/],
    ['a huge Content-Length', 'Content-Length: 99999999999\r\n\r\n{}', /over \d+ bytes/],
    // vscode-jsonrpc does not trim header names: this is no Content-Length for it (the server went deaf).
    ['a Content-Length header name with a space before the colon', 'Content-Length : 2\r\n\r\n{}', /without Content-Length/],
  ];
  for (const [name, bytes, why] of cases) {
    test(name, async () => {
      const s = start();
      try {
        s.send(INIT);
        await s.response(1);
        s.raw(bytes);
        const { code, stderr } = await s.exited;
        assert.equal(code, 1);
        assert.match(stderr, /^awsdp: JSON-RPC framing error on stdin \(/);
        assert.match(stderr, why);
      } finally {
        s.proc.kill();
      }
    });
  }

  for (const kind of ['socket', 'pipe'] as const) {
    test(`--${kind}: the same check (a header without Content-Length ends the server with status 1)`, async () => {
      const s = await startStream(kind);
      try {
        s.send(INIT);
        assert.ok((await s.response(1)).result);
        s.raw('X-Foo: 1\r\n\r\n{}');
        const { code, stderr } = await s.exited;
        assert.equal(code, 1);
        assert.match(stderr, new RegExp(`^awsdp: JSON-RPC framing error on ${kind === 'socket' ? 'socket port \\d+' : 'the pipe'} \\(a message header without Content-Length\\)`));
      } finally {
        s.proc.kill();
      }
    });

    test(`--${kind}: well-formed traffic is answered; shutdown and exit end the server with status 0`, async () => {
      const s = await startStream(kind);
      try {
        s.send(INIT);
        assert.ok((await s.response(1)).result);
        s.send(CODE_ACTION(2));
        assert.deepEqual((await s.response(2)).result, []);
        s.send({ id: 3, method: 'shutdown' });
        assert.equal((await s.response(3)).result, null);
        s.send({ method: 'exit' });
        assert.equal((await s.exited).code, 0);
      } finally {
        s.proc.kill();
      }
    });
  }

  test('--node-ipc: a line that is not JSON (Node\'s IPC channel drops what it read with it) ends the server with status 1', async () => {
    // The client end of the IPC channel, by hand: a socket pair on fd 3, named by NODE_CHANNEL_FD.
    const proc = spawn(process.execPath, [SERVER_JS, '--node-ipc'], { stdio: ['ignore', 'pipe', 'pipe', 'pipe'], env: { ...process.env, NODE_CHANNEL_FD: '3' } });
    const channel = proc.stdio[3] as unknown as Readable & Writable;
    channel.on('error', () => {});
    let text = '';
    let stderr = '';
    proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((res) => proc.on('exit', res));
    const lines: { id?: number; result?: unknown }[] = [];
    const waiters: (() => void)[] = [];
    channel.on('data', (d: Buffer) => {
      text += d.toString();
      let i;
      while ((i = text.indexOf('\n')) >= 0) {
        lines.push(JSON.parse(text.slice(0, i)));
        text = text.slice(i + 1);
        waiters.splice(0).forEach((w) => w());
      }
    });
    const bounded = <T>(p: Promise<T>, what: string) => Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`no ${what} within ${LIMIT_MS} ms (stderr: ${stderr})`)), LIMIT_MS).unref())]);
    const response = (id: number) =>
      bounded(
        new Promise<{ result?: unknown }>((res) => {
          const check = () => {
            const m = lines.find((x) => x.id === id);
            if (m) res(m);
            else waiters.push(check);
          };
          check();
        }),
        `response ${id}`,
      );
    const send = (msg: object) => channel.write(JSON.stringify({ jsonrpc: '2.0', ...msg }) + '\n');
    try {
      send(INIT);
      assert.ok((await response(1)).result);
      send(CODE_ACTION(2));
      assert.deepEqual((await response(2)).result, []);
      // Stream framing sent on the IPC channel, and a request behind it in the same write (Node drops it).
      channel.write('Content-Length: 2\r\n\r\n{}\n' + JSON.stringify({ jsonrpc: '2.0', ...CODE_ACTION(3) }) + '\n');
      assert.equal(await bounded(exited, 'exit'), 1);
      assert.match(stderr, /^awsdp: JSON-RPC framing error on the IPC channel \(a message that is not JSON\); exiting so that the client restarts the server$/m);
    } finally {
      proc.kill();
    }
  });

  test('the transport is read from the command line as vscode-languageserver reads it', () => {
    assert.deepEqual(transportOf([]), { kind: 'stdio' });
    assert.deepEqual(transportOf(['--stdio']), { kind: 'stdio' });
    assert.deepEqual(transportOf(['--node-ipc']), { kind: 'node-ipc' });
    assert.deepEqual(transportOf(['--socket=5007']), { kind: 'socket', port: 5007 });
    assert.deepEqual(transportOf(['--socket', '5007']), { kind: 'socket', port: 5007 });
    assert.deepEqual(transportOf(['--pipe=/tmp/x.sock']), { kind: 'pipe', pipe: '/tmp/x.sock' });
    assert.deepEqual(transportOf(['--clientProcessId=1', '--pipe', '/tmp/x.sock']), { kind: 'pipe', pipe: '/tmp/x.sock' });
  });

  test('the guard passes well-formed traffic through unchanged, whatever the chunking', async () => {
    const msg = (s: string) => `Content-Length: ${Buffer.byteLength(s)}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${s}`;
    const input = msg('{"a":"é\\r\\n\\r\\n"}') + msg('{}') + msg('{"b":[1,2,3]}');
    const bytes = Buffer.from(input);
    for (const size of [1, 2, 3, 7, 64, bytes.length]) {
      let violation: string | undefined;
      const g = new FramingGuard((r) => (violation = r));
      const out: Buffer[] = [];
      g.on('data', (d: Buffer) => out.push(d));
      for (let i = 0; i < bytes.length; i += size) g.write(bytes.subarray(i, i + size));
      g.end();
      await new Promise((res) => g.on('end', res));
      assert.equal(violation, undefined, `chunks of ${size}`);
      assert.equal(Buffer.concat(out).toString(), input);
    }
  });
});
