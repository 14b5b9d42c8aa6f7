import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes `text` to `file` atomically: a temporary file in the same directory, then a rename, so a
 * reader never sees half a report and a failed run leaves the old report in place.
 */
export function writeFileAtomic(file: string, text: string): void {
  const abs = path.resolve(file);
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, abs);
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing left to clean
    }
    throw e;
  }
}
