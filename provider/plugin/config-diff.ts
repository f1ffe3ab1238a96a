// The `googlechat` plugin's DiffConfig. Without it the engine updates the default provider's
// stored configuration silently: a new credential or quota never shows in the review. With it,
// every changed key is a line of the preview, and nothing is ever a replace: replacing the
// provider would replace every membership under it (removals), while a new credential, host or
// limit only changes how the next calls are made. The caller is resolved again by the new
// configuration before any plan, as always.

/** The engine's secret marker (a property map value `{[SIG]: SECRET, value}`). */
export const SIG = "4dabf18193072939515e22adb298388d";
export const SECRET = "1b47061264138c4ac30d75fd1eb44270";
/** An output not known yet (preview): always a change. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A configuration value as text, secrets unwrapped; absent is undefined. */
export function plain(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "object" && (v as Record<string, unknown>)[SIG] === SECRET)
    return plain((v as { value?: unknown }).value);
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** Keys the engine adds to every provider's inputs: not the user's configuration. */
const ENGINE_KEYS = new Set(["version", "pluginDownloadURL"]);

/** The keys whose value differs between the stored and the new configuration, sorted. */
export function changedConfigKeys(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys]
    .filter((k) => !ENGINE_KEYS.has(k) && !k.startsWith("__"))
    .filter((k) => plain(news[k]) === UNKNOWN || plain(olds[k]) !== plain(news[k]))
    .sort();
}

/**
 * What the review says of a configuration change: the engine does not display a default
 * provider's update, so without this line a new credential would pass unseen. Keys only, never
 * values (secrets).
 */
export function configChangeNote(keys: readonly string[]): string {
  return `googlechat configuration changed: ${keys.map((k) => `googlechat:${k}`).join(", ")}; the provider is updated in place (no resource is replaced) and this command's calls use the new values`;
}
