// Where requests go: production, or an emulator named by CHAT_EMULATOR_HOST / configuration, in
// which case token requests go there too.

import { ConfigError } from "./errors";
import {
  EMULATOR_HOST_ENV,
  GOOGLE_TOKEN_INFO_URL,
  GOOGLE_TOKEN_URL,
  PRODUCTION_ROOT_URL,
} from "./defaults";

export interface Endpoints {
  /** Ends with "/". */
  readonly rootUrl: string;
  /** Token URL to use instead of the credentials' own, when an emulator is in play. */
  readonly tokenUrlOverride?: string;
  /** Google's tokeninfo endpoint (or the emulator's): who a user token belongs to. */
  readonly tokenInfoUrl: string;
  readonly emulated: boolean;
}

/** host:port, where host is a name, IPv4 or [IPv6]; no scheme, no path. */
const HOST_PORT = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}$/;

export function resolveEndpoints(
  config: { emulatorHost?: string },
  env: NodeJS.ProcessEnv = process.env,
  /** The emulator host setting as the caller's users name it, for the error message. */
  configKey = "emulatorHost",
): Endpoints {
  const fromConfig = config.emulatorHost?.trim();
  const fromEnv = env[EMULATOR_HOST_ENV]?.trim();
  const host = fromConfig || fromEnv;
  if (!host)
    return { rootUrl: PRODUCTION_ROOT_URL, tokenInfoUrl: GOOGLE_TOKEN_INFO_URL, emulated: false };
  if (!HOST_PORT.test(host)) {
    throw new ConfigError(
      fromConfig ? configKey : EMULATOR_HOST_ENV,
      `"${host}" is not host:port; use e.g. 127.0.0.1:8085 (no scheme, no path)`,
    );
  }
  return {
    rootUrl: `http://${host}/`,
    tokenUrlOverride: `http://${host}/token`,
    tokenInfoUrl: `http://${host}/tokeninfo`,
    emulated: true,
  };
}

export { GOOGLE_TOKEN_URL };
