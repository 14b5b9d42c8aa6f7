import * as path from 'node:path';
import { CONFIG_FILE_NAMES, ConfigError, defaultConfig, FileFilter, parseConfig, resolveConfig, type Config, type ConfigLayers, type RuleSetting } from '../engine/index';
import { isInside, relativePosix } from './paths';

export interface Folder {
  uri: string;
  /** File system path of the folder. */
  path: string;
}

export type RuleOverrides = Record<string, RuleSetting>;

/** What the engine needs to analyse one file. */
export interface FileConfig {
  config: Config;
  relativePath: (file: string) => string;
  /** False when the config's include/exclude globs leave this file out. */
  accepts: boolean;
}

export interface ConfigStoreDeps {
  /** Reads a file; undefined when it does not exist. */
  readFile(file: string): Promise<string | undefined>;
  /** Rule ids and names the config may name (undefined: do not check). */
  knownRules(): Set<string> | undefined;
  /**
   * The engine's one config precedence (engine.resolveConfig): file, then editor settings, by rule
   * id or name alike. Without it, rule keys are merged as written.
   */
  resolveConfig?(layers: ConfigLayers): Config;
  /**
   * `workspace/configuration` for section `awsdp`; returns undefined when the client does not
   * support it (its settings then arrive with didChangeConfiguration).
   */
  fetchSettings?: (scopeUri: string | undefined) => Promise<unknown> | undefined;
  /** Tells the user about an invalid config file (called once per distinct problem). */
  showError(message: string): void;
  log(message: string): void;
}

const SETTINGS = new Set(['error', 'warning', 'info', 'off']);

/** The valid entries of the `awsdp.rules` setting (rule id or name → severity or off). */
export function ruleOverrides(settings: unknown): RuleOverrides {
  const out: RuleOverrides = {};
  const rules = settings && typeof settings === 'object' ? (settings as { rules?: unknown }).rules : undefined;
  if (!rules || typeof rules !== 'object' || Array.isArray(rules)) return out;
  for (const [k, v] of Object.entries(rules as Record<string, unknown>)) {
    if (typeof v === 'string' && SETTINGS.has(v)) out[k] = v as RuleSetting;
  }
  return out;
}

/** The `awsdp.fips.required` setting (`{ fips: { required: true } }` in the `awsdp` section). */
export function fipsRequiredSetting(settings: unknown): boolean {
  const fips = settings && typeof settings === 'object' ? (settings as { fips?: unknown }).fips : undefined;
  return !!fips && typeof fips === 'object' && (fips as { required?: unknown }).required === true;
}

/** A list of strings from a setting (anything else: empty). */
function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
}

/** The editor settings the configuration takes (section `awsdp`). */
export interface EditorSettings {
  rules: RuleOverrides;
  fipsRequired: boolean;
  /** `awsdp.include` / `awsdp.exclude`: globs relative to the workspace folder, on top of `.awsdp.yaml`'s. */
  include: string[];
  exclude: string[];
  /** `awsdp.scanOnStartup`: analyse the whole workspace when the server starts. */
  scanOnStartup: boolean;
  /** `awsdp.sensitiveData.patterns`: added to `.awsdp.yaml`'s (the engine checks each). */
  sensitivePatterns: unknown[];
  /** `awsdp.tls.minimum`: "1.3" raises the file's `minimumTls`, "1.2" leaves it. */
  tlsMinimum?: '1.3';
}

export function editorSettings(awsdp: unknown): EditorSettings {
  const o = awsdp && typeof awsdp === 'object' ? (awsdp as Record<string, unknown>) : {};
  return {
    rules: ruleOverrides(awsdp),
    fipsRequired: fipsRequiredSetting(awsdp),
    include: stringList(o.include),
    exclude: stringList(o.exclude),
    scanOnStartup: o.scanOnStartup === true,
    sensitivePatterns: Array.isArray((o.sensitiveData as { patterns?: unknown } | undefined)?.patterns) ? ((o.sensitiveData as { patterns: unknown[] }).patterns) : [],
    ...((o.tls as { minimum?: unknown } | undefined)?.minimum === '1.3' ? { tlsMinimum: '1.3' as const } : {}),
  };
}

const NO_SETTINGS: EditorSettings = editorSettings(undefined);

interface FolderConfig {
  /** The config file read (undefined: none). */
  file?: string;
  text?: string;
  config: Config;
  error?: string;
}

