// Service-account JWTs: the assertion of the jwt-bearer grant and the self-signed JWT used
// directly as a bearer token (AIP-4111). Both are RS256, signed with a key the emulator minted.
import { createPublicKey, verify } from "node:crypto";
import { Credentials } from "./model";
import { Store } from "./store";

export type ServiceAccount = Credentials["serviceAccounts"][number];

export interface VerifiedJwt {
  sa: ServiceAccount;
  claims: Record<string, unknown>;
}

/** Clock skew tolerated on iat/exp. */
const SKEW_S = 300;

function b64json(part: string | undefined): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8"));
    return v && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Looks like a JWT at all (three base64url parts, a JSON header): tells JWTs from opaque tokens. */
export const looksLikeJwt = (token: string) =>
  /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token) && b64json(token.split(".")[0]) !== undefined;

/**
 * Checks the signature against the issuer's registered keys and the lifetime (at most an hour,
 * not expired). Errors are values: `kind` says whether the issuer is unknown or the JWT is bad.
 */
export function verifyServiceAccountJwt(
  store: Store,
  jwt: string,
  now: number,
): VerifiedJwt | { error: string; kind: "client" | "grant" } {
  const parts = jwt.split(".");
  const header = b64json(parts[0]);
  const claims = b64json(parts[1]);
  if (parts.length !== 3 || !header || !claims) {
    return { kind: "grant", error: "Invalid JWT: malformed assertion." };
  }
  if (header.alg !== "RS256") return { kind: "grant", error: "Invalid JWT: alg must be RS256." };
  const sa = store.credentials.serviceAccounts.find((s) => s.email === claims.iss);
  if (!sa) return { kind: "client", error: `Unknown service account ${String(claims.iss)}.` };
  const keys = header.kid ? sa.keys.filter((k) => k.keyId === header.kid) : sa.keys;
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const sig = Buffer.from(parts[2]!, "base64url");
  const ok = keys.some((k) => verify("RSA-SHA256", signed, createPublicKey(k.publicKeyPem), sig));
  if (!ok) return { kind: "grant", error: "Invalid JWT Signature." };
  const nowS = now / 1000;
  const exp = Number(claims.exp);
  const iat = Number(claims.iat);
  if (!(exp > nowS - SKEW_S) || !(iat < nowS + SKEW_S) || exp - iat > 3600) {
    return {
      kind: "grant",
      error:
        "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.",
    };
  }
  return { sa, claims };
}

export const scopeClaim = (claims: Record<string, unknown>): string[] =>
  String(claims.scope ?? "")
    .split(/\s+/)
    .filter(Boolean);
