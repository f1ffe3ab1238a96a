// Who the provider acts as, so a plan never removes the caller's own membership. Under app
// authentication that is the app; for a user token, tokeninfo's `sub` is the user's numeric id,
// the id Chat uses in `users/{id}`. A failure here is not fatal: the caller is then unknown.
import type { ChatAuth } from "./auth";
import { scopesFor } from "./scopes";

export async function whoAmI(auth: ChatAuth): Promise<string | undefined> {
  const mode = await auth.mode();
  if (mode === "app") return "users/app";
  try {
    const client = await auth.client(scopesFor(mode, "list"));
    const { token } = await client.getAccessToken();
    if (!token) return undefined;
    // POST keeps the token out of URLs and logs.
    const res = await fetch(auth.endpoints.tokenInfoUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ access_token: token }).toString(),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) return undefined;
    const info = (await res.json()) as { sub?: unknown };
    return typeof info.sub === "string" && /^\d+$/.test(info.sub) ? `users/${info.sub}` : undefined;
  } catch {
    return undefined;
  }
}
