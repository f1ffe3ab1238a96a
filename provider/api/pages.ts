import { ApiError, type Rpc } from "./errors";

/**
 * Every page of a list call: `fetch` sends one page and returns the next token. Bounded: a server
 * that returns a token it already returned would otherwise loop forever.
 */
export async function eachPage(
  rpc: Rpc,
  target: string,
  fetch: (pageToken: string | undefined) => Promise<string | null | undefined>,
): Promise<void> {
  const seen = new Set<string>();
  let pageToken: string | undefined;
  do {
    pageToken = (await fetch(pageToken)) || undefined;
    if (pageToken === undefined) return;
    if (seen.has(pageToken))
      throw new ApiError({
        code: "UNEXPECTED_RESPONSE",
        rpc,
        target,
        detail: "the server returned a pageToken it had already returned",
      });
    seen.add(pageToken);
  } while (pageToken !== undefined);
}
