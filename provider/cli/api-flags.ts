import { createChatApi, resolveEndpoints, type ChatApi, type Endpoints } from "../api/index";
import { readCredentialsFile } from "./credentials";
import type { CliIo } from "./io";

// The Chat API of a command that calls it (export, drift), from --credentials, --impersonate and
// --emulator-host; retries are printed on stderr.

export interface CredentialFlags {
  readonly credentials?: string;
  readonly impersonate?: string;
  readonly emulatorHost?: string;
}

const KEY_NAMES = {
  credentials: "--credentials",
  impersonate: "--impersonate",
  emulatorHost: "--emulator-host",
};

export function apiFromFlags(
  flags: CredentialFlags,
  io: CliIo,
): { api: ChatApi; endpoints: Endpoints } {
  const credentials = readCredentialsFile(flags.credentials, io.cwd);
  const auth = {
    ...(credentials !== undefined ? { credentials } : {}),
    ...(flags.impersonate !== undefined ? { impersonate: flags.impersonate } : {}),
    ...(flags.emulatorHost !== undefined ? { emulatorHost: flags.emulatorHost } : {}),
    keyNames: KEY_NAMES,
  };
  const endpoints = resolveEndpoints(auth, io.env, KEY_NAMES.emulatorHost);
  const api = createChatApi({
    ...auth,
    env: io.env,
    onRetry: (line) => io.err(`chat-members: ${line}\n`),
  });
  return { api, endpoints };
}
