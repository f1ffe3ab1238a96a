import type * as pulumi from "@pulumi/pulumi";
import { createChatApi, type AuthConfig, type ChatApi } from "../api";

// Per provider process: the stack's `googlechat:*` configuration, delivered by the engine
// through `configure` (secrets decrypted), and the one ChatApi built from it on first use.
// Nothing here is ever serialized into state.

/** Stack configuration keys, written once. */
export const CONFIG_KEYS = {
  credentials: "googlechat:credentials",
  impersonate: "googlechat:impersonate",
  emulatorHost: "googlechat:emulatorHost",
} as const;

let authConfig: AuthConfig = {};
let api: ChatApi | undefined;

export function configure(req: pulumi.dynamic.ConfigureRequest): void {
  authConfig = {
    credentials: req.config.get(CONFIG_KEYS.credentials),
    impersonate: req.config.get(CONFIG_KEYS.impersonate),
    emulatorHost: req.config.get(CONFIG_KEYS.emulatorHost),
    keyNames: CONFIG_KEYS,
  };
  api = undefined;
}

/** The Chat API for this process (created lazily: a preview of invalid inputs makes no call). */
export function chatApi(): ChatApi {
  api ??= createChatApi({ ...authConfig, onRetry: (line) => log.info(line) });
  return api;
}

/** The user the provider acts as, when the configuration says (domain-wide delegation). */
export function configuredCaller(): string | undefined {
  return authConfig.impersonate;
}

// The dynamic-provider plugin forwards its stdout/stderr to the engine, which shows each line
// under the resource in preview and up output.
export const log = {
  info: (line: string) => console.log(line),
  warn: (line: string) => console.log(`warning: ${line}`),
};

/** For tests that drive the provider methods in-process. */
export function setChatApiForTests(replacement: ChatApi | undefined, config: AuthConfig = {}) {
  api = replacement;
  authConfig = config;
}