/**
 * `.awsdp.yaml` per workspace folder plus the `awsdp.rules` editor setting (which wins over the
 * file: it is the user's own override; the engine resolves the two, see ConfigLayers). An invalid
 * file is reported once and defaults are used.
 */
export class ConfigStore {
  private folders: Folder[] = [];
  private readonly files = new Map<string, FolderConfig>();
  private readonly overrides = new Map<string, Promise<EditorSettings>>();
  private pushed: EditorSettings = NO_SETTINGS;
  private readonly shown = new Set<string>();

  constructor(private readonly deps: ConfigStoreDeps) {}

  setFolders(folders: Folder[]): void {
    // Longest first, so the innermost folder of nested roots wins.
    this.folders = [...folders].sort((a, b) => b.path.length - a.path.length);
    for (const k of [...this.files.keys()]) if (!this.folders.some((f) => f.path === k)) this.files.delete(k);
    this.overrides.clear();
  }

  getFolders(): readonly Folder[] {
    return this.folders;
  }

  folderFor(file: string): Folder | undefined {
    return this.folders.find((f) => isInside(f.path, file));
  }

  isConfigFile(file: string): boolean {
    return CONFIG_FILE_NAMES.includes(path.basename(file));
  }

  /**
   * The config file that governs `file` (the first of CONFIG_FILE_NAMES in its workspace folder),
   * with its text; when there is none, where one would be created. Undefined outside every folder.
   */
  async configFileFor(file: string): Promise<{ path: string; text?: string } | undefined> {
    const folder = this.folderFor(file);
    if (!folder) return undefined;
    for (const name of CONFIG_FILE_NAMES) {
      const p = path.join(folder.path, name);
      const text = await this.deps.readFile(p);
      if (text !== undefined) return { path: p, text };
    }
    return { path: path.join(folder.path, CONFIG_FILE_NAMES[0]) };
  }

  /** Re-reads every folder's config file. Returns whether any effective config changed. */
  async reload(): Promise<boolean> {
    let changed = false;
    for (const f of this.folders) {
      if (await this.reloadFolder(f)) changed = true;
    }
    return changed;
  }

  private async reloadFolder(folder: Folder): Promise<boolean> {
    let file: string | undefined;
    let text: string | undefined;
    for (const name of CONFIG_FILE_NAMES) {
      const p = path.join(folder.path, name);
      const t = await this.deps.readFile(p);
      if (t !== undefined) {
        file = p;
        text = t;
        break;
      }
    }
    const prev = this.files.get(folder.path);
    if (prev && prev.text === text) return false;
    const next: FolderConfig = { file, text, config: defaultConfig() };
    if (file !== undefined && text !== undefined) {
      try {
        next.config = parseConfig(text, file, this.deps.knownRules());
      } catch (e) {
        next.error = e instanceof ConfigError ? e.message : `${file}: ${(e as Error).message}`;
      }
    }
    if (prev?.error && prev.error !== next.error) this.shown.delete(prev.error);
    if (next.error) {
      this.deps.log(`awsdp: invalid config, using defaults: ${next.error}`);
      if (!this.shown.has(next.error)) {
        this.shown.add(next.error);
        this.deps.showError(`awsdp: invalid configuration, using defaults. ${next.error}`);
      }
    }
    this.files.set(folder.path, next);
    return true;
  }

  /**
   * The invalid config files, each with its one problem and where it is (the key or value named in
   * the message, else the YAML error's position, else the first line); and the valid ones (no problem).
   */
  configProblems(): { file: string; problem?: ConfigProblem }[] {
    const out: { file: string; problem?: ConfigProblem }[] = [];
    for (const fc of this.files.values()) {
      if (!fc.file) continue;
      if (!fc.error) {
        out.push({ file: fc.file });
        continue;
      }
      out.push({ file: fc.file, problem: problemOf(fc.error, fc.file, fc.text ?? '') });
    }
    return out;
  }

  /** The problem of a config file's text (an open, maybe unsaved, `.awsdp.yaml`); undefined when valid. */
  checkText(text: string, file: string): ConfigProblem | undefined {
    try {
      parseConfig(text, file, this.deps.knownRules());
      return undefined;
    } catch (e) {
      const raw = e instanceof ConfigError ? e.message : `${file}: ${(e as Error).message}`;
      return problemOf(raw, file, text);
    }
  }

