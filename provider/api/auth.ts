// Builds google-auth-library clients from provider configuration, at call time (never captured in
// a Pulumi closure). Three sources: a service-account key (app authentication, or a user through
// domain-wide delegation with `impersonate`), an authorized_user / token.json document, or
// Application Default Credentials. Secrets are read here and nowhere else, and never appear in
// errors: messages name the configuration key and the fix.

import type { AuthClient, GoogleAuth, JWT, OAuth2Client } from "google-auth-library";
import { ConfigError } from "./errors";
import { GOOGLE_TOKEN_URL, REQUEST_TIMEOUT_MS } from "./defaults";
import { resolveEndpoints, type Endpoints } from "./endpoints";
import { satisfiedBy, type AuthMode } from "./scopes";

export interface AuthConfig {
  /**
   * JSON text (or parsed object) of a service-account key, an `authorized_user` file, or an OAuth
   * token.json (`token`, `refresh_token`, `token_uri`, `client_id`, `client_secret`, `scopes`,
   * `expiry`). Absent: Application Default Credentials.
   */
  readonly credentials?: string | object;
  /** With a service-account key (or ADC resolving to one): the user to act as (domain-wide delegation). */
  readonly impersonate?: string;
  /** host:port of an emulator; CHAT_EMULATOR_HOST is used when absent. */
  readonly emulatorHost?: string;
  /**
   * fetch for token and API requests. Default: gaxios's own (node-fetch, which honours
   * HTTPS_PROXY). Node's global fetch avoids a dynamic ESM import (needed inside jest's VM).
   */
  readonly fetchImplementation?: typeof fetch;
  /** Timeout of each token request (ms); the token endpoint is bounded like the API. */
  readonly requestTimeoutMs?: number;
  /**
   * How the caller's users name these settings (a stack config key, a command-line flag…), for
   * error messages. Default: the field names above.
   */
  readonly keyNames?: Partial<KeyNames>;
}

export interface KeyNames {
  readonly credentials: string;
  readonly impersonate: string;
  readonly emulatorHost: string;
  /** How a user gives the credentials, quoted in the fix when they are not valid JSON. */
  readonly credentialsExample?: string;
}

export interface ChatAuth {
  readonly endpoints: Endpoints;
  /** Every URL a token request may go to (to tell token failures from API failures). */
  readonly tokenUrls: readonly string[];
  /** The configuration keys, as the user names them (for error messages). */
  readonly keys: { readonly credentials: string; readonly impersonate: string };
  /** user: a person's token (incl. impersonation); app: the Chat app's service account. */
  mode(): Promise<AuthMode>;
  /** A client whose tokens carry `scopes`; cached per scope set. */
  client(scopes: readonly string[]): Promise<AuthClient>;
}

const DEFAULT_KEY_NAMES: KeyNames = {
  credentials: "credentials",
  impersonate: "impersonate",
  emulatorHost: "emulatorHost",
};

type Gal = typeof import("google-auth-library");
let gal: Gal | undefined;
/** Loaded on first use so requiring the adapter stays cheap. */
const lib = (): Gal => (gal ??= require("google-auth-library") as Gal);

