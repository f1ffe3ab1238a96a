// The control API under /_emulator/v1/{method}: what a test harness (or a person in the Chat UI)
// does outside the API. No auth, no quota, not in the request log.
import {
  CredentialError,
  findProject,
  findUser,
  issueAccessToken,
  mintAuthorizedUser,
  mintServiceAccountKey,
  normalizeScopes,
} from "../credentials";
import { ApiError, invalid, notFound } from "../errors";
import { FaultSpec, FaultTable } from "../faults";
import { MemberRef, MembershipRec, MembershipRole, MembershipState, ROLES } from "../model";
import { QuotaConfig, QuotaTracker, mergeQuotas } from "../quota";
import { CONTROL_VIEW, renderMembership } from "../render";
import { RequestLog } from "../requestlog";
import { Seed, SeedUser, worldFromSeed } from "../seed";
import { parseApiRevision } from "../revision";
import { Store } from "../store";
import { emptyCredentials } from "../model";
import { Settings } from "./context";
import { batchHandlers, changeTime, EVENT_MUTATING, recordControlChange } from "./control-events";
import { SPACE_MUTATING, spaceHandlers } from "./control-spaces";

export interface ControlDeps {
  store: Store;
  faults: FaultTable;
  log: RequestLog;
  quota: QuotaTracker;
  startupSeed: Seed;
  tokenUrl: string;
  /** Live server settings (the API revision is changeable at runtime). */
  settings: Settings;
  setLatency(ms: number): void;
  getLatency(): number;
}

export interface ControlReply {
  body: unknown;
  mutated: boolean;
}

type Handler = (
  deps: ControlDeps,
  body: Record<string, unknown>,
  query: URLSearchParams,
) => unknown;

/** Returns true when state changed (must be persisted). */
const MUTATING = new Set([
  "reset",
  "seed",
  "addUser",
  "setAutoAccept",
  "addMember",
  "removeMember",
  "setRole",
  "mintAuthorizedUser",
  "mintServiceAccountKey",
  "mintAccessToken",
  "expireTokens",
  ...EVENT_MUTATING,
  ...SPACE_MUTATING,
]);

function req<T>(body: Record<string, unknown>, field: string): T {
  const v = body[field];
  if (v === undefined || v === null || v === "") throw invalid(`control: "${field}" is required.`);
  return v as T;
}

