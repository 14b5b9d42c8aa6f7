/**
 * AWS endpoints as the model sees them: hostnames under AWS DNS suffixes written in strings, and
 * what botocore's endpoint table says about each (data/fips.ts: FIPS variant, already FIPS, no
 * FIPS endpoint, unknown). Rules read endpoints through here.
 */
import { GatedPattern, type TextChars } from './text-scan';
import { AWS_DNS_SUFFIXES, fipsVariantOf, isAwsHostname, lookupFipsHost, regionFipsInfo, takesLeadingLabels, type FipsLookup } from '../data/fips';

export { AWS_DNS_SUFFIXES, fipsVariantOf, lookupFipsHost, regionFipsInfo, isAwsHostname, takesLeadingLabels, type FipsLookup };

/** Covers every suffix of AWS_DNS_SUFFIXES (a test holds it to the table). */
const SUFFIX_RE = /amazonaws\.|api\.aws|amazonwebservices\.|\.ic\.gov|sgov\.gov|adc-e\.uk/i;

/**
 * For `stringValues`' `textHint`: a file whose text has no AWS DNS suffix holds no string `mayHoldAwsHost`
 * accepts. Every suffix has a dot: a text without one (a large policy) is ruled out by a byte search.
 */
export const AWS_HOST_HINT = new GatedPattern(SUFFIX_RE, ['.']);

/** A cheap pre-filter: whether a string may name a host under an AWS DNS suffix (`amazonaws.com`, `api.aws`, `c2s.ic.gov`...). */
export function mayHoldAwsHost(value: string): boolean {
  // Every suffix SUFFIX_RE matches has a dot: most strings (names, ids, types) are ruled out without the expression.
  return value.includes('.') && SUFFIX_RE.test(value);
}

export interface HostInString {
  /** The hostname as written (case kept, no port). */
  host: string;
  /** Where it is in the string's value. */
  start: number;
  end: number;
  /** True for the host of a URL (`https://host/...`), false for a string that is only a hostname (`host[:port]`). */
  url: boolean;
  /**
   * Set (only with `afterInterpolation`) when the URL's host starts with a part known only at deploy
   * time and `host` is the literal rest: `https://${Bucket}.s3.us-east-1.amazonaws.com` gives
   * `s3.us-east-1.amazonaws.com`. Only a service whose hosts take leading labels (S3) can be judged so.
   */
  prefixed?: boolean;
}

