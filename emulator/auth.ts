// Access-token checks: who is calling (user, app of a project), with which scopes.
import {
  ApiError,
  credentialsMissing,
  denied,
  insufficientScopes,
  unauthenticated,
} from "./errors";
import { looksLikeJwt, scopeClaim, verifyServiceAccountJwt } from "./jwt";
import { ProjectRec, UserRec } from "./model";
import { APP_APPROVAL_SCOPES, AuthMode, METHOD_SCOPES, Rpc, SCOPE_PREFIX } from "./scopes";
import { Store } from "./store";

export type Principal =
  | { kind: "user"; user: UserRec; project: ProjectRec; scopes: ReadonlySet<string> }
  | { kind: "app"; project: ProjectRec; scopes: ReadonlySet<string> };

/** Google answers 3599 s for a fresh token. */
export const TOKEN_LIFETIME_S = 3599;

/** The audience of a self-signed JWT for this API (google-auth derives it from the root URL). */
export const CHAT_AUDIENCE = "https://chat.googleapis.com/";
/** UNCONFIRMED: an audience-only self-signed JWT acts with every app-auth scope. */
const AUDIENCE_SCOPES = ["chat.bot", "chat.app.memberships", "chat.app.spaces"].map(
  (n) => SCOPE_PREFIX + n,
);

/**
 * The caller, from the Authorization header or else an `access_token` query parameter: an
 * access token the emulator issued, or a service account's self-signed JWT (AIP-4111).
 */
export function authenticate(
  store: Store,
  header: string | undefined,
  queryToken: string | undefined,
  now: number,
): Principal {
  if (header === undefined && queryToken === undefined) throw credentialsMissing();
  let token = queryToken;
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw unauthenticated();
    token = m[1]!;
  }
  if (looksLikeJwt(token!)) return selfSignedJwt(store, token!, now);
  const rec = store.accessTokens.get(token!);
  if (!rec) throw unauthenticated();
  if (rec.expiresAt <= now) throw unauthenticated("ACCESS_TOKEN_EXPIRED");
  const project = store.projects.get(rec.project);
  if (!project) throw unauthenticated();
  const scopes = new Set(rec.scopes);
  if (rec.userId === undefined) return { kind: "app", project, scopes };
  const user = store.users.get(rec.userId);
  if (!user) throw unauthenticated();
  return { kind: "user", user, project, scopes };
}

/** A self-signed JWT: app authentication as the key's project (never delegation). */
function selfSignedJwt(store: Store, jwt: string, now: number): Principal {
  const v = verifyServiceAccountJwt(store, jwt, now);
  if ("error" in v) throw unauthenticated();
  const { sa, claims } = v;
  // Domain-wide delegation needs the token endpoint: a self-signed JWT cannot act as a user.
  if (claims.sub !== undefined && claims.sub !== claims.iss) throw unauthenticated();
  const aud = claims.aud === undefined ? undefined : String(claims.aud);
  if (aud !== undefined && aud.replace(/\/?$/, "/") !== CHAT_AUDIENCE) throw unauthenticated();
  const scopes = scopeClaim(claims);
  if (scopes.length === 0 && aud === undefined) throw unauthenticated();
  const project = store.projects.get(sa.project);
  if (!project) throw unauthenticated();
  return { kind: "app", project, scopes: new Set(scopes.length ? scopes : AUDIENCE_SCOPES) };
}

export function authMode(p: Principal, useAdminAccess: boolean): AuthMode {
  if (useAdminAccess) return "admin";
  return p.kind;
}

/** Scope check, the first permission check (before any existence check). */
export function requireScopes(p: Principal, rpc: Rpc, useAdminAccess: boolean): AuthMode {
  const mode = authMode(p, useAdminAccess);
  if (mode === "admin" && p.kind === "app") {
    throw new ApiError(
      "PERMISSION_DENIED",
      "useAdminAccess requires user authentication of a Workspace administrator.",
    );
  }
  const allowed = METHOD_SCOPES[rpc]?.[mode] ?? [];
  if (!allowed.some((sc) => p.scopes.has(sc))) throw insufficientScopes();
  if (mode === "app" && !p.project.adminApproved) {
    const onlyApproval = allowed
      .filter((sc) => p.scopes.has(sc))
      .every((sc) => APP_APPROVAL_SCOPES.has(sc));
    if (onlyApproval) {
      throw denied(
        "This Chat app is not approved by a Workspace administrator for app authentication scopes.",
      );
    }
  }
  if (mode === "admin" && p.kind === "user" && !p.user.admin) {
    throw denied("The caller is not a Workspace administrator with the Chat-management privilege.");
  }
  return mode;
}

export function hasScope(p: Principal, scope: string): boolean {
  return p.scopes.has(scope);
}

export function principalLabel(p: Principal | undefined): string | undefined {
  if (!p) return undefined;
  return p.kind === "user" ? `users/${p.user.id}` : `app:${p.project.id}`;
}
