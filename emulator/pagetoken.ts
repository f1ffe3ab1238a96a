// Opaque page tokens: the position plus a fingerprint of the request's other parameters, so a
// token replayed with different parameters is rejected instead of silently mixing result sets.
import { createHash } from "node:crypto";
import { fieldError } from "./errors";

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export function pageSize(raw: string | number | undefined, def = DEFAULT_PAGE_SIZE): number {
  if (raw === undefined || raw === "") return def;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw fieldError("page_size", `Not an integer: "${raw}".`);
  if (n < 0) throw fieldError("page_size", `Must not be negative, got ${n}.`);
  if (n === 0) return def;
  return Math.min(n, MAX_PAGE_SIZE);
}

const fingerprint = (params: unknown) =>
  createHash("sha256").update(JSON.stringify(params)).digest("base64url").slice(0, 16);

/** `after` is the sort key of the last item served. */
export function encodePageToken(after: string, params: unknown): string {
  return Buffer.from(JSON.stringify({ a: after, f: fingerprint(params) })).toString("base64url");
}

export function decodePageToken(token: string | undefined, params: unknown): string | undefined {
  if (!token) return undefined;
  let parsed: { a?: unknown; f?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw fieldError("page_token", "Invalid page token.");
  }
  if (typeof parsed.a !== "string" || parsed.f !== fingerprint(params)) {
    throw fieldError(
      "page_token",
      "Invalid page token: it is only valid with the same parameters as the call that returned it.",
    );
  }
  return parsed.a;
}
