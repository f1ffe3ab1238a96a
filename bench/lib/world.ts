// The benchmark's world: one organisation, one named space whose only member is the caller
// (its owner), and `users` more people who can be added. Credentials are minted at run time.
import { startEmulator, type RunningEmulator, type Seed } from "../../emulator";
import type { AuthorizedUserJson } from "../../emulator";

export const DOMAIN = "bench.example";
export const SPACE = "spaces/BENCH";
export const CALLER = `owner@${DOMAIN}`;
export const CALLER_ID = "users/1";
export const PROJECT = "bench";

/** The i-th addable user, by email (what member files declare). */
export const userEmail = (i: number) => `u${i}@${DOMAIN}`;
/** The same user by canonical id. */
export const userId = (i: number) => `users/${1000 + i}`;

/** The directory: the caller and `users` more people. */
export const benchUsers = (users: number): Seed["users"] => [
  { email: CALLER, id: "1", displayName: "Bench Owner" },
  ...Array.from({ length: users }, (_, i) => ({ email: userEmail(i), id: String(1000 + i) })),
];

/** `present`: how many of the users are already members (adoption scenarios). */
export function benchSeed(users: number, present = 0): Seed {
  return {
    domain: DOMAIN,
    users: benchUsers(users),
    projects: [{ id: PROJECT, appName: "Bench" }],
    spaces: [
      {
        name: SPACE,
        spaceType: "SPACE",
        displayName: "Bench",
        createdBy: CALLER,
        members: [
          { member: CALLER, role: "ROLE_MANAGER" },
          ...Array.from({ length: present }, (_, i) => ({ member: userEmail(i) })),
        ],
      },
    ],
  };
}

export interface BenchWorld {
  readonly emulator: RunningEmulator;
  readonly credentials: AuthorizedUserJson;
}

/** Emulator with the default quotas (Google's documented ones) unless told otherwise; `seed`
 * replaces the one-space world (`users` is then unused). */
export async function startWorld(
  users: number,
  opts: { latencyMs?: number; quotas?: boolean; present?: number; seed?: Seed } = {},
): Promise<BenchWorld> {
  const emulator = await startEmulator({
    seed: opts.seed ?? benchSeed(users, opts.present),
    latencyMs: opts.latencyMs ?? 0,
    ...(opts.quotas === false ? { quotas: { enabled: false } } : {}),
  });
  const credentials = await emulator.control.mintAuthorizedUser({ user: CALLER, project: PROJECT });
  return { emulator, credentials };
}

/** Chat API calls (members.*, spaces.*) in the counters, apart from token and tokeninfo calls. */
export interface CallCount {
  readonly reads: number;
  readonly writes: number;
  readonly byRpc: Record<string, number>;
  /** Calls answered 429 RESOURCE_EXHAUSTED. */
  readonly throttled: number;
  /** oauth.token / oauth.tokeninfo: not Chat API calls, reported apart. */
  readonly auth: number;
}

const WRITES = new Set(["spaces.members.create", "spaces.members.patch", "spaces.members.delete"]);

export function countCalls(
  counters: Record<string, { total: number; byStatus: Record<string, number> }>,
): CallCount {
  let reads = 0;
  let writes = 0;
  let throttled = 0;
  let auth = 0;
  const byRpc: Record<string, number> = {};
  for (const [rpc, c] of Object.entries(counters)) {
    byRpc[rpc] = c.total;
    if (rpc.startsWith("oauth.")) {
      auth += c.total;
      continue;
    }
    if (WRITES.has(rpc)) writes += c.total;
    else reads += c.total;
    throttled += c.byStatus["429"] ?? 0;
  }
  return { reads, writes, byRpc, throttled, auth };
}
