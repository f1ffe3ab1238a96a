// Errors of the adapter as values. An ApiError carries Chat's status, the HTTP status, the
// ErrorInfo reason and the RPC, and a one-line message; it never holds the raw HTTP error, whose
// request config contains bearer tokens, refresh tokens and signed assertions.

import type { FailureVerdict } from "./retry";
import { parseDuration, parseRetryAfter } from "./retry";
import { DEFAULT_RETRY, type RetryConfig } from "./defaults";

export type Rpc =
  | "spaces.members.create"
  | "spaces.members.get"
  | "spaces.members.list"
  | "spaces.members.patch"
  | "spaces.members.delete"
  | "spaces.get"
  | "spaces.create"
  | "spaces.patch"
  | "spaces.delete"
  | "spaces.spaceEvents.list"
  | "oauth2.token"
  | "oauth2.tokeninfo";

/** Chat's statuses (AIP-193), plus local codes for failures with no Chat answer. */
export type ApiErrorCode =
  | "INVALID_ARGUMENT"
  | "FAILED_PRECONDITION"
  | "UNAUTHENTICATED"
  | "PERMISSION_DENIED"
  | "NOT_FOUND"
  | "ALREADY_EXISTS"
  | "ABORTED"
  | "RESOURCE_EXHAUSTED"
  | "INTERNAL"
  | "UNAVAILABLE"
  | "DEADLINE_EXCEEDED"
  | "UNKNOWN"
  /** No HTTP response at all (reset, refused, timeout). */
  | "NETWORK_ERROR"
  /** A response this adapter cannot map (missing field, unknown enum). */
  | "UNEXPECTED_RESPONSE";

const STATUS_BY_HTTP: Record<number, ApiErrorCode> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ALREADY_EXISTS",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  502: "UNAVAILABLE",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

export interface ApiErrorInit {
  readonly code: ApiErrorCode;
  readonly rpc: Rpc;
  /** What the call was about, e.g. "spaces/AAA users/alice@example.com". */
  readonly target: string;
  /** The server's own message (or a local description). */
  readonly detail: string;
  readonly httpStatus?: number;
  readonly reason?: string;
  readonly attempts?: number;
}

export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly code: ApiErrorCode;
  readonly rpc: Rpc;
  readonly target: string;
  readonly detail: string;
  readonly httpStatus?: number;
  readonly reason?: string;
  /** HTTP attempts made, retries included: a create that meets 409 after a retry likely landed. */
  readonly attempts: number;

  constructor(init: ApiErrorInit) {
    super(`${init.rpc} ${init.target}: ${init.code} — ${oneLine(init.detail)}`);
    this.code = init.code;
    this.rpc = init.rpc;
    this.target = init.target;
    this.detail = oneLine(init.detail);
    this.httpStatus = init.httpStatus;
    this.reason = init.reason;
    this.attempts = init.attempts ?? 1;
    // Users see Chat's reason in one line, never a stack trace.
    this.stack = `${this.name}: ${this.message}`;
  }
}

export function isApiError(e: unknown, code?: ApiErrorCode): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}

/** Bad or missing credentials/configuration, found before any API call. Names the key, never the value. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly code = "INVALID_CONFIG";
  constructor(
    /** The configuration key at fault, as the caller names it (AuthConfig.keyNames). */
    readonly key: string,
    /** What is wrong and how to fix it; must not contain the secret. */
    readonly problem: string,
  ) {
    super(`${key}: ${problem}`);
    this.stack = `${this.name}: ${this.message}`;
  }
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

// ---- reading gaxios failures without depending on gaxios's types -------------------------

interface HttpFailure {
  readonly status?: number;
  readonly headers?: unknown;
  readonly data?: unknown;
  readonly url?: string;
}

function httpFailure(e: unknown): HttpFailure | undefined {
  if (typeof e !== "object" || e === null) return undefined;
  const res = (e as { response?: { status?: unknown; headers?: unknown; data?: unknown } })
    .response;
  if (!res || typeof res.status !== "number") return undefined;
  const cfgUrl = (e as { config?: { url?: unknown } }).config?.url;
  return {
    status: res.status,
    headers: res.headers,
    data: res.data,
    url: cfgUrl === undefined ? undefined : String(cfgUrl),
  };
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  if (typeof (headers as Headers).get === "function") {
    return (headers as Headers).get(name) ?? undefined;
  }
  for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? String(v[0]) : String(v);
  }
  return undefined;
}

interface Aip193 {
  code?: number;
  message?: string;
  status?: string;
  details?: { "@type"?: string; reason?: string; retryDelay?: unknown }[];
}

function aip193(data: unknown): Aip193 | undefined {
  let body = data;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const err = (body as { error?: unknown } | undefined)?.error;
  return err && typeof err === "object" ? (err as Aip193) : undefined;
}

/** OAuth token endpoint errors: {"error": "invalid_grant", "error_description": "..."}. */
function oauthError(data: unknown): { error: string; description?: string } | undefined {
  const d = data as { error?: unknown; error_description?: unknown } | undefined;
  if (d && typeof d.error === "string") {
    return {
      error: d.error,
      description: typeof d.error_description === "string" ? d.error_description : undefined,
    };
  }
  return undefined;
}

