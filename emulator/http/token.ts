// POST /token: the OAuth 2.0 token endpoint (refresh-token grant and JWT-bearer grant).
import { TOKEN_LIFETIME_S } from "../auth";
import { issueAccessToken } from "../credentials";
import { ServiceAccount, scopeClaim, verifyServiceAccountJwt } from "../jwt";
import { Store } from "../store";

export const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/** google-auth-library signs service-account assertions for Google's URL whatever token_uri says. */
const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";

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

const spaced = (v: string | null) => (v ?? "").split(/\s+/).filter(Boolean);

function refreshGrant(store: Store, form: URLSearchParams, now: number): TokenReply {
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
  // RFC 6749 section 6: a refresh may narrow the scopes (google-auth sends `scope` every time);
  // a scope the user never granted is invalid_scope. UNCONFIRMED: Google's exact description.
  const asked = spaced(form.get("scope"));
  const extra = asked.filter((sc) => !rt.scopes.includes(sc));
  if (extra.length) {
    return oauthError(
      400,
      "invalid_scope",
      `Some requested scopes were not granted: ${extra.join(" ")}.`,
    );
  }
  const scopes = asked.length ? [...new Set(asked)] : rt.scopes;
  const t = issueAccessToken(store, { userId: rt.userId, project: client.project, scopes }, now);
  return {
    status: 200,
    body: reply(t.token, scopes),
    mutated: true,
    principal: `users/${rt.userId}`,
    project: client.project,
  };
}

/** The admin console's domain-wide delegation: the client must be listed for every scope. */
function delegationAllows(store: Store, sa: ServiceAccount, scopes: string[]): boolean {
  const entry = store.delegations.find((d) => d.client === sa.clientId || d.client === sa.email);
  return entry !== undefined && scopes.every((sc) => entry.scopes.includes(sc));
}

function jwtBearerGrant(store: Store, form: URLSearchParams, tokenUrl: string, now: number) {
  const v = verifyServiceAccountJwt(store, form.get("assertion") ?? "", now);
  if ("error" in v)
    return oauthError(
      v.kind === "client" ? 401 : 400,
      v.kind === "client" ? "invalid_client" : "invalid_grant",
      v.error,
    );
  const { sa, claims } = v;
  const aud = String(claims.aud ?? "");
  if (aud !== tokenUrl && aud !== GOOGLE_TOKEN_URL) {
    return oauthError(400, "invalid_grant", `Invalid JWT: aud must be ${tokenUrl}.`);
  }
  const scopes = scopeClaim(claims);
  if (scopes.length === 0)
    return oauthError(400, "invalid_scope", "Empty or missing scope not allowed.");
  let userId: string | undefined;
  if (claims.sub !== undefined && claims.sub !== claims.iss) {
    if (!delegationAllows(store, sa, scopes)) {
      return oauthError(
        401,
        "unauthorized_client",
        "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.",
      );
    }
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

export function tokenGrant(
  store: Store,
  form: URLSearchParams,
  tokenUrl: string,
  now: number,
): TokenReply {
  const grant = form.get("grant_type");
  if (grant === "refresh_token") return refreshGrant(store, form, now);
  if (grant === JWT_BEARER) return jwtBearerGrant(store, form, tokenUrl, now);
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
