// POST /token: the OAuth 2.0 token endpoint (refresh-token grant and JWT-bearer grant).
import { createPublicKey, verify } from "node:crypto";
import { TOKEN_LIFETIME_S } from "../auth";
import { issueAccessToken } from "../credentials";
import { Store } from "../store";

export const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/** google-auth-library signs service-account assertions for Google's URL whatever token_uri says. */
const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
/** Clock skew tolerated on iat/exp. */
const SKEW_S = 300;

export interface TokenReply {
  status: number;
  body: object;
  mutated: boolean;
  /** Identity that obtained the token, for the request log. */
  principal?: string;
  project?: string;
}

const oauthError = (status: number, error: string, description: string): TokenReply => ({
  status,
  body: { error, error_description: description },
  mutated: false,
});

function b64json(part: string | undefined): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8"));
    return v && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function tokenGrant(
  store: Store,
  form: URLSearchParams,
  tokenUrl: string,
  now: number,
): TokenReply {
  const grant = form.get("grant_type");
  if (grant === "refresh_token") {
    const client = store.credentials.oauthClients.find((c) => c.clientId === form.get("client_id"));
    if (!client || client.clientSecret !== form.get("client_secret")) {
      return oauthError(401, "invalid_client", "The OAuth client was not found.");
    }
    const rt = store.credentials.refreshTokens.find(
      (r) => r.token === form.get("refresh_token") && r.clientId === client.clientId,
    );
    if (!rt || !store.users.has(rt.userId)) {
      return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
    }
    const t = issueAccessToken(
      store,
      { userId: rt.userId, project: client.project, scopes: rt.scopes },
      now,
    );
    return {
      status: 200,
      body: reply(t.token, rt.scopes),
      mutated: true,
      principal: `users/${rt.userId}`,
      project: client.project,
    };
  }
  if (grant === JWT_BEARER) {
    const parts = (form.get("assertion") ?? "").split(".");
    const header = b64json(parts[0]);
    const claims = b64json(parts[1]);
    if (parts.length !== 3 || !header || !claims) {
      return oauthError(400, "invalid_grant", "Invalid JWT: malformed assertion.");
    }
    if (header.alg !== "RS256")
      return oauthError(400, "invalid_grant", "Invalid JWT: alg must be RS256.");
    const sa = store.credentials.serviceAccounts.find((s) => s.email === claims.iss);
    if (!sa)
      return oauthError(401, "invalid_client", `Unknown service account ${String(claims.iss)}.`);
    const keys = header.kid ? sa.keys.filter((k) => k.keyId === header.kid) : sa.keys;
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
    const sig = Buffer.from(parts[2]!, "base64url");
    const ok = keys.some((k) => verify("RSA-SHA256", signed, createPublicKey(k.publicKeyPem), sig));
    if (!ok) return oauthError(400, "invalid_grant", "Invalid JWT Signature.");
    const aud = String(claims.aud ?? "");
    if (aud !== tokenUrl && aud !== GOOGLE_TOKEN_URL) {
      return oauthError(400, "invalid_grant", `Invalid JWT: aud must be ${tokenUrl}.`);
    }
    const nowS = now / 1000;
    const exp = Number(claims.exp);
    const iat = Number(claims.iat);
    if (!(exp > nowS - SKEW_S) || !(iat < nowS + SKEW_S) || exp - iat > 3600) {
      return oauthError(
        400,
        "invalid_grant",
        "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.",
      );
    }
    const scopes = String(claims.scope ?? "")
      .split(/\s+/)
      .filter(Boolean);
    if (scopes.length === 0)
      return oauthError(400, "invalid_scope", "Empty or missing scope not allowed.");
    let userId: string | undefined;
    if (claims.sub !== undefined && claims.sub !== claims.iss) {
      const sub = String(claims.sub).toLowerCase();
      const user = store.usersByEmail.get(sub) ?? store.users.get(sub);
      // Domain-wide delegation only reaches users of the organisation.
      if (!user || user.external) {
        return oauthError(400, "invalid_grant", `Invalid email or User ID: ${String(claims.sub)}.`);
      }
      userId = user.id;
    }
    const t = issueAccessToken(
      store,
      { ...(userId ? { userId } : {}), project: sa.project, scopes },
      now,
    );
    return {
      status: 200,
      body: reply(t.token, scopes),
      mutated: true,
      principal: userId ? `users/${userId}` : `app:${sa.project}`,
      project: sa.project,
    };
  }
  return oauthError(400, "unsupported_grant_type", `Invalid grant_type: ${grant ?? "(none)"}.`);
}

function reply(token: string, scopes: string[]): object {
  return {
    access_token: token,
    expires_in: TOKEN_LIFETIME_S,
    scope: scopes.join(" "),
    token_type: "Bearer",
  };
}

/**
 * GET/POST /tokeninfo?access_token=…: what Google's tokeninfo endpoint says of a token. `sub` is
 * the user's numeric id, the same id Chat uses in `users/{id}`; app tokens carry no `sub` here
 * (UNCONFIRMED: Google answers the service account's id, which is not a Chat user).
 */
export function tokenInfo(store: Store, params: URLSearchParams, now: number): TokenReply {
  const rec = store.accessTokens.get(params.get("access_token") ?? "");
  if (!rec || rec.expiresAt <= now) {
    return oauthError(400, "invalid_token", "Invalid Value");
  }
  const body: Record<string, unknown> = {
    aud: rec.project,
    azp: rec.project,
    scope: rec.scopes.join(" "),
    exp: String(Math.floor(rec.expiresAt / 1000)),
    expires_in: String(Math.max(0, Math.floor((rec.expiresAt - now) / 1000))),
    access_type: "offline",
  };
  if (rec.userId !== undefined) body.sub = rec.userId;
  return { status: 200, body, mutated: false };
}