const spaceId = (s: string) => s.replace(/^spaces\//, "");

function memberRef(store: Store, ref: string, project?: string): { ref: MemberRef; key: string } {
  if (ref === "users/app" || ref.startsWith("app:")) {
    const p = findProject(store, ref.startsWith("app:") ? ref.slice(4) : project);
    return { ref: { kind: "app", project: p.id }, key: p.app.id };
  }
  if (ref.startsWith("groups/")) {
    const id = ref.slice(7);
    const g = store.groups.get(id) ?? store.groupsByEmail.get(id.toLowerCase());
    if (!g) throw notFound(`control: unknown group "${ref}".`);
    return { ref: { kind: "group", id: g.id }, key: g.id };
  }
  const app = store.apps.get(ref.replace(/^users\//, ""));
  if (app) return { ref: { kind: "app", project: app.id }, key: app.app.id };
  const u = findUser(store, ref);
  return { ref: { kind: "user", id: u.id }, key: u.id };
}

function space(store: Store, s: unknown) {
  const id = spaceId(String(s ?? ""));
  const sp = store.spaces.get(id);
  if (!sp) throw notFound(`control: unknown space "${String(s)}".`);
  return sp;
}

function checkRole(role: string, spaceType: string, kind: MemberRef["kind"]): MembershipRole {
  if (!ROLES.includes(role as MembershipRole)) {
    throw invalid(`control: role "${role}" is not one of ${ROLES.join(", ")}.`);
  }
  if (kind === "group" && role !== "MEMBERSHIP_ROLE_UNSPECIFIED") {
    throw invalid("control: group memberships always have MEMBERSHIP_ROLE_UNSPECIFIED.");
  }
  if (kind !== "group" && spaceType !== "SPACE" && role !== "ROLE_MEMBER") {
    throw invalid(`control: only ROLE_MEMBER exists in a ${spaceType}.`);
  }
  return role as MembershipRole;
}

const HANDLERS: Record<string, Handler> = {
  health: () => ({ ok: true }),
  reset: (d, b) => {
    d.store.loadWorld(worldFromSeed(d.startupSeed, () => d.store.allocateId()));
    if (b.credentials === true) d.store.loadCredentials(emptyCredentials());
    d.faults.clear();
    d.quota.reset();
    return {};
  },
  seed: (d, b) => {
    d.store.loadWorld(worldFromSeed(b as unknown as Seed, () => d.store.allocateId()));
    d.quota.reset();
    return {};
  },
  state: (d) => d.store.snapshot().world,
  addUser: (d, b) => {
    const u = b as unknown as SeedUser;
    const world = worldFromSeed({ domain: d.store.domain, users: [u] }, () => d.store.allocateId());
    const rec = world.users[0]!;
    if (d.store.usersByEmail.has(rec.email) || d.store.users.has(rec.id)) {
      throw new ApiError("ALREADY_EXISTS", `control: user ${rec.email} already exists.`);
    }
    d.store.users.set(rec.id, rec);
    d.store.usersByEmail.set(rec.email, rec);
    return rec;
  },
  setAutoAccept: (d, b) => {
    const u = findUser(d.store, req<string>(b, "user"));
    u.autoAccept = req<boolean>(b, "on") === true;
    return u;
  },
  addMember: (d, b) => {
    const sp = space(d.store, b.space);
    const { ref, key } = memberRef(
      d.store,
      req<string>(b, "member"),
      b.project as string | undefined,
    );
    if (ref.kind === "group" && sp.spaceType !== "SPACE") {
      throw invalid("control: groups can only be members of named spaces.");
    }
    const members = d.store.spaceMembers(sp.id);
    if (members.has(key))
      throw new ApiError(
        "ALREADY_EXISTS",
        `control: ${String(b.member)} is already in spaces/${sp.id}.`,
      );
    const role = checkRole(
      String(b.role ?? (ref.kind === "group" ? "MEMBERSHIP_ROLE_UNSPECIFIED" : "ROLE_MEMBER")),
      sp.spaceType,
      ref.kind,
    );
    const state = String(b.state ?? "JOINED") as MembershipState;
    if (state !== "JOINED" && state !== "INVITED")
      throw invalid('control: state must be "JOINED" or "INVITED".');
    const rec: MembershipRec = {
      space: sp.id,
      key,
      ref,
      role,
      state,
      createTime: changeTime(b),
    };
    members.set(key, rec);
    recordControlChange(d.store, b, sp.id, "created", key);
    return renderMembership(d.store, rec, CONTROL_VIEW);
  },
  removeMember: (d, b) => {
    const sp = space(d.store, b.space);
    const { key } = memberRef(d.store, req<string>(b, "member"), b.project as string | undefined);
    const m = d.store.spaceMembers(sp.id).get(key);
    if (!m) throw notFound(`control: ${String(b.member)} is not in spaces/${sp.id}.`);
    d.store.spaceMembers(sp.id).delete(key);
    recordControlChange(d.store, b, sp.id, "deleted", key);
    return renderMembership(d.store, m, CONTROL_VIEW);
  },
  setRole: (d, b) => {
    const sp = space(d.store, b.space);
    const { key } = memberRef(d.store, req<string>(b, "member"), b.project as string | undefined);
    const m = d.store.spaceMembers(sp.id).get(key);
    if (!m) throw notFound(`control: ${String(b.member)} is not in spaces/${sp.id}.`);
    const role = checkRole(req<string>(b, "role"), sp.spaceType, m.ref.kind);
    if (role !== m.role) recordControlChange(d.store, b, sp.id, "updated", key);
    m.role = role;
    return renderMembership(d.store, m, CONTROL_VIEW);
  },
  listMembers: (d, b, q) => {
    const sp = space(d.store, b.space ?? q.get("space"));
    return [...d.store.spaceMembers(sp.id).values()].map((m) => {
      const email = m.ref.kind === "user" ? d.store.users.get(m.ref.id)?.email : undefined;
      return {
        ...renderMembership(d.store, m, CONTROL_VIEW),
        ...(email ? { email } : {}),
      };
    });
  },
  injectFault: (d, b) => {
    try {
      d.faults.add(b as unknown as FaultSpec);
    } catch (e) {
      throw invalid(`control: ${(e as Error).message}`);
    }
    return { armed: d.faults.size };
  },
  clearFaults: (d) => {
    d.faults.clear();
    return {};
  },
  requests: (d) => d.log.list(),
  recordResponses: (d, b) => {
    d.log.recordResponses = b.on !== false;
    return { on: d.log.recordResponses };
  },
  counters: (d) => d.log.counts(),
  resetLog: (d) => {
    d.log.reset();
    return {};
  },
  getQuotas: (d) => d.quota.config,
  setQuotas: (d, b) => {
    d.quota.config = mergeQuotas(d.quota.config, b as Partial<QuotaConfig>);
    d.quota.reset();
    return d.quota.config;
  },
  setLatency: (d, b) => {
    const ms = Number(b.ms ?? 0);
    if (!Number.isFinite(ms) || ms < 0) throw invalid("control: ms must be a non-negative number.");
    d.setLatency(ms);
    return { ms };
  },
  apiRevision: (d) => ({ revision: d.settings.apiRevision }),
  setApiRevision: (d, b) => {
    const rev = parseApiRevision(b.revision);
    if (typeof rev === "object") throw invalid(`control: ${rev.error}.`);
    d.settings.apiRevision = rev;
    return { revision: rev };
  },
  mintAuthorizedUser: (d, b) =>
    mintAuthorizedUser(d.store, {
      user: req<string>(b, "user"),
      ...(b.project ? { project: String(b.project) } : {}),
      ...(Array.isArray(b.scopes) ? { scopes: b.scopes as string[] } : {}),
    }),
  mintServiceAccountKey: (d, b) =>
    mintServiceAccountKey(d.store, d.tokenUrl, {
      ...(b.project ? { project: String(b.project) } : {}),
      ...(b.name ? { name: String(b.name) } : {}),
    }),
  mintAccessToken: (d, b) => {
    const project = findProject(d.store, b.project as string | undefined);
    const user = b.user ? findUser(d.store, String(b.user)) : undefined;
    const t = issueAccessToken(d.store, {
      ...(user ? { userId: user.id } : {}),
      project: project.id,
      scopes: normalizeScopes(b.scopes as string[] | undefined),
      ...(b.ttlSeconds !== undefined ? { ttlSeconds: Number(b.ttlSeconds) } : {}),
    });
    return {
      access_token: t.token,
      expires_in: Math.round((t.expiresAt - Date.now()) / 1000),
      token_type: "Bearer",
    };
  },
  expireTokens: (d) => {
    for (const t of d.store.accessTokens.values()) t.expiresAt = 0;
    return {};
  },
};

Object.assign(HANDLERS, batchHandlers(HANDLERS));
Object.assign(HANDLERS, spaceHandlers<ControlDeps>());

export function controlCall(
  deps: ControlDeps,
  method: string,
  body: Record<string, unknown>,
  query: URLSearchParams,
): ControlReply {
  const h = HANDLERS[method];
  if (!h)
    throw notFound(
      `control: unknown method "${method}". Known: ${Object.keys(HANDLERS).join(", ")}.`,
    );
  try {
    return { body: h(deps, body, query), mutated: MUTATING.has(method) };
  } catch (e) {
    if (e instanceof CredentialError) throw invalid(`control: ${e.field}: ${e.message}`);
    if (e instanceof ApiError) throw e;
    if (e instanceof Error && e.message.startsWith("seed ")) throw invalid(e.message);
    throw e;
  }
}
