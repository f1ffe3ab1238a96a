// The thin Google Chat API adapter: client, auth, retries, pagination, quota pacing.
// Requiring this module loads neither @googleapis/chat nor google-auth-library; the first call does.

export * from "./defaults";
export { systemClock, type Clock } from "./clock";
export * from "./retry";
export * from "./pacer";
export * from "./errors";
export { resolveEndpoints, type Endpoints } from "./endpoints";
export * from "./scopes";
export { createAuth, type AuthConfig, type ChatAuth, type KeyNames } from "./auth";
export * from "./mapping";
export { createChatApi, createTransport, type ChatApiOptions } from "./client";
export type { CallOptions, ChatApi, ListOptions, Transport } from "./types";