export function createAuth(
  config: AuthConfig = {},
  env: NodeJS.ProcessEnv = process.env,
): ChatAuth {
  const keys = { ...DEFAULT_KEY_NAMES, ...config.keyNames };
  const endpoints = resolveEndpoints(config, env, keys.emulatorHost);
  const doc = parseCredentials(config.credentials, keys.credentials, keys.credentialsExample);
  const impersonate = config.impersonate?.trim() || undefined;
  if (impersonate !== undefined && !/^[^\s@/?#]+@[^\s@/?#]+$/.test(impersonate)) {
    throw new ConfigError(keys.impersonate, "must be the email address of the user to act as");
  }
  if (doc?.kind === "user" && impersonate) {
    throw new ConfigError(
      keys.impersonate,
      "only applies to a service-account key; remove it, or use a service-account key as credentials",
    );
  }
  const timeoutMs = config.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const tokenUrl = (own?: string) => endpoints.tokenUrlOverride ?? own ?? GOOGLE_TOKEN_URL;
  const ownTokenUrl = doc?.tokenUri;
  const tokenUrls = [...new Set([GOOGLE_TOKEN_URL, tokenUrl(ownTokenUrl)])];
  const cache = new Map<string, Promise<AuthClient>>();
  // google-auth-library sets no timeout on token requests: a stalled token endpoint would hang
  // the run. The transporter's default applies to every request it makes (gaxios attaches it
  // before interceptors run); API calls pass their own.
  const transport = {
    transporterOptions: {
      timeout: timeoutMs,
      ...(config.fetchImplementation ? { fetchImplementation: config.fetchImplementation } : {}),
    },
  };

  const build = async (scopes: readonly string[]): Promise<AuthClient> => {
    const g = lib();
    if (doc?.kind === "serviceAccount") {
      const jwt: JWT = new g.JWT({
        email: doc.clientEmail,
        key: doc.privateKey,
        keyId: doc.privateKeyId,
        scopes: [...scopes],
        subject: impersonate,
        ...transport,
      });
      return redirectTokenRequests(jwt, tokenUrl(ownTokenUrl));
    }
    if (doc?.kind === "user") {
      checkGrantedScopes(doc.scopes, scopes, keys.credentials);
      const client: OAuth2Client = new g.OAuth2Client({
        clientId: doc.clientId,
        clientSecret: doc.clientSecret,
        endpoints: { oauth2TokenUrl: tokenUrl(ownTokenUrl) },
        ...transport,
      });
      client.setCredentials({
        refresh_token: doc.refreshToken,
        ...(doc.accessToken && doc.expiryMs !== undefined
          ? { access_token: doc.accessToken, expiry_date: doc.expiryMs }
          : {}),
      });
      return redirectTokenRequests(client, tokenUrl(ownTokenUrl));
    }
    const adc: GoogleAuth = new g.GoogleAuth({
      scopes: [...scopes],
      clientOptions: { ...(impersonate ? { subject: impersonate } : {}), ...transport },
    });
    try {
      return redirectTokenRequests(await adc.getClient(), tokenUrl());
    } catch (e) {
      // Library messages may quote credential files: replace them, keeping only the diagnosis.
      const none = e instanceof Error && /could not load the default credentials/i.test(e.message);
      throw new ConfigError(
        keys.credentials,
        none
          ? "not set and no Application Default Credentials were found; set it (as a secret) to a service-account key or authorized_user JSON, or run `gcloud auth application-default login`"
          : "not set, and the Application Default Credentials could not be used; check GOOGLE_APPLICATION_CREDENTIALS or set this key (as a secret)",
      );
    }
  };

  const client = (scopes: readonly string[]): Promise<AuthClient> => {
    const id = [...scopes].sort().join(" ");
    let c = cache.get(id);
    if (!c) {
      c = build(scopes);
      cache.set(id, c);
      c.catch(() => cache.delete(id));
    }
    return c;
  };

  let adcMode: Promise<AuthMode> | undefined;
  const mode = (): Promise<AuthMode> => {
    if (doc?.kind === "user") return Promise.resolve("user");
    if (doc?.kind === "serviceAccount") return Promise.resolve(impersonate ? "user" : "app");
    adcMode ??= (async (): Promise<AuthMode> => {
      if (impersonate) return "user";
      return (await client([])) instanceof lib().UserRefreshClient ? "user" : "app";
    })();
    return adcMode;
  };

  return { endpoints, tokenUrls, keys, mode, client };
}

/**
 * google-auth-library posts service-account assertions to Google's token URL whatever the key's
 * token_uri says; rewriting on the client's own transporter sends every token request of this
 * client to the emulator (or to the key's token_uri) instead. It also turns the library's own
 * retries off (ours apply).
 */
function redirectTokenRequests<C extends AuthClient>(client: C, target: string): C {
  const to = target === GOOGLE_TOKEN_URL ? undefined : new URL(target);
  client.transporter.interceptors.request.add({
    resolved: async (opts) => {
      const url = new URL(String(opts.url));
      if (to && `${url.origin}${url.pathname}` === GOOGLE_TOKEN_URL) opts.url = to;
      // One retry policy (retry.ts) for every request: the library's own token retries would
      // multiply the time a stalled token endpoint takes.
      opts.retry = false;
      opts.retryConfig = { ...opts.retryConfig, retry: 0 };
      return opts;
    },
  });
  return client;
}

// ---- credential documents ------------------------------------------------------------------

type CredentialDoc =
  | {
      readonly kind: "serviceAccount";
      readonly clientEmail: string;
      readonly privateKey: string;
      readonly privateKeyId?: string;
      readonly tokenUri?: string;
    }
  | {
      readonly kind: "user";
      readonly clientId: string;
      readonly clientSecret: string;
      readonly refreshToken: string;
      readonly accessToken?: string;
      readonly expiryMs?: number;
      readonly tokenUri?: string;
      /** Scopes recorded in token.json, when present. */
      readonly scopes?: readonly string[];
    };

function parseCredentials(
  raw: AuthConfig["credentials"],
  key: string,
  example: string | undefined,
): CredentialDoc | undefined {
  if (raw === undefined || (typeof raw === "string" && raw.trim() === "")) return undefined;
  let obj: unknown = raw;
  if (typeof raw === "string") {
    try {
      obj = JSON.parse(raw);
    } catch {
      // JSON.parse's own message quotes the input: never surface it.
      throw new ConfigError(
        key,
        `is not valid JSON; paste the whole key or token file${example ? `, e.g. \`${example}\`` : ""}`,
      );
    }
  }
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
    throw new ConfigError(key, "must be a JSON object (a service-account key or token file)");
  }
  const o = obj as Record<string, unknown>;
  const str = (field: string): string | undefined =>
    typeof o[field] === "string" && (o[field] as string).length > 0
      ? (o[field] as string)
      : undefined;
  const need = (field: string, what: string): string => {
    const v = str(field);
    if (v === undefined) throw new ConfigError(key, `${what} is missing "${field}"`);
    return v;
  };
  const tokenUri = str("token_uri");
  if (tokenUri !== undefined && !/^https?:\/\/[^\s]+$/.test(tokenUri)) {
    throw new ConfigError(key, `"token_uri" is not an http(s) URL`);
  }

  if (o.type === "service_account") {
    const what = "the service-account key (download a new JSON key from the Cloud console)";
    const privateKey = need("private_key", what);
    if (!privateKey.includes("PRIVATE KEY-----")) {
      throw new ConfigError(key, `"private_key" of ${what} is not a PEM private key`);
    }
    return {
      kind: "serviceAccount",
      clientEmail: need("client_email", what),
      privateKey,
      privateKeyId: str("private_key_id"),
      tokenUri,
    };
  }
  if (o.type === "authorized_user" || (o.type === undefined && "refresh_token" in o)) {
    const what = o.type === "authorized_user" ? "the authorized_user file" : "the OAuth token file";
    let expiryMs: number | undefined;
    const expiry = str("expiry");
    if (expiry !== undefined) {
      // Python's google-auth writes naive UTC timestamps ("2025-01-01T00:00:00.123456").
      const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(expiry) ? expiry : `${expiry}Z`);
      if (!Number.isNaN(t)) expiryMs = t;
    }
    const scopes = Array.isArray(o.scopes)
      ? o.scopes.filter((s): s is string => typeof s === "string")
      : typeof o.scopes === "string"
        ? o.scopes.split(/\s+/).filter(Boolean)
        : undefined;
    return {
      kind: "user",
      clientId: need("client_id", what),
      clientSecret: need("client_secret", what),
      refreshToken: need("refresh_token", what),
      accessToken: str("token") ?? str("access_token"),
      expiryMs,
      tokenUri,
      scopes,
    };
  }
  const type = typeof o.type === "string" ? `type "${o.type}"` : 'no "type"';
  throw new ConfigError(
    key,
    `has ${type}; expected a service-account key ("type": "service_account"), an authorized_user file, or an OAuth token.json with refresh_token`,
  );
}

/** A user token cannot gain scopes at refresh time: fail early and say which consent is missing. */
function checkGrantedScopes(
  granted: readonly string[] | undefined,
  needed: readonly string[],
  key: string,
): void {
  if (!granted) return;
  const missing = needed.filter((s) => !satisfiedBy(s).some((ok) => granted.includes(ok)));
  if (missing.length > 0) {
    throw new ConfigError(
      key,
      `the token was not granted ${missing.join(", ")}; run the OAuth consent flow again with that scope`,
    );
  }
}
