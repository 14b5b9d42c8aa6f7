/**
 * The server and the base protocol (issue 15, items 8 and 10): a framing error on --stdio makes the
 * server exit with status 1 (a client restarts a server that exits; one that stays deaf is never
 * restarted); requests before `initialize` get -32002 and after `shutdown` -32600, as the LSP spec
 * says. Raw bytes over the child's stdio; every wait ends on a message or the child's exit, bounded by a
 * generous limit that only stops a hang.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, test } from 'node:test';
import { FramingGuard } from '../server/framing';
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

function start(): Raw {
  const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let buf = Buffer.alloc(0);
  let stderr = '';
  const messages: { id?: number }[] = [];
  const waiters: (() => void)[] = [];
  proc.stdout!.on('data', (d: Buffer) => {
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
      proc.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
      proc.stdin!.write(body);
    },
    raw: (bytes) => void proc.stdin!.write(bytes),
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