  /** The editor settings changed: fetch them again when next needed. */
  settingsChanged(pushedSettings?: unknown): void {
    this.overrides.clear();
    if (pushedSettings !== undefined) {
      const awsdp = pushedSettings && typeof pushedSettings === 'object' ? (pushedSettings as { awsdp?: unknown }).awsdp : undefined;
      this.pushed = editorSettings(awsdp);
    }
  }

  /** The editor settings of a folder (or the window's, without one). */
  settingsFor(folder: Folder | undefined): Promise<EditorSettings> {
    const key = folder?.uri ?? '';
    let p = this.overrides.get(key);
    if (!p) {
      const fetched = this.deps.fetchSettings?.(folder?.uri);
      if (!fetched) return Promise.resolve(this.pushed);
      p = fetched.then(
        (s) => editorSettings(s),
        (e: unknown) => {
          this.deps.log(`awsdp: could not read the awsdp settings: ${(e as Error)?.message ?? e}`);
          return NO_SETTINGS;
        },
      );
      this.overrides.set(key, p);
    }
    return p;
  }

  /**
   * `.awsdp.yaml` with the `awsdp.include`/`awsdp.exclude` settings added: excludes add up, an
   * include setting replaces the file's. Globs are checked as the config file's are (a bad one is
   * left out, once logged).
   */
  private withSettingGlobs(base: Config, editor: EditorSettings): Config {
    if (!editor.include.length && !editor.exclude.length) return base;
    const ok = (g: string) => {
      try {
        parseConfig(JSON.stringify({ include: [g] }), 'awsdp.include');
        return true;
      } catch (e) {
        const m = `awsdp: setting glob ignored: ${(e as Error).message}`;
        if (!this.shown.has(m)) {
          this.shown.add(m);
          this.deps.log(m);
        }
        return false;
      }
    };
    const include = editor.include.filter(ok);
    return { ...base, include: include.length ? include : base.include, exclude: [...base.exclude, ...editor.exclude.filter(ok)] };
  }

  /** The configuration of a whole folder (a workspace scan). */
  async forFolder(folder: Folder): Promise<FileConfig> {
    return this.forFile(path.join(folder.path, '.awsdp-folder'));
  }

  async forFile(file: string): Promise<FileConfig> {
    const folder = this.folderFor(file);
    const base = (folder && this.files.get(folder.path)?.config) ?? defaultConfig();
    const editor = await this.settingsFor(folder);
    const layers: ConfigLayers = {
      file: this.withSettingGlobs(base, editor),
      settings: editor.rules,
      ...(editor.fipsRequired ? { fipsRequired: true } : {}),
      ...(editor.sensitivePatterns.length ? { sensitivePatterns: editor.sensitivePatterns } : {}),
    };
    let config: Config = this.deps.resolveConfig ? this.deps.resolveConfig(layers) : resolveConfig(layers, []);
    // TLS 1.3 required by the setting (the file's `minimumTls`, read by DP301): raises, never lowers.
    if (editor.tlsMinimum === '1.3') config = { ...config, minimumTls: '1.3' } as Config;
    const relativePath = folder ? (p: string) => relativePosix(folder.path, p) : (p: string) => p.split(path.sep).join('/');
    const accepts = folder ? new FileFilter(config).accepts(relativePath(file)) : true;
    return { config, relativePath, accepts };
  }
}

export interface ConfigProblem {
  message: string;
  line: number;
  character: number;
  length: number;
}

function problemOf(error: string, file: string, text: string): ConfigProblem {
  const message = error.startsWith(`${file}: `) ? error.slice(file.length + 2) : error;
  return { message: `Invalid awsdp configuration (defaults are used until it is fixed): ${message}`, ...locate(text, message) };
}

/** Where in a config file's text a problem message points: a quoted name it mentions, a YAML line/column, or the start. */
function locate(text: string, message: string): { line: number; character: number; length: number } {
  const lines = text.split(/\r\n|\r|\n/);
  const yamlPos = /at line (\d+), column (\d+)/.exec(message);
  if (yamlPos) return { line: Math.max(0, Number(yamlPos[1]) - 1), character: Math.max(0, Number(yamlPos[2]) - 1), length: 1 };
  for (const m of message.matchAll(/"([^"\n]{1,200})"/g)) {
    const name = m[1];
    for (let i = 0; i < lines.length; i++) {
      const at = lines[i].indexOf(name);
      if (at >= 0) return { line: i, character: at, length: name.length };
    }
  }
  return { line: 0, character: 0, length: lines[0]?.length ?? 0 };
}
