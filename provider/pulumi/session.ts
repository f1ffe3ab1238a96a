import {
  createChatApi,
  type AuthConfig,
  type ChatApi,
  type ChatApiOptions,
  type KeyNames,
} from "../api";
import { DEFAULT_QUOTAS } from "../api/defaults";

// Per provider process: the stack's `googlechat:*` configuration, delivered by the engine
// through `configure` (secrets decrypted), and the one ChatApi built from it on first use.
// Nothing here is ever serialized into state.

/** Stack configuration keys, written once. */
export const CONFIG_KEYS = {
  credentials: "googlechat:credentials",
  impersonate: "googlechat:impersonate",
  emulatorHost: "googlechat:emulatorHost",
  /** The project's membership write quota per minute, when Google raised it (default 300). */
  writesPerMinute: "googlechat:writesPerMinute",
  /** Attempts per API call, the first included (default 7); lower fails faster in CI. */
  retryAttempts: "googlechat:retryAttempts",
  /** Seconds one HTTP request may take (default 20), token requests included. */
  requestTimeoutSeconds: "googlechat:requestTimeoutSeconds",
  /** Seconds after which a call starts no more retries (default 90). */
  retryBudgetSeconds: "googlechat:retryBudgetSeconds",
} as const;

/** The adapter's error messages name the keys as the stack sets them. */
export const KEY_NAMES: KeyNames = {
  credentials: CONFIG_KEYS.credentials,
  impersonate: CONFIG_KEYS.impersonate,
  emulatorHost: CONFIG_KEYS.emulatorHost,
  credentialsExample: `pulumi config set --secret ${CONFIG_KEYS.credentials} < key.json`,
};

let authConfig: AuthConfig = {};
let tuning: Pick<ChatApiOptions, "quotas" | "retry" | "requestTimeoutMs"> = {};
let api: ChatApi | undefined;

/**
 * Where configuration comes from: the dynamic provider's ConfigureRequest, or the `googlechat`
 * plugin's Configure call (plugin/configure.ts). Keys as the stack sets them (CONFIG_KEYS).
 */
export interface ConfigSource {
  readonly config: { get(key: string): string | undefined };
}

/** A positive whole number from the stack config, or undefined; anything else is a one-line error. */
function positiveInt(req: ConfigSource, key: string): number | undefined {
  const raw = req.config.get(key);
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(
      `${key}: ${JSON.stringify(raw)} is not a positive whole number; fix: pulumi config set ${key} <n>`,
    );
  }
  return n;
}

export function configure(req: ConfigSource): void {
  authConfig = {
    credentials: req.config.get(CONFIG_KEYS.credentials),
    impersonate: req.config.get(CONFIG_KEYS.impersonate),
    emulatorHost: req.config.get(CONFIG_KEYS.emulatorHost),
    keyNames: KEY_NAMES,
  };
  const writes = positiveInt(req, CONFIG_KEYS.writesPerMinute);
  const attempts = positiveInt(req, CONFIG_KEYS.retryAttempts);
  const timeout = positiveInt(req, CONFIG_KEYS.requestTimeoutSeconds);
  const budget = positiveInt(req, CONFIG_KEYS.retryBudgetSeconds);
  tuning = {
    ...(writes
      ? { quotas: { membershipWrites: { ...DEFAULT_QUOTAS.membershipWrites, limit: writes } } }
      : {}),
    retry: {
      ...(attempts ? { maxAttempts: attempts } : {}),
      ...(budget ? { maxElapsedMs: budget * 1000 } : {}),
    },
    ...(timeout ? { requestTimeoutMs: timeout * 1000 } : {}),
  };
  api = undefined;
}

/** The Chat API for this process (created lazily: a preview of invalid inputs makes no call). */
export function chatApi(): ChatApi {
  api ??= createChatApi({ ...authConfig, ...tuning, onRetry: (line) => log.info(line) });
  return api;
}

/** The user the provider acts as, when the configuration says (domain-wide delegation). */
export function configuredCaller(): string | undefined {
  return authConfig.impersonate;
}

/** Where the provider's messages to the user go. */
export type LogSink = (severity: "info" | "warn", line: string) => void;

// The dynamic-provider plugin forwards its stdout/stderr to the engine, which shows each line
// under the resource in preview and up output. The googlechat plugin's output is not shown: it
// sends them through the engine's log service instead (plugin/engine-log.ts).
let sink: LogSink = (severity, line) =>
  console.log(severity === "warn" ? `warning: ${line}` : line);

export const log = {
  info: (line: string) => sink("info", line),
  warn: (line: string) => sink("warn", line),
};

export function setLogSink(replacement: LogSink): void {
  sink = replacement;
}

/** For tests that drive the provider methods in-process. */
export function setChatApiForTests(replacement: ChatApi | undefined, config: AuthConfig = {}) {
  api = replacement;
  authConfig = config;
}
