// Every default of the API adapter, written once. Other modules import these; nothing else
// hard-codes a number, a URL or a scope.

/** Production endpoint. The per-call `rootUrl` keeps any path prefix (the constructor's drops it). */
export const PRODUCTION_ROOT_URL = "https://chat.googleapis.com/";

/** Google's OAuth token endpoint, as google-auth-library hard-codes it for service accounts. */
export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";

/** Environment variable that points every request (token and API) at a local emulator. */
/** Answers `sub`, the user's numeric id: the same id Chat uses in `users/{id}`. */
export const GOOGLE_TOKEN_INFO_URL = "https://oauth2.googleapis.com/tokeninfo";

export const EMULATOR_HOST_ENV = "CHAT_EMULATOR_HOST";

const SCOPE_PREFIX = "https://www.googleapis.com/auth/";

/** The OAuth scopes this adapter may ask for (full URLs). */
export const SCOPES = {
  memberships: `${SCOPE_PREFIX}chat.memberships`,
  membershipsApp: `${SCOPE_PREFIX}chat.memberships.app`,
  adminMemberships: `${SCOPE_PREFIX}chat.admin.memberships`,
  appMemberships: `${SCOPE_PREFIX}chat.app.memberships`,
  bot: `${SCOPE_PREFIX}chat.bot`,
  spacesReadonly: `${SCOPE_PREFIX}chat.spaces.readonly`,
  adminSpacesReadonly: `${SCOPE_PREFIX}chat.admin.spaces.readonly`,
  spaces: `${SCOPE_PREFIX}chat.spaces`,
  spacesCreate: `${SCOPE_PREFIX}chat.spaces.create`,
  adminSpaces: `${SCOPE_PREFIX}chat.admin.spaces`,
  delete: `${SCOPE_PREFIX}chat.delete`,
  adminDelete: `${SCOPE_PREFIX}chat.admin.delete`,
  appSpaces: `${SCOPE_PREFIX}chat.app.spaces`,
  appSpacesCreate: `${SCOPE_PREFIX}chat.app.spaces.create`,
  appDelete: `${SCOPE_PREFIX}chat.app.delete`,
} as const;

export interface RetryConfig {
  /** Total attempts including the first one. */
  readonly maxAttempts: number;
  /**
   * No retry starts later than this after the first attempt: with the per-request timeout, this
   * bounds how long one call can take against a stalled endpoint (README, "Bounded time").
   */
  readonly maxElapsedMs: number;
  /** Backoff ceiling before the first retry, in ms. */
  readonly initialDelayMs: number;
  readonly multiplier: number;
  /** Truncation: no single backoff is longer than this. */
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited out: the call fails with the server's answer. */
  readonly maxRetryAfterMs: number;
  /** Full jitter: the delay is uniform in [0, ceiling]. */
  readonly jitter: "full" | "none";
  readonly retryableHttpStatuses: readonly number[];
  /** Error codes (errno or undici codes) found anywhere on a failed request's cause chain. */
  readonly retryableNetworkCodes: readonly string[];
  /** Messages of network failures that carry no code (Node's "socket hang up" and friends). */
  readonly retryableNetworkMessages: readonly string[];
}

export const DEFAULT_RETRY: RetryConfig = {
  maxAttempts: 7,
  maxElapsedMs: 90_000,
  initialDelayMs: 1_000,
  multiplier: 2,
  maxDelayMs: 32_000,
  maxRetryAfterMs: 120_000,
  jitter: "full",
  retryableHttpStatuses: [429, 500, 502, 503, 504],
  retryableNetworkCodes: [
    "ECONNRESET",
    "ETIMEDOUT",
    // Refused means the request never reached a server: always safe to repeat.
    "ECONNREFUSED",
    "EPIPE",
    "EAI_AGAIN",
    "UND_ERR_SOCKET",
    "UND_ERR_CONNECT_TIMEOUT",
    "UND_ERR_HEADERS_TIMEOUT",
    "UND_ERR_BODY_TIMEOUT",
    "TimeoutError",
  ],
  retryableNetworkMessages: ["socket hang up", "other side closed"],
};

export interface WindowQuota {
  /** Events allowed in any window. */
  readonly limit: number;
  readonly windowMs: number;
  /** Extra wait past the window so request latency cannot push two bursts into one server window. */
  readonly safetyMarginMs: number;
}

export interface QuotaConfig {
  /** Per project: spaces.members.create / delete (and patch, counted as a write). */
  readonly membershipWrites: WindowQuota;
  /** Per project: spaces.members.get / list. */
  readonly membershipReads: WindowQuota;
  /** Per space, shared by every caller: spaces.get, spaces.members.get / list. */
  readonly spaceReads: WindowQuota;
  /** Per project: spaces.create / patch / delete (and setup). */
  readonly spaceWrites: WindowQuota;
}

export const DEFAULT_QUOTAS: QuotaConfig = {
  membershipWrites: { limit: 300, windowMs: 60_000, safetyMarginMs: 500 },
  membershipReads: { limit: 3_000, windowMs: 60_000, safetyMarginMs: 500 },
  // Corrected in the reference (2026-12-02): 900 per 60 s per space, not 15 per second.
  spaceReads: { limit: 900, windowMs: 60_000, safetyMarginMs: 500 },
  // The reference: 60 space writes per minute per project (create, patch, delete, setup).
  spaceWrites: { limit: 60, windowMs: 60_000, safetyMarginMs: 500 },
};

/** spaces.members.list maximum (larger values are clamped by the server). */
export const LIST_PAGE_SIZE = 1_000;

/**
 * How long one members.list of a space serves single-membership lookups (findMembership) in the
 * same process, writes accounted; never across processes.
 */
export const SHARED_LIST_MS = 60_000;

/**
 * Per HTTP request (token, token info and API alike); a hung connection becomes a retryable
 * timeout. A list page of 1,000 members answers in well under a second.
 */
export const REQUEST_TIMEOUT_MS = 20_000;