/** The authority characters after an interpolation (see URL_RE). */
const AUTHORITY_REST = /[^\s/?#"'`<>\\()[\]{};,|^]*/y;

/** The end (exclusive) of the `${...}` starting at `at` (a `$`), or -1. */
function interpolationEnd(value: string, at: number): number {
  if (value[at] !== '$' || value[at + 1] !== '{') return -1;
  let depth = 0;
  for (let i = at + 1; i < value.length && i < at + 512; i++) {
    if (value[i] === '{') depth++;
    else if (value[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

// scheme://[userinfo@]host[:port]: the authority ends at `/`, `?`, `#`, whitespace, quotes, brackets
// or shell/list punctuation; `${` ends it too, which leaves a `$` that no hostname has. The scheme is
// at most 32 characters: unbounded, every start in a run like `a.a.a.a…` rescans it (quadratic).
const URL_RE = /\b[a-z][a-z0-9+.-]{0,31}:\/\/([^\s/?#"'`<>\\()[\]{};,|^]+)/gi;
const HOST_RE = /^[a-z0-9-]+(\.[a-z0-9-]+)+\.?$/i;
/**
 * A DNS name has at most 253 characters (with a final dot and a port, a bare host string a few more). Longer
 * runs are not tested with HOST_RE / BARE_RE: their repeated group takes a backtracking entry per label, and a
 * megabyte of `a.a.a…` overflowed the stack (an internal error of the rule, not a finding).
 */
const MAX_HOST = 253;
const BARE_RE = /^\s*([a-z0-9-]+(?:\.[a-z0-9-]+)+\.?)(?::\d{1,5})?\s*$/i;

/** Hosts read from one string at most: a script naming more is read for its first ones (each finding's place costs a scan of the string). */
export const MAX_HOSTS_PER_STRING = 100;

/**
 * The hostname of a URL's `host[:port]` (user info already removed) when it is under an AWS DNS suffix:
 * the port (digits only: another part, `${...}` say, is not a hostname) and a final dot (the end of a
 * sentence) are dropped. Otherwise undefined.
 */
function awsHostOf(hostPort: string): string | undefined {
  let host = hostPort;
  const colon = host.indexOf(':');
  if (colon >= 0) {
    if (!/^:\d{0,5}$/.test(host.slice(colon))) return undefined;
    host = host.slice(0, colon);
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host.length <= MAX_HOST && HOST_RE.test(host) && isAwsHostname(host) ? host : undefined;
}

/**
 * Hostnames under AWS DNS suffixes written in a string: the host of every URL in it (the first
 * MAX_HOSTS_PER_STRING), or the whole string when it is a bare hostname (optionally with a port). A
 * host with a part known only at deploy time (`sqs.${AWS::Region}.amazonaws.com`, `${var.region}`)
 * is not a hostname: skipped.
 */
export function awsHostsIn(value: string, opts: { afterInterpolation?: boolean } = {}): HostInString[] {
  const out: HostInString[] = [];
  if (!mayHoldAwsHost(value)) return out;
  const bare = value.trim().length <= MAX_HOST + 7 ? BARE_RE.exec(value) : null;
  if (bare) {
    const host = bare[1];
    if (isAwsHostname(host)) {
      const start = value.indexOf(host);
      out.push({ host, start, end: start + host.length, url: false });
    }
    return out;
  }
  URL_RE.lastIndex = 0;
  for (let m = URL_RE.exec(value); m && out.length < MAX_HOSTS_PER_STRING; m = URL_RE.exec(value)) {
    const authority = m[1];
    if (authority === '$') {
      // `https://${Bucket}.s3.us-east-1.amazonaws.com`: the literal labels after the interpolation.
      const close = opts.afterInterpolation ? interpolationEnd(value, m.index + m[0].length - 1) : -1;
      if (close < 0 || value[close] !== '.') continue;
      AUTHORITY_REST.lastIndex = close + 1;
      const rest = AUTHORITY_REST.exec(value)?.[0] ?? '';
      const host = rest.includes('@') ? undefined : awsHostOf(rest);
      if (!host) continue;
      out.push({ host, start: close + 1, end: close + 1 + host.length, url: true, prefixed: true });
      URL_RE.lastIndex = close + 1 + rest.length;
      continue;
    }
    const at = authority.lastIndexOf('@');
    const host = awsHostOf(at >= 0 ? authority.slice(at + 1) : authority);
    if (!host) continue;
    const start = m.index + m[0].length - authority.length + (at >= 0 ? at + 1 : 0);
    out.push({ host, start, end: start + host.length, url: true });
  }
  return out;
}

/** A URL to an AWS host with the `http` scheme (see plainHttpAwsUrls). */
export interface PlainHttpUrl {
  /** Where the scheme (`http`, as written) is in the string's value. */
  start: number;
  end: number;
  /** The host as written, `${...}` parts and all (no user info, no port). */
  host: string;
}

/**
 * Hosts under AWS DNS suffixes that are not AWS's to serve over TLS: a load balancer's DNS name (its
 * listeners decide), an EC2 instance's public DNS name, an S3 website endpoint (HTTP only).
 */
const CUSTOMER_SERVED_HOST = /(?:^|\.)s3-website[.-]|(?:^|\.)elb\.amazonaws\.com(?:\.cn)?$|\.elb\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$|(?:^|\.)compute(?:-\d+)?\.amazonaws\.com(?:\.cn)?$|\.compute\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/i;
/** Characters that end a URL's authority (as URL_RE). */
const AUTHORITY_END = new Set([...' \t\r\n\f\v/?#"\'`<>\\()[]{};,|^']);
const HTTP_SCHEME = /\bhttp:\/\//gi;
const XML_NAMESPACE_PATH = /^\/doc\/\d{4}-\d{2}-\d{2}(?:\/|$)/;

/**
 * URLs with the `http` scheme (any case) whose host is under an AWS DNS suffix: `http://sqs.us-east-1.amazonaws.com/...`,
 * and with parts known only at deploy time when the suffix is literal (`http://sqs.${AWS::Region}.amazonaws.com`,
 * `http://${Bucket}.s3.amazonaws.com`): the scheme is plain text whatever the region. Hosts that only their owner
 * serves (CUSTOMER_SERVED_HOST) are left out. Linear in the string: each URL's authority is read once.
 */
export function plainHttpAwsUrls(value: string): PlainHttpUrl[] {
  return scanPlainHttp(value, MAX_HOSTS_PER_STRING);
}

/**
 * Whether a file's text may hold such a URL in one of its values, for `stringValues`' `textHint` with
 * `hintDecodes`: each `http:` of the text is read with the escapes that can spell a URL's characters
 * decoded (JSON's `\/`, a YAML backslash-newline join; up to three levels deep: JSON in a string in
 * JSON...); a text with escapes that spell letters (`\uXXXX`, `\xXX`, `\UXXXXXXXX`) is decoded whole
 * first. YAML and HCL line folding never split a URL: it has no whitespace, and `${...}` parts are skipped whole.
 */
export const PLAIN_HTTP_AWS_HINT = {
  test(text: string, chars?: TextChars): boolean {
    const escapes = text.includes('\\');
    // Without escapes, a URL to an AWS host has the AWS DNS suffix in the text as written: the answer DP401's
    // hint has worked out for the file already (or will reuse). A search for `://` would be slower than
    // schemesHold's own: templates are full of colons.
    if (!escapes && !AWS_HOST_HINT.test(text, chars)) return false;
    if (escapes && LETTER_ESCAPE.test(text)) return schemesHold(decoded(text));
    return schemesHold(text);
  },
};
const HTTP_COLON = /http:/gi;
const LETTER_ESCAPE = /\\(?:u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|U[0-9a-fA-F]{8})/;
const URL_ESCAPES = /\\(?:\/|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|U[0-9a-fA-F]{8}|\r?\n[ \t]*)/g;
/** Raw characters read after an `http:`: a URL's authority (at most MAX_HOST + 80 characters read), escapes and all. */
const SCHEME_WINDOW = 4096;

function schemesHold(text: string): boolean {
  HTTP_COLON.lastIndex = 0;
  for (let m = HTTP_COLON.exec(text); m; m = HTTP_COLON.exec(text)) {
    let w = text.slice(m.index, m.index + SCHEME_WINDOW);
    if (w.includes('\\')) w = decoded(w);
    if (scanPlainHttp(w, 1).length > 0) return true;
  }
  return false;
}

function decoded(text: string): string {
  let t = text;
  for (let level = 0; level < 3 && t.includes('\\'); level++) {
    const d = t.replace(URL_ESCAPES, decodeEscape);
    if (d === t) break;
    t = d;
  }
  return t;
}

function decodeEscape(e: string): string {
  if (e[1] === '/') return '/';
  if (e[1] === '\r' || e[1] === '\n') return '';
  const cp = parseInt(e.slice(2), 16);
  return cp <= 0x10ffff ? String.fromCodePoint(cp) : e;
}

function scanPlainHttp(value: string, limit: number): PlainHttpUrl[] {
  const out: PlainHttpUrl[] = [];
  if (!mayHoldAwsHost(value)) return out;
  HTTP_SCHEME.lastIndex = 0;
  for (let m = HTTP_SCHEME.exec(value); m && out.length < limit; m = HTTP_SCHEME.exec(value)) {
    const from = m.index + m[0].length;
    let i = from;
    // The authority with each `${...}` read as one label character: what DNS would see once it is known.
    let probe = '';
    while (i < value.length && probe.length <= MAX_HOST + 80) {
      if (value[i] === '$' && value[i + 1] === '{') {
        const close = interpolationEnd(value, i);
        if (close < 0) break;
        probe += 'x';
        i = close;
        continue;
      }
      if (AUTHORITY_END.has(value[i])) break;
      probe += value[i++];
    }
    HTTP_SCHEME.lastIndex = Math.max(i, from);
    const at = probe.lastIndexOf('@');
    const host = awsHostOf(at >= 0 ? probe.slice(at + 1) : probe);
    if (!host || CUSTOMER_SERVED_HOST.test(host)) continue;
    // An XML namespace (`http://s3.amazonaws.com/doc/2006-03-01/`) names a schema; nothing is sent there.
    if (XML_NAMESPACE_PATH.test(value.slice(i, i + 17))) continue;
    // The host as written: from after the user info (the last `@` outside `${...}`) to before the port.
    let written = value.slice(from, i);
    const wAt = written.lastIndexOf('@');
    if (at >= 0 && wAt >= 0) written = written.slice(wAt + 1);
    written = written.replace(/:\d{0,5}$/, '').replace(/\.$/, '');
    out.push({ start: m.index, end: m.index + 4, host: written });
  }
  return out;
}
