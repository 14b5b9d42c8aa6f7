import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { decodeText, MAX_FILE_BYTES, type SourceFile } from '../engine/index';
import { isTerraformPath } from './paths';

/** A module with more files than this is analysed with the first ones only. */
export const MAX_MODULE_FILES = 500;

interface CachedFile {
  mtimeMs: number;
  size: number;
  text: string;
}

/**
 * The other files of a Terraform module (the .tf / .tf.json files of the same directory).
 * Open documents' text wins over the disk; disk files are cached by mtime and size.
 */
export class ModuleFiles {
  private readonly disk = new Map<string, CachedFile>();

  /** Forgets the cached disk text of a file (it changed, or was deleted, on disk). */
  forget(file: string): void {
    this.disk.delete(file);
  }

  clear(): void {
    this.disk.clear();
  }

  /**
   * The sibling module files of `file`. `open` maps the path of every open document to its
   * current text.
   */
  async siblings(file: string, open: ReadonlyMap<string, string>): Promise<SourceFile[]> {
    const dir = path.dirname(file);
    const out = new Map<string, SourceFile>();
    for (const [p, text] of open) {
      if (p !== file && isTerraformPath(p) && path.dirname(p) === dir) out.set(p, { path: p, text });
    }
    let names: string[] = [];
    try {
      names = await fs.readdir(dir);
    } catch {
      // untitled buffer or deleted directory: open documents only
    }
    names.sort();
    const candidates = names.map((name) => path.join(dir, name)).filter((p) => p !== file && !out.has(p) && isTerraformPath(p));
    // Read together, a batch at a time (as many as may still be taken): one turn of the event loop
    // per batch, not two per file — a busy event loop (a workspace scan) then delays the opened
    // file's analysis by a few turns, not by hundreds.
    let next = 0;
    while (out.size < MAX_MODULE_FILES && next < candidates.length) {
      const batch = candidates.slice(next, next + (MAX_MODULE_FILES - out.size));
      next += batch.length;
      const texts = await Promise.all(batch.map((p) => this.read(p)));
      batch.forEach((p, i) => {
        const text = texts[i];
        if (text !== undefined) out.set(p, { path: p, text });
      });
    }
    return [...out.values()];
  }

  private async read(p: string): Promise<string | undefined> {
    try {
      const st = await fs.stat(p);
      if (!st.isFile() || st.size > MAX_FILE_BYTES) {
        this.disk.delete(p);
        return undefined;
      }
      const hit = this.disk.get(p);
      if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.text;
      // Decoded as the editor (and the CLI) would: invalid UTF-8 as U+FFFD, UTF-16 by its BOM.
      const text = decodeText(await fs.readFile(p)).text;
      this.disk.set(p, { mtimeMs: st.mtimeMs, size: st.size, text });
      return text;
    } catch {
      this.disk.delete(p);
      return undefined;
    }
  }
}
