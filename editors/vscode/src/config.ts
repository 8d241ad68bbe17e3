// Settings → LSP initializationOptions / didChangeConfiguration payloads.
// Pure logic: takes a minimal configuration reader instead of `vscode`.

/** The part of `vscode.WorkspaceConfiguration` this module needs. */
export interface ConfigReader {
  get<T>(key: string): T | undefined;
}

/** Options the gloss server understands; mirrors the keys of `gloss.toml`. */
export interface GlossOptions {
  guides?: string[];
  drafts?: string[];
  /** Embedding model folder for search by meaning (`model` in gloss.toml). */
  model?: string;
}

function stringArray(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out = value
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
  return out.length > 0 ? out : undefined;
}

/**
 * Read `gloss.guides` / `gloss.drafts` (from the `gloss` section). Empty or
 * unset arrays are left out so that `gloss.toml` (or the server's own guide
 * detection) stays in charge.
 */
export function readGlossOptions(config: ConfigReader): GlossOptions {
  const options: GlossOptions = {};
  const guides = stringArray(config.get<unknown>('guides'));
  const drafts = stringArray(config.get<unknown>('drafts'));
  if (guides) options.guides = guides;
  if (drafts) options.drafts = drafts;
  const model = config.get<unknown>('model');
  if (typeof model === 'string' && model.trim().length > 0) options.model = model.trim();
  return options;
}

/** `initializationOptions` sent with `initialize`. */
export function initializationOptions(config: ConfigReader): GlossOptions {
  return readGlossOptions(config);
}

/** Params of `workspace/didChangeConfiguration`: `{ settings: { gloss: {...} } }`. */
export function didChangeConfigurationParams(config: ConfigReader): { settings: { gloss: GlossOptions } } {
  return { settings: { gloss: readGlossOptions(config) } };
}

/** Which kind of reaction a configuration change needs. */
export type ConfigChange = 'restart' | 'notify' | 'none';

/**
 * Decide what to do for a configuration change event. A new server path needs
 * a restart; guide/draft globs are pushed to the running server.
 * (`gloss.trace.server` is handled by vscode-languageclient itself.)
 */
export function classifyConfigChange(affects: (section: string) => boolean): ConfigChange {
  if (affects('gloss.server.path') || affects('gloss.server')) return 'restart';
  if (affects('gloss.guides') || affects('gloss.drafts') || affects('gloss.model')) return 'notify';
  return 'none';
}
