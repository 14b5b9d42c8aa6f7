/**
 * `awsdp.trace.server` as VS Code users expect it: setting it to `messages` or `verbose` shows the
 * protocol in the "AWS Data Protection" output channel at once, whatever the channel's log level.
 *
 * vscode-languageclient (v9+) traces only when its trace channel's log level is Trace, and then
 * writes with `trace()`, which a log output channel at its default Info level hides. So the
 * client gets a trace channel of its own: it reports log level Trace exactly while the setting is
 * on (firing onDidChangeLogLevel when the setting changes, which makes the client send $/setTrace),
 * and writes the trace lines into the one output channel at a level that is shown. The decision is
 * a pure function (no VS Code import), tested in server/src/test/client-trace.test.ts.
 */

export type TraceSetting = 'off' | 'messages' | 'verbose';

/** The setting's value as the client reads it (anything else: off). */
export function traceSetting(v: unknown): TraceSetting {
  return v === 'messages' || v === 'verbose' ? v : 'off';
}

/** Whether protocol tracing is on for a setting value (the trace channel then reports log level Trace). */
export function tracing(v: unknown): boolean {
  return traceSetting(v) !== 'off';
}

/** The first line of the output channel: who, what, where. */
export function bannerLine(info: { version: string; transport: string; serverPath: string; roots: readonly string[]; configFiles: readonly string[] }): string {
  const roots = info.roots.length ? info.roots.join(', ') : '(no folder open)';
  const configs = info.configFiles.length ? info.configFiles.join(', ') : 'none';
  return `awsdp ${info.version} — language server ${info.serverPath} over ${info.transport}; workspace roots: ${roots}; config files: ${configs}`;
}
