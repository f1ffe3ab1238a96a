// A small typed client for the control API; usable from any process: new EmulatorControl(url).
import type { Affiliation } from "./affiliation";
import type { AuthorizedUserJson, ServiceAccountKeyJson } from "./credentials";
import type { SpaceEventRec } from "./events";
import type { FaultSpec } from "./faults";
import type { MembershipRole, MembershipState, World } from "./model";
import type { QuotaConfig } from "./quota";
import type { LoggedRequest, RpcCounter } from "./requestlog";
import type { ApiRevision } from "./revision";
import type { Seed, SeedUser } from "./seed";

/** A membership as the control API shows it: Google's full view plus the user's email. */
export interface RawMembership {
  name: string;
  state: MembershipState;
  role?: MembershipRole;
  member?: {
    name: string;
    type: "HUMAN" | "BOT";
    displayName?: string;
    email?: string;
    avatarUrl?: string;
    domainId?: string;
  };
  groupMember?: { name: string };
  createTime: string;
  affiliation: Affiliation;
  /** The user's email (also in member.email): kept for callers written before revision 20261107. */
  email?: string;
}

/** Who made an out-of-band change, and when. */
export interface OutOfBand {
  actor?: string;
  at?: string;
}

export class EmulatorControlError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly status: string,
    message: string,
  ) {
    super(message);
  }
}

export class EmulatorControl {
  private readonly base: string;
  constructor(url: string) {
    this.base = url.replace(/\/+$/, "") + "/_emulator/v1/";
  }