/** Error codes and messages along the cause chain (fetch wraps socket errors in "fetch failed"). */
function networkSignals(e: unknown): { codes: string[]; messages: string[] } {
  const codes: string[] = [];
  const messages: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; depth < 6 && cur && typeof cur === "object"; depth++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === "string") codes.push(c);
    const n = (cur as { name?: unknown }).name;
    if (n === "TimeoutError" || n === "AbortError") codes.push(n);
    const m = (cur as { message?: unknown }).message;
    if (typeof m === "string") messages.push(m);
    cur = (cur as { cause?: unknown }).cause;
  }
  return { codes, messages };
}

function isTokenUrl(url: string | undefined, tokenUrls: readonly string[]): boolean {
  if (!url) return false;
  return tokenUrls.some((t) => url.split("?")[0] === t);
}

/** Decides whether a failed attempt is worth repeating, and how long the server asked us to wait. */
export function classifyFailure(
  e: unknown,
  nowMs: number,
  config: RetryConfig = DEFAULT_RETRY,
): FailureVerdict {
  if (e instanceof ApiError || e instanceof ConfigError) {
    return { retryable: false, label: e instanceof ApiError ? e.code : e.code };
  }
  const http = httpFailure(e);
  if (http?.status !== undefined) {
    const body = aip193(http.data);
    const status = body?.status ?? STATUS_BY_HTTP[http.status] ?? "UNKNOWN";
    let retryAfterMs = parseRetryAfter(header(http.headers, "retry-after"), nowMs);
    if (retryAfterMs === undefined) {
      const info = body?.details?.find((d) => d["@type"]?.endsWith("google.rpc.RetryInfo"));
      retryAfterMs = parseDuration(info?.retryDelay);
    }
    return {
      retryable: config.retryableHttpStatuses.includes(http.status),
      retryAfterMs,
      label: `${http.status} ${status}`,
    };
  }
  const { codes, messages } = networkSignals(e);
  const code = codes.find((c) => config.retryableNetworkCodes.includes(c));
  const message = messages.find((m) =>
    config.retryableNetworkMessages.some((needle) => m.toLowerCase().includes(needle)),
  );
  if (code || message) return { retryable: true, label: code ?? (message as string) };
  return { retryable: false, label: codes[0] ?? "error" };
}

/**
 * Turns whatever a call threw into an ApiError (or passes a ConfigError/ApiError through).
 * Only the server's status, message and reason are kept: never config, headers or bodies we sent.
 */
export function toApiError(
  e: unknown,
  ctx: {
    rpc: Rpc;
    target: string;
    attempts: number;
    tokenUrls: readonly string[];
    /** Configuration keys to name when the token endpoint refuses the credentials. */
    keys?: { credentials: string; impersonate: string };
  },
): ApiError | ConfigError {
  if (e instanceof ApiError || e instanceof ConfigError) return e;
  const http = httpFailure(e);
  if (http?.status !== undefined) {
    if (isTokenUrl(http.url, ctx.tokenUrls)) {
      const oauth = oauthError(http.data);
      const fix = ctx.keys
        ? `check ${ctx.keys.credentials} (and ${ctx.keys.impersonate}, if set)`
        : "check the credentials configuration";
      const detail = oauth
        ? `token endpoint refused the credentials: ${oauth.error}${oauth.description ? ` (${oauth.description})` : ""}; ${fix}`
        : `token endpoint answered HTTP ${http.status}; ${fix}`;
      return new ApiError({
        code: http.status >= 500 || http.status === 429 ? "UNAVAILABLE" : "UNAUTHENTICATED",
        rpc: "oauth2.token",
        target: `for ${ctx.rpc} ${ctx.target}`,
        detail,
        httpStatus: http.status,
        reason: oauth?.error,
        attempts: ctx.attempts,
      });
    }
    const body = aip193(http.data);
    const code =
      (body?.status as ApiErrorCode | undefined) ?? STATUS_BY_HTTP[http.status] ?? "UNKNOWN";
    const reason = body?.details?.find((d) => d["@type"]?.endsWith("google.rpc.ErrorInfo"))?.reason;
    return new ApiError({
      code,
      rpc: ctx.rpc,
      target: ctx.target,
      detail: body?.message ?? `HTTP ${http.status}`,
      httpStatus: http.status,
      reason,
      attempts: ctx.attempts,
    });
  }
  const { codes, messages } = networkSignals(e);
  const url = (e as { config?: { url?: unknown } } | undefined)?.config?.url;
  const toToken = isTokenUrl(url === undefined ? undefined : String(url), ctx.tokenUrls);
  const netCodes = [
    ...new Set(codes.filter((c) => /^(E[A-Z]+|UND_ERR_\w+|TimeoutError|AbortError)$/.test(c))),
  ];
  if (
    netCodes.length > 0 ||
    /fetch failed|socket hang up|other side closed/i.test(messages.join(" "))
  ) {
    const deepest = messages[messages.length - 1] ?? "no response";
    // Name the endpoint that did not answer: a stalled token endpoint is not a stalled API.
    return new ApiError({
      code: "NETWORK_ERROR",
      rpc: toToken ? "oauth2.token" : ctx.rpc,
      target: toToken ? `${String(url).split("?")[0]} (for ${ctx.rpc} ${ctx.target})` : ctx.target,
      detail: `${netCodes.join("/") || "network failure"}: ${deepest}${ctx.attempts > 1 ? ` (after ${ctx.attempts} attempts)` : ""}`,
      attempts: ctx.attempts,
    });
  }
  // A local failure (e.g. the client library rejecting a parameter): keep its message only.
  const msg = e instanceof Error ? e.message : String(e);
  return new ApiError({
    code: "UNKNOWN",
    rpc: ctx.rpc,
    target: ctx.target,
    detail: msg,
    attempts: ctx.attempts,
  });
}
