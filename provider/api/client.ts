// The ChatApi (types.ts) over @googleapis/chat: the one place where a call is paced,
// authorised, sent with gaxios's retry off, retried under our policy, and turned into an
// ApiError on failure.

import type { chat_v1 } from "@googleapis/chat";
import { createAuth, type AuthConfig, type ChatAuth } from "./auth";
import { systemClock, type Clock } from "./clock";
import {
  DEFAULT_QUOTAS,
  DEFAULT_RETRY,
  REQUEST_TIMEOUT_MS,
  type QuotaConfig,
  type RetryConfig,
} from "./defaults";
import { ApiError, classifyFailure, toApiError, type Rpc } from "./errors";
import { membershipOperations } from "./memberships";
import { Pacer, sharedPacer } from "./pacer";
import { withRetry, RetryExhausted, type RetryEvent } from "./retry";
import { scopesFor } from "./scopes";
import { withSharedLists } from "./shared-lists";
import { whoAmI, type CallerIdentity } from "./caller";
import type { CallSpec, ChatApi, ChatAuthParam, Send, Transport } from "./types";

export interface ChatApiOptions extends AuthConfig {
  /** Defaults to the process-wide pacer with the documented quotas (or `quotas` when given). */
  readonly pacer?: Pacer;
  readonly quotas?: Partial<QuotaConfig>;
  readonly retry?: Partial<RetryConfig>;
  readonly requestTimeoutMs?: number;
  /** One line per retry, e.g. for Pulumi's diagnostics ("retrying … in 2.1 s"). */
  readonly onRetry?: (line: string, event: RetryEvent & { rpc: Rpc; target: string }) => void;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly env?: NodeJS.ProcessEnv;
}

type ChatModule = typeof import("@googleapis/chat");
let chatModule: ChatModule | undefined;
/** Loaded on first call so requiring the adapter stays cheap. */
const loadChat = (): ChatModule => (chatModule ??= require("@googleapis/chat") as ChatModule);

export function createTransport(options: ChatApiOptions = {}): Transport {
  const timeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const auth: ChatAuth = createAuth({ ...options, requestTimeoutMs: timeout }, options.env);
  const pacer =
    options.pacer ??
    (options.quotas
      ? new Pacer({ ...DEFAULT_QUOTAS, ...options.quotas }, options.clock)
      : sharedPacer());
  const retryConfig = { ...DEFAULT_RETRY, ...options.retry };
  const clock = options.clock ?? systemClock;
  let chat: chat_v1.Chat | undefined;

  // Learned once per process; a failure is not remembered, so the next plan asks again.
  let caller: Promise<CallerIdentity> | undefined;
  return {
    whoAmI() {
      const deps = { config: retryConfig, clock, random: options.random, timeoutMs: timeout };
      caller ??= whoAmI(auth, deps).then((c) => {
        if (c.id === undefined) caller = undefined;
        return c;
      });
      return caller;
    },
    async call<T>(spec: CallSpec, send: Send<T>): Promise<T> {
      const mode = await auth.mode();
      if (spec.useAdminAccess && mode === "app") {
        throw new ApiError({
          code: "INVALID_ARGUMENT",
          rpc: spec.rpc,
          target: spec.target,
          detail:
            "useAdminAccess needs user authentication: impersonate a Workspace admin or use an admin's authorized_user credentials",
        });
      }
      const scopes = scopesFor(mode, spec.op, spec);
      // Same runtime classes; the declared union just names them through googleapis-common.
      const client = (await auth.client(scopes)) as unknown as ChatAuthParam;
      chat ??= loadChat().chat({ version: "v1" });
      const api = chat;
      const callOptions = {
        rootUrl: auth.endpoints.rootUrl,
        retry: false as const,
        retryConfig: { retry: 0 as const },
        timeout,
      };
      try {
        const { value } = await withRetry(
          async () => {
            await pacer.acquire(spec.quota);
            return send(api, client, callOptions);
          },
          (e, now) => classifyFailure(e, now, retryConfig),
          {
            config: retryConfig,
            clock,
            random: options.random,
            onRetry: options.onRetry
              ? (event) =>
                  options.onRetry?.(
                    `${spec.rpc} ${spec.target}: ${event.label}; retry ${event.attempt}/${event.maxAttempts - 1} in ${(event.delayMs / 1000).toFixed(1)} s${event.honouredRetryAfter ? " (server's Retry-After)" : ""}`,
                    { ...event, rpc: spec.rpc, target: spec.target },
                  )
              : undefined,
          },
        );
        return value;
      } catch (e) {
        const attempts = e instanceof RetryExhausted ? e.attempts : 1;
        const cause = e instanceof RetryExhausted ? e.error : e;
        throw toApiError(cause, {
          rpc: spec.rpc,
          target: spec.target,
          attempts,
          tokenUrls: auth.tokenUrls,
          keys: auth.keys,
        });
      }
    },
  };
}

/** A ChatApi over @googleapis/chat. Build it at call time; never capture it in a Pulumi closure. */
export function createChatApi(options: ChatApiOptions = {}): ChatApi {
  return withSharedLists(
    membershipOperations(createTransport(options)),
    options.clock ?? systemClock,
  );
}
