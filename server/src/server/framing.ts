/**
 * Checks the JSON-RPC base protocol framing on --stdio, --socket and --pipe (issue 15, item 8). vscode-jsonrpc, given a
 * header without Content-Length, a negative or non-numeric one, or one larger than any message,
 * reports an error and then waits for ever: the server stayed alive but deaf, and a client only
 * restarts a server that exits. This pass-through stream follows the framing byte by byte
 * (headers up to CRLF CRLF, then exactly Content-Length bytes) and calls `onViolation` at the first
 * malformed header; main.ts then exits with status 1 so that the client restarts the server.
 */
import { Transform, type TransformCallback } from 'node:stream';

/** Larger than any message awsdp can be sent (a 10 MB file, JSON-escaped), smaller than memory. */
export const MAX_CONTENT_LENGTH = 128 * 1024 * 1024;
/** A header block longer than this is not a header. */
export const MAX_HEADER_BYTES = 8 * 1024;

export class FramingGuard extends Transform {
  /** Bytes of the current body still to pass; -1 while reading headers. */
  private remaining = -1;
  private header = '';
  private failed = false;

  constructor(private readonly onViolation: (reason: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.failed) return done();
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - i);
        this.remaining -= n;
        i += n;
        continue;
      }
      // Header bytes: ASCII up to the blank line.
      const end = chunk.indexOf('\r\n\r\n', i, 'latin1');
      const stop = end >= 0 ? end + 4 : chunk.length;
      this.header += chunk.toString('latin1', i, stop);
      i = stop;
      if (this.header.length > MAX_HEADER_BYTES) return this.fail(`a header longer than ${MAX_HEADER_BYTES} bytes`, done);
      if (end < 0) {
        // The CRLF CRLF may straddle chunks.
        const j = this.header.indexOf('\r\n\r\n');
        if (j < 0) continue;
        const rest = this.header.slice(j + 4);
        this.header = this.header.slice(0, j + 4);
        i -= Buffer.byteLength(rest, 'latin1');
      }
      const reason = this.checkHeader(this.header);
      if (reason) return this.fail(reason, done);
      this.header = '';
    }
    done(null, chunk);
  }

  private checkHeader(block: string): string | undefined {
    const lines = block.slice(0, -4).split('\r\n');
    let length: string | undefined;
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon <= 0) return 'a header line without a name';
      // The name exactly as vscode-jsonrpc reads it (no trimming): `Content-Length : 5` is no Content-Length for it.
      if (line.slice(0, colon).toLowerCase() === 'content-length') length = line.slice(colon + 1).trim();
    }
    if (length === undefined) return 'a message header without Content-Length';
    if (!/^\d{1,12}$/.test(length)) return 'a Content-Length that is not a non-negative integer';
    const n = Number(length);
    if (n > MAX_CONTENT_LENGTH) return `a Content-Length over ${MAX_CONTENT_LENGTH} bytes`;
    this.remaining = n;
    return undefined;
  }

  private fail(reason: string, done: TransformCallback): void {
    this.failed = true;
    done();
    this.onViolation(reason);
  }
}

export type Transport = { kind: 'stdio' } | { kind: 'node-ipc' } | { kind: 'socket'; port: number } | { kind: 'pipe'; pipe: string };

/** The transport named on the command line, read as vscode-languageserver reads it (`--socket=N` or `--socket N`, the same for `--pipe`). */
export function transportOf(argv: readonly string[]): Transport {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--node-ipc') return { kind: 'node-ipc' };
    if (a === '--stdio') return { kind: 'stdio' };
    const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, argv[i + 1]];
    if (name === '--socket' && Number(inline) > 0) return { kind: 'socket', port: Number(inline) };
    if (name === '--pipe' && inline) return { kind: 'pipe', pipe: inline };
  }
  return { kind: 'stdio' };
}
