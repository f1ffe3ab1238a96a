import { isChatMembersError } from "../core/errors";

// How an error reaches the user through the dynamic-provider host, written once. The host prints
// `${e}: ${e.stack}` and sends `e.message` to the engine: both become one line — Chat's reason
// or ours, with the code to match on — and never a stack trace.

/** What the user reads: our errors lead with their code (Chat's already name theirs). */
export function shown(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return isChatMembersError(e) ? `${e.code}: ${text}` : text;
}

export function hostError(e: unknown): Error {
  const message = shown(e).replace(/\s*\n\s*/g, "; ");
  const label = isChatMembersError(e) ? e.code : e instanceof Error ? e.name : "Error";
  const code =
    typeof (e as { code?: unknown })?.code === "string" ? (e as { code: string }).code : label;
  const err = Object.assign(new Error(message), { code });
  // The host prints `${e}: ${e.stack}`: the label, then the message without it again.
  const plain = e instanceof Error ? e.message.replace(/\s*\n\s*/g, "; ") : message;
  err.stack = isChatMembersError(e) ? plain : message;
  err.toString = () => label;
  return err;
}

/**
 * A create or update that failed after changing something: the engine records `properties` as
 * the resource's whole state (so it must carry `__provider`, or the next refresh or destroy
 * could not find its provider) and the rerun converges from there.
 */
export function partialFailure(
  e: Error,
  id: string,
  properties: Record<string, unknown>,
  provider: unknown,
): Error {
  // The lines of a partial apply (failed / not applied / applied) stay lines.
  const err = Object.assign(new Error(shown(e)), {
    code: (hostError(e) as { code?: string }).code,
  });
  err.stack = "";
  return Object.assign(err, {
    id,
    properties: { ...properties, __provider: provider },
    reasons: [shown(e)],
  });
}

/** Runs a provider method, turning whatever it throws into a host error. */
export async function translated<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof Error && "properties" in e) throw e;
    throw hostError(e);
  }
}
