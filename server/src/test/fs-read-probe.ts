/**
 * Preload for the CLI tests (`node --require …/fs-read-probe.js`): counts the bytes read from each
 * file (fs.readSync through fs.openSync, fs.readFileSync) and writes the counts, as JSON, to the
 * file named by AWSDP_READ_LOG when the process exits.
 */
// `require`, not `import *`: the patches must land on the module object itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs') as typeof import('node:fs');

const LOG = process.env.AWSDP_READ_LOG;
const bytes = new Map<string, number>();
const paths = new Map<number, string>();
const add = (p: string, n: number) => bytes.set(p, (bytes.get(p) ?? 0) + n);

const openSync = fs.openSync;
const readSync = fs.readSync;
const readFileSync = fs.readFileSync;
const mfs = fs as unknown as Record<string, unknown>;
mfs.openSync = (...args: Parameters<typeof fs.openSync>) => {
  const fd = openSync(...args);
  paths.set(fd, String(args[0]));
  return fd;
};
mfs.readSync = (...args: unknown[]) => {
  const n = (readSync as (...a: unknown[]) => number)(...args);
  const p = paths.get(args[0] as number);
  if (p) add(p, n);
  return n;
};
mfs.readFileSync = (...args: unknown[]) => {
  const r = (readFileSync as (...a: unknown[]) => string | Buffer)(...args);
  if (typeof args[0] === 'string') add(args[0], typeof r === 'string' ? Buffer.byteLength(r) : r.length);
  return r;
};
process.on('exit', () => {
  if (LOG) fs.writeFileSync(LOG, JSON.stringify(Object.fromEntries(bytes)));
});
