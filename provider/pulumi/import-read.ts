/**
 * `pulumi import` (the plugin) reads a resource the state never held: the engine sends no
 * properties, only the id the user typed. Any stored state has at least its inputs.
 */
export function isImportRead(props: Record<string, unknown>): boolean {
  return Object.keys(props).every((k) => k.startsWith("__"));
}