  private async call<T>(method: string, body?: unknown, http: "GET" | "POST" = "POST"): Promise<T> {
    const res = await fetch(this.base + method, {
      method: http,
      ...(http === "POST"
        ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) }
        : {}),
    });
    const data = (await res.json()) as {
      error?: { code: number; status: string; message: string };
    };
    if (!res.ok) {
      throw new EmulatorControlError(
        res.status,
        data.error?.status ?? "UNKNOWN",
        data.error?.message ?? res.statusText,
      );
    }
    return data as T;
  }

  health(): Promise<{ ok: boolean }> {
    return this.call("health", undefined, "GET");
  }
  /** Back to the startup seed; clears faults and quota windows (not the log: resetLog). Credentials stay unless asked. */
  reset(opts: { credentials?: boolean } = {}): Promise<void> {
    return this.call("reset", opts);
  }
  /** Replace users, groups, projects, spaces and memberships (credentials stay). */
  seed(seed: Seed): Promise<void> {
    return this.call("seed", seed);
  }
  state(): Promise<World> {
    return this.call("state", undefined, "GET");
  }
  addUser(user: SeedUser): Promise<unknown> {
    return this.call("addUser", user);
  }
  setAutoAccept(user: string, on: boolean): Promise<void> {
    return this.call("setAutoAccept", { user, on });
  }
  /** Out of band, like a person in the Chat UI: no API rules beyond the structural ones. */
  /**
   * `actor` (an email, `users/{id}` or `app:{project}`) and `at` (RFC 3339, also the membership's
   * createTime) are the out-of-band change's, recorded as a membership event.
   */
  addMember(
    space: string,
    m: { member: string; role?: MembershipRole; state?: "JOINED" | "INVITED"; project?: string },
    change: OutOfBand = {},
  ): Promise<RawMembership> {
    return this.call("addMember", { space, ...m, ...change });
  }
  removeMember(space: string, member: string, change: OutOfBand = {}): Promise<RawMembership> {
    return this.call("removeMember", { space, member, ...change });
  }
  setRole(
    space: string,
    member: string,
    role: MembershipRole,
    change: OutOfBand = {},
  ): Promise<RawMembership> {
    return this.call("setRole", { space, member, role, ...change });
  }
  /** Several members in one UI action: one batch event. */
  addMembers(
    space: string,
    members: { member: string; role?: MembershipRole; state?: "JOINED" | "INVITED" }[],
    change: OutOfBand = {},
  ): Promise<RawMembership[]> {
    return this.call("addMembers", { space, members, ...change });
  }
  removeMembers(space: string, members: string[], change: OutOfBand = {}) {
    return this.call<RawMembership[]>("removeMembers", {
      space,
      members: members.map((member) => ({ member })),
      ...change,
    });
  }
  setRoles(
    space: string,
    members: { member: string; role: MembershipRole }[],
    change: OutOfBand = {},
  ) {
    return this.call<RawMembership[]>("setRoles", { space, members, ...change });
  }
  /** The recorded membership events, with who acted (which the Chat API does not return). */
  events(space?: string): Promise<SpaceEventRec[]> {
    return this.call("events", space ? { space } : {});
  }
  /** Out of band, as a person in the Chat UI changes a named space's settings. */
  updateSpace(
    space: string,
    change: {
      displayName?: string;
      description?: string;
      guidelines?: string;
      historyOn?: boolean;
      /** `audiences/default`, another audience, or null: private. */
      audience?: string | null;
      permissions?: Record<string, "owners" | "managers" | "everyone">;
    },
  ): Promise<Record<string, unknown>> {
    return this.call("updateSpace", { space, ...change });
  }
  /** A space as the API renders it to its owner (every field). */
  getSpace(space: string): Promise<Record<string, unknown>> {
    return this.call("getSpace", { space });
  }
  /** Deletes a space and everything in it, as an admin in the console would. */
  deleteSpace(space: string): Promise<void> {
    return this.call("deleteSpace", { space });
  }
  /** Every membership, invited and group ones included. */
  listMembers(space: string): Promise<RawMembership[]> {
    return this.call("listMembers", { space });
  }
  injectFault(f: FaultSpec): Promise<void> {
    return this.call("injectFault", f);
  }
  clearFaults(): Promise<void> {
    return this.call("clearFaults");
  }
  requests(): Promise<LoggedRequest[]> {
    return this.call("requests", undefined, "GET");
  }
  /** Keep each response body in the request log (off by default). */
  recordResponses(on: boolean): Promise<void> {
    return this.call("recordResponses", { on });
  }
  counters(): Promise<Record<string, RpcCounter>> {
    return this.call("counters", undefined, "GET");
  }
  resetLog(): Promise<void> {
    return this.call("resetLog");
  }
  getQuotas(): Promise<QuotaConfig> {
    return this.call("getQuotas", undefined, "GET");
  }
  setQuotas(q: Partial<QuotaConfig>): Promise<QuotaConfig> {
    return this.call("setQuotas", q);
  }
  setLatency(ms: number): Promise<void> {
    return this.call("setLatency", { ms });
  }
  apiRevision(): Promise<{ revision: ApiRevision }> {
    return this.call("apiRevision", undefined, "GET");
  }
  /** Which revision's Membership fields the API sends from now on (survives reset). */
  setApiRevision(revision: ApiRevision): Promise<{ revision: ApiRevision }> {
    return this.call("setApiRevision", { revision });
  }
  /** An authorized_user credential (refresh token) for a seeded user. */
  mintAuthorizedUser(o: {
    user: string;
    project?: string;
    scopes?: string[];
  }): Promise<AuthorizedUserJson> {
    return this.call("mintAuthorizedUser", o);
  }
  /** A service-account key JSON whose public key the emulator trusts. */
  mintServiceAccountKey(
    o: { project?: string; name?: string } = {},
  ): Promise<ServiceAccountKeyJson> {
    return this.call("mintServiceAccountKey", o);
  }
  /** Skip the token flow: an access token for a user (user auth) or, without user, the project's app. */
  mintAccessToken(o: {
    user?: string;
    project?: string;
    scopes?: string[];
    ttlSeconds?: number;
  }): Promise<{ access_token: string; expires_in: number; token_type: "Bearer" }> {
    return this.call("mintAccessToken", o);
  }
  /** Every issued access token expires now (refresh flows then run again). */
  expireTokens(): Promise<void> {
    return this.call("expireTokens");
  }
}
