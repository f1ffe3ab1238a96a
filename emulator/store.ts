// The live state with its lookup indexes. Handlers read and mutate it synchronously; the
// persister snapshots it after each mutating request (see storage/persister.ts).
import { defaultDelegations } from "./seed";
import { SpaceEventLog } from "./events";
import {
  AccessTokenRec,
  Delegation,
  Credentials,
  GroupRec,
  MembershipRec,
  PersistedState,
  ProjectRec,
  SpaceRec,
  UserRec,
  World,
  emptyCredentials,
} from "./model";

export class Store {
  domain = "";
  customerId = "";
  delegations: Delegation[] = [];
  readonly users = new Map<string, UserRec>();
  readonly usersByEmail = new Map<string, UserRec>();
  readonly groups = new Map<string, GroupRec>();
  readonly groupsByEmail = new Map<string, GroupRec>();
  readonly projects = new Map<string, ProjectRec>();
  /** App user id -> project. */
  readonly apps = new Map<string, ProjectRec>();
  readonly spaces = new Map<string, SpaceRec>();
  /** space id -> membership key -> membership; insertion order = creation order. */
  readonly members = new Map<string, Map<string, MembershipRec>>();
  /** Membership events per space (spaces.spaceEvents). */
  readonly events = new SpaceEventLog();
  credentials: Credentials = emptyCredentials();
  readonly accessTokens = new Map<string, AccessTokenRec>();
  nextId = 1;

  /** Fresh numeric id in Google's 21-digit style, never reused across restarts. */
  allocateId(): string {
    return String(300000000000000000000n + BigInt(this.nextId++));
  }

  loadWorld(world: World): void {
    this.domain = world.domain;
    this.customerId = world.customerId;
    this.delegations = world.delegations ?? defaultDelegations(world.projects.map((p) => p.id));
    for (const m of [this.users, this.usersByEmail, this.groups, this.groupsByEmail]) m.clear();
    this.projects.clear();
    this.apps.clear();
    this.spaces.clear();
    this.members.clear();
    for (const u of world.users) {
      this.users.set(u.id, u);
      this.usersByEmail.set(u.email, u);
    }
    for (const g of world.groups) {
      this.groups.set(g.id, g);
      if (g.email) this.groupsByEmail.set(g.email, g);
    }
    for (const p of world.projects) {
      this.projects.set(p.id, p);
      this.apps.set(p.app.id, p);
    }
    for (const s of world.spaces) {
      this.spaces.set(s.id, s);
      this.members.set(s.id, new Map());
    }
    for (const m of world.memberships) this.spaceMembers(m.space).set(m.key, m);
    this.events.load(world.spaceEvents);
  }

  loadCredentials(c: Credentials): void {
    this.credentials = c;
    this.accessTokens.clear();
    for (const t of c.accessTokens) this.accessTokens.set(t.token, t);
  }

  load(state: PersistedState): void {
    this.loadWorld(state.world);
    this.loadCredentials(state.credentials);
    this.nextId = Math.max(this.nextId, state.nextId);
  }

  spaceMembers(space: string): Map<string, MembershipRec> {
    let m = this.members.get(space);
    if (!m) {
      m = new Map();
      this.members.set(space, m);
    }
    return m;
  }

  /** A space and everything in it (spaces.delete is a cascading delete). */
  deleteSpace(space: string): void {
    this.spaces.delete(space);
    this.members.delete(space);
  }

  addAccessToken(t: AccessTokenRec): void {
    this.accessTokens.set(t.token, t);
  }

  snapshot(now = Date.now()): PersistedState {
    const memberships: MembershipRec[] = [];
    for (const m of this.members.values()) memberships.push(...m.values());
    const accessTokens = [...this.accessTokens.values()].filter((t) => t.expiresAt > now);
    return {
      version: 1,
      world: {
        domain: this.domain,
        customerId: this.customerId,
        delegations: this.delegations,
        users: [...this.users.values()],
        groups: [...this.groups.values()],
        projects: [...this.projects.values()],
        spaces: [...this.spaces.values()],
        memberships,
        spaceEvents: this.events.all(),
      },
      credentials: { ...this.credentials, accessTokens },
      nextId: this.nextId,
    };
  }
}
