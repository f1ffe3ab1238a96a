// Who the provider acts as, so a plan never removes the caller's own membership. Under app
// authentication that is the app; for a user token, tokeninfo's `sub` is the user's numeric id,
// the id Chat uses in `users/{id}`. The lookup is retried and bounded like every call; when it
// still fails the caller is unknown and the reason is kept: a plan that removes anyone then
// stops (core/guards.ts), it never guesses.
import type { ChatAuth } from "./auth";
import { ConfigError, classifyFailure, toApiError } from "./errors";
import { RetryExhausted, withRetry, type RetryDeps } from "./retry";
import { scopesFor } from "./scopes";
import type { RetryConfig } from "./defaults";

export interface CallerIdentity {
  /** `users/app` or `users/{numeric id}`; absent when it could not be learned. */
  readonly id?: string;
  /** Why `id` is absent. */
  readonly problem?: string;
}

/** A failed HTTP answer in the shape errors.ts reads (as gaxios reports them). */
class HttpFailure extends Error {
  constructor(
    readonly response: { status: number; headers: Headers; data: string },
    readonly config: { url: string },
  ) {
    super(`HTTP ${response.status}`);
  }
}

export async function whoAmI(
  auth: ChatAuth,
  deps: RetryDeps & { config: RetryConfig; timeoutMs: number },
): Promise<CallerIdentity> {
  const mode = await auth.mode();
  if (mode === "app") return { id: "users/app" };
  const url = auth.endpoints.tokenInfoUrl;
  try {
    const { value } = await withRetry(
      async () => {
        const client = await auth.client(scopesFor(mode, "list"));
        const { token } = await client.getAccessToken();
        if (!token) throw new Error("the credentials gave no access token");
        // POST keeps the token out of URLs and logs.
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ access_token: token }).toString(),
          signal: AbortSignal.timeout(deps.timeoutMs),
        });
        if (!res.ok)
          throw new HttpFailure(
            { status: res.status, headers: res.headers, data: await res.text() },
            { url },
          );
        return (await res.json()) as { sub?: unknown };
      },
      (e, now) => classifyFailure(e, now, deps.config),
      deps,
    );
    return typeof value.sub === "string" && /^\d+$/.test(value.sub)
      ? { id: `users/${value.sub}` }
      : { problem: `${url} answered without a numeric user id (sub)` };
  } catch (e) {
    const attempts = e instanceof RetryExhausted ? e.attempts : 1;
    const cause = e instanceof RetryExhausted ? e.error : e;
    if (cause instanceof ConfigError) throw cause;
    const err = toApiError(cause, {
      rpc: "oauth2.tokeninfo",
      target: url,
      attempts,
      tokenUrls: auth.tokenUrls,
      keys: auth.keys,
    });
    return { problem: `${err.message} (${attempts} attempt${attempts === 1 ? "" : "s"})` };
  }
}
