// node:crypto (with node:stream) is required where it is used: loaded at the top, it costs every command, `awsdp --version` included, several ms.
import type * as NodeCrypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A report that cannot be written where asked; the message says why (the CLI exits 2). */
export class OutputError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * Writes the report to `file`:
 * - a regular file (or a symbolic link to one: the link is followed and kept) is replaced
 *   atomically — a temporary file in the same directory, created exclusively under an unpredictable
 *   name with the old file's mode (and owner, where allowed), then renamed over it — so a reader never
 *   sees half a report and a failed run leaves the old report in place;
 * - a new path is created the same way (mode 0666 less the umask, as `>` does);
 * - a character device or a FIFO with a reader (`/dev/null`, `/dev/stdout`) is written in place, as
 *   the shell's `>` would, and is never replaced;
 * - anything else (a directory, a socket, a FIFO nobody reads, a dangling link) is refused.
 * Every failure (including a short or failed write: `/dev/full`) throws OutputError.
 */
/** A report: one string, or its pieces in order (streamed: the whole text is never held at once). */
export type ReportText = string | Iterable<string>;

export function writeReport(file: string, text: ReportText): void {
  const abs = path.resolve(file);
  let target = abs;
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(abs); // follows links
    if (fs.lstatSync(abs).isSymbolicLink()) target = fs.realpathSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw wrap(e);
    let isLink = false;
    try {
      isLink = fs.lstatSync(abs).isSymbolicLink();
    } catch {
      // nothing there
    }
    if (isLink) throw new OutputError('is a symbolic link to nothing (dangling); not followed', 'EDANGLING');
    st = undefined;
  }
  if (!st || st.isFile()) return replaceAtomically(target, text, st);
  if (st.isDirectory()) throw new OutputError('is a directory', 'EISDIR');
  if (st.isCharacterDevice() || st.isFIFO()) return writeInPlace(target, text, st.isFIFO());
  throw new OutputError(`not a regular file, a character device or a FIFO (${st.isSocket() ? 'a socket' : st.isBlockDevice() ? 'a block device' : 'unknown type'}); not written`, 'ENOTREG');
}

/**
 * Replaces the regular file `file` (a link to one is followed and kept) with `data`, atomically and
 * with its mode kept, as writeReport does: `awsdp scan --fix`. Anything but a regular file is refused.
 */
export function replaceFile(file: string, data: Buffer): void {
  const abs = path.resolve(file);
  let st: fs.Stats;
  let target = abs;
  try {
    st = fs.statSync(abs);
    if (fs.lstatSync(abs).isSymbolicLink()) target = fs.realpathSync(abs);
  } catch (e) {
    throw wrap(e);
  }
  if (!st.isFile()) throw new OutputError('not a regular file; not written', 'ENOTREG');
  replaceAtomically(target, data, st);
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a path component is not a directory',
  EISDIR: 'is a directory',
  ENXIO: 'no process is reading it (or it cannot be opened for writing)',
  EIO: 'input/output error',
  EFBIG: 'file too large',
  ELOOP: 'too many levels of symbolic links',
};

function wrap(e: unknown): OutputError {
  if (e instanceof OutputError) return e;
  const err = e as NodeJS.ErrnoException;
  return new OutputError((err?.code && REASONS[err.code]) || (err instanceof Error ? err.message.split('\n')[0] : String(e)), err?.code);
}

function writeBuffer(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) {
    const n = fs.writeSync(fd, data, off, data.length - off);
    if (n <= 0) throw new OutputError('short write', 'EIO');
    off += n;
  }
}

/** Pieces are gathered up to this many characters per write. */
const WRITE_CHUNK = 1 << 20;

/**
 * A report's pieces gathered into chunks of about `size` characters (empty pieces dropped): one
 * write per chunk rather than one per piece (a JSON report has a piece per finding).
 */
export function* inChunks(pieces: Iterable<string>, size = WRITE_CHUNK): Generator<string> {
  let pending: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    if (!piece) continue;
    pending.push(piece);
    length += piece.length;
    if (length >= size) {
      yield pending.join('');
      pending = [];
      length = 0;
    }
  }
  if (pending.length) yield pending.join('');
}

function writeAll(fd: number, text: ReportText | Buffer): void {
  if (Buffer.isBuffer(text)) return writeBuffer(fd, text);
  if (typeof text === 'string') return writeBuffer(fd, Buffer.from(text, 'utf8'));
  for (const chunk of inChunks(text)) writeBuffer(fd, Buffer.from(chunk, 'utf8'));
}

function replaceAtomically(target: string, text: ReportText | Buffer, old: fs.Stats | undefined): void {
  const dir = path.dirname(target);
  let tmp: string | undefined;
  let fd: number | undefined;
  try {
    // Exclusive creation (O_EXCL) under a random name: an attacker cannot pre-place a file or a link there.
    for (let attempt = 0; fd === undefined; attempt++) {
      tmp = path.join(dir, `.${path.basename(target)}.${(require('node:crypto') as typeof NodeCrypto).randomBytes(8).toString('hex')}.tmp`);
      try {
        fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, old ? 0o600 : 0o666);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 5) {
          tmp = undefined;
          throw e;
        }
      }
    }
    if (old) {
      // The replaced file keeps its mode (not the umask's) and, where allowed, its owner.
      fs.fchmodSync(fd, old.mode & 0o7777);
      try {
        fs.fchownSync(fd, old.uid, old.gid);
      } catch {
        // not allowed (not root): the file becomes ours, as with any editor's atomic save
      }
    }
    writeAll(fd, text);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp!, target);
    tmp = undefined;
  } catch (e) {
    throw wrap(e);
  } finally {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
    }
    if (tmp) {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // nothing left to clean
      }
    }
  }
}

function writeInPlace(target: string, text: ReportText, fifo: boolean): void {
  let fd: number | undefined;
  let probe: number | undefined;
  try {
    // A FIFO nobody reads would block forever: open it without blocking first (ENXIO when there is no
    // reader) and keep that open while opening for real, so the reader never sees an early end.
    if (fifo) probe = fs.openSync(target, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
    // No O_CREAT: the node exists and is written, never replaced; no O_TRUNC needed for devices.
    fd = fs.openSync(target, fs.constants.O_WRONLY | (fs.constants.O_NOCTTY ?? 0));
    if (probe !== undefined) {
      fs.closeSync(probe);
      probe = undefined;
    }
    const st = fs.fstatSync(fd);
    if (!st.isCharacterDevice() && !st.isFIFO()) throw new OutputError('changed while being opened; not written', 'ECHANGED');
    writeAll(fd, text);
  } catch (e) {
    throw wrap(e);
  } finally {
    for (const f of [probe, fd]) {
      if (f === undefined) continue;
      try {
        fs.closeSync(f);
      } catch {
        // nothing to do
      }
    }
  }
}
