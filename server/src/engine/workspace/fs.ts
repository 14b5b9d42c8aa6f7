/**
 * The file system a workspace lint reads through. `nodeFs` is the real one (the CLI); a front end
 * may bring another (the language server's workspace scan, where an open document's unsaved text
 * wins over the disk; tests with an in-memory tree). Calls are synchronous, as the walk is; errors
 * are thrown errno-style (`code`: ENOENT, EACCES, EISDIR, ENOTREG, ...), as node's are.
 */
import * as fs from 'node:fs';

export interface FileStat {
  isFile(): boolean;
  isDirectory(): boolean;
  size: number;
}

export interface DirEntry {
  name: string;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

export interface WorkspaceFs {
  /**
   * The first bytes of a regular file: at most `limit(size)` of them, `size` being what the file
   * system says the file holds (a file may grow while it is read: reading stops at the limit anyway).
   * Throws EISDIR for a directory and ENOTREG for anything else that is not a regular file.
   */
  readHead(file: string, limit: (size: number) => number): { bytes: Uint8Array; size: number };
  /** A small text file (a .gitignore), as UTF-8. */
  readText(file: string): string;
  /** Follows symbolic links. */
  stat(p: string): FileStat;
  readdir(dir: string): DirEntry[];
  realpath(p: string): string;
  exists(p: string): boolean;
}

/** Reads up to `max` bytes from the start of an open file; `hint` (its size) sizes the first buffer. */
function readHead(fd: number, max: number, hint: number): Buffer {
  let buf = Buffer.allocUnsafe(Math.max(1, Math.min(max, hint + 1)));
  let n = 0;
  while (n < max) {
    if (n === buf.length) {
      // The file is longer than it said (it grows): read on, up to the limit.
      const bigger = Buffer.allocUnsafe(Math.min(max, buf.length * 2));
      buf.copy(bigger, 0, 0, n);
      buf = bigger;
    }
    const r = fs.readSync(fd, buf, n, buf.length - n, n);
    if (r === 0) break;
    n += r;
  }
  return buf.subarray(0, n);
}

/** The real file system. Only regular files are read (a FIFO or a device would block or never end). */
export const nodeFs: WorkspaceFs = {
  readHead(file, limit) {
    const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    try {
      const st = fs.fstatSync(fd);
      if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
      const max = limit(st.size);
      return { bytes: readHead(fd, max, Math.min(max, st.size)), size: st.size };
    } finally {
      fs.closeSync(fd);
    }
  },
  readText: (file) => fs.readFileSync(file, 'utf8'),
  stat: (p) => fs.statSync(p),
  readdir: (dir) => fs.readdirSync(dir, { withFileTypes: true }),
  realpath: (p) => fs.realpathSync(p),
  exists: (p) => fs.existsSync(p),
};
