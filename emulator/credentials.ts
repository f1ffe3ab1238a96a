// Minting test credentials the unmodified Google clients can use, and issuing access tokens.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { TOKEN_LIFETIME_S } from "./auth";
import { AccessTokenRec, ProjectRec, UserRec } from "./model";
import { DEFAULT_USER_SCOPES, SCOPE_PREFIX } from "./scopes";
import { Store } from "./store";

const rand = (n: number) => randomBytes(n).toString("base64url");

export class CredentialError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export function findProject(store: Store, id: string | undefined): ProjectRec {
  const p = id === undefined ? store.projects.values().next().value : store.projects.get(id);
  if (!p) throw new CredentialError("project", `unknown project "${id ?? "(none seeded)"}"`);
  return p;
}

export function findUser(store: Store, ref: string): UserRec {
  const r = ref.replace(/^users\//, "").toLowerCase();
  const u = store.usersByEmail.get(r) ?? store.users.get(r);
  if (!u) throw new CredentialError("user", `unknown user "${ref}" (seed it first)`);
  return u;
}

/** Accepts `chat.memberships` or the full URL. */
export function normalizeScopes(scopes: string[] | undefined): string[] {
  return (scopes ?? DEFAULT_USER_SCOPES).map((s) =>
    s.startsWith("https://") ? s : SCOPE_PREFIX + s,
  );
}

export function issueAccessToken(
  store: Store,
  t: { userId?: string; project: string; scopes: string[]; ttlSeconds?: number },
  now = Date.now(),
): AccessTokenRec {
  const ttl = t.ttlSeconds ?? TOKEN_LIFETIME_S;
  const rec: AccessTokenRec = {
    token: `ya29.emu-${rand(32)}`,
    ...(t.userId !== undefined ? { userId: t.userId } : {}),
    project: t.project,
    scopes: t.scopes,
    expiresAt: now + ttl * 1000,
  };
  store.addAccessToken(rec);
  return rec;
}

export interface AuthorizedUserJson {
  type: "authorized_user";
  client_id: string;
  client_secret: string;
  refresh_token: string;
}

export function mintAuthorizedUser(
  store: Store,
  opts: { user: string; project?: string; scopes?: string[] },
): AuthorizedUserJson {
  const user = findUser(store, opts.user);
  const project = findProject(store, opts.project);
  let client = store.credentials.oauthClients.find((c) => c.project === project.id);
  if (!client) {
    client = {
      clientId: `${project.number}-${rand(12).toLowerCase()}.apps.googleusercontent.com`,
      clientSecret: `GOCSPX-${rand(21)}`,
      project: project.id,
    };
    store.credentials.oauthClients.push(client);
  }
  const token = `1//emu-${rand(40)}`;
  store.credentials.refreshTokens.push({
    token,
    clientId: client.clientId,
    userId: user.id,
    scopes: normalizeScopes(opts.scopes),
  });
  return {
    type: "authorized_user",
    client_id: client.clientId,
    client_secret: client.clientSecret,
    refresh_token: token,
  };
}

export interface ServiceAccountKeyJson {
  type: "service_account";
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
}

export function mintServiceAccountKey(
  store: Store,
  tokenUri: string,
  opts: { project?: string; name?: string },
): ServiceAccountKeyJson {
  const project = findProject(store, opts.project);
  const name = opts.name ?? "chat-emulator";
  if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(name)) {
    throw new CredentialError("name", `service account name "${name}" must be 6-30 of [a-z0-9-]`);
  }
  const email = `${name}@${project.id}.iam.gserviceaccount.com`;
  let sa = store.credentials.serviceAccounts.find((s) => s.email === email);
  if (!sa) {
    sa = { email, clientId: store.allocateId(), project: project.id, keys: [] };
    store.credentials.serviceAccounts.push(sa);
  }
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyId = randomBytes(20).toString("hex");
  sa.keys.push({
    keyId,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  });
  return {
    type: "service_account",
    project_id: project.id,
    private_key_id: keyId,
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    client_email: email,
    client_id: sa.clientId,
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: tokenUri,
  };
}
