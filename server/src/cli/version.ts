import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE_NAME = 'aws-data-protection';

/**
 * The version in the extension's package.json, found upwards from this module (dist/cli.js when
 * bundled, server/out/cli/ when compiled by tsc).
 */
export function packageVersion(from: string = __dirname): string {
  let dir = from;
  for (let i = 0; i < 8; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return '0.0.0';
}
