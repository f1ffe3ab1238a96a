// Seeds: the human-writable description of a world (YAML or JSON for the CLI), and its
// conversion into the stored World with canonical ids.
import { readFileSync } from "node:fs";
import YAML from "yaml";
import { DEFAULT_USER_SCOPES, SCOPE_PREFIX } from "./scopes";
import {
  Delegation,
  MembershipRec,
  MembershipRole,
  MembershipState,
  MemberRef,
  ROLES,
  SPACE_TYPES,
  SpaceType,
  World,
} from "./model";

export interface SeedUser {
  email: string;
  /** Numeric id; generated when absent. */
  id?: string;
  displayName?: string;
  admin?: boolean;
  /** Default: the email's domain differs from the organisation's (guests: false). */
  external?: boolean;
  /**
   * A guest account: managed by the organisation for an outsider (affiliation MANAGED_EXTERNAL).
   * UNCONFIRMED: the API's permission rules treat guests as the organisation's accounts.
   */
  guest?: boolean;
  /** Default: on for internal users, off for external ones. */
  autoAccept?: boolean;
}
export interface SeedGroup {
  /** `eng` or `groups/eng`. */
  id: string;
  email?: string;
  displayName?: string;
}
export interface SeedProject {
  id: string;
  number?: string;
  appName?: string;
  /** Numeric user id of the project's Chat app. */
  appId?: string;
  /** Admin approval for app authentication with `chat.app.*` scopes (default true). */
  adminApproved?: boolean;
}
export interface SeedMember {
  /** An email, `users/{id}`, `groups/{id}`, `users/app` (the first project's app) or `app:{project}`. */
  member: string;
  role?: MembershipRole;
  /** Default JOINED: seeds describe what already is. */
  state?: MembershipState;
}
export interface SeedSpace {
  /** `spaces/X` or `X`. */
  name: string;
  spaceType?: SpaceType;
  displayName?: string;
  externalUserAllowed?: boolean;
  /** An email / `users/{id}` or `app:{project}`. */
  createdBy?: string;
  /** Named spaces' settings, as the Chat UI set them. */
  description?: string;
  guidelines?: string;
  historyState?: "HISTORY_ON" | "HISTORY_OFF";
  audience?: string;
  predefinedPermissions?: "COLLABORATION_SPACE" | "ANNOUNCEMENT_SPACE";
  members?: SeedMember[];
}
export interface SeedDelegation {
  /** A service account's numeric client id or email. */
  client: string;
  /** Scope names (`chat.memberships`) or URLs. */
  scopes: string[];
}
export interface Seed {
  domain: string;
  customerId?: string;
  /**
   * The admin console's domain-wide delegation allow-list. Absent: the emulator's default
   * service account (`chat-emulator@{project}.iam.gserviceaccount.com`, what
   * mintServiceAccountKey makes) of every project, for every Chat user scope. `[]`: nobody.
   */
  domainWideDelegation?: SeedDelegation[];
  users?: SeedUser[];
  groups?: SeedGroup[];
  projects?: SeedProject[];
  spaces?: SeedSpace[];
}

/** A seeded named space's settings, only those given. */
function seedSettings(s: SeedSpace): Partial<World["spaces"][number]> {
  const details = {
    ...(s.description ? { description: s.description } : {}),
    ...(s.guidelines ? { guidelines: s.guidelines } : {}),
  };
  return {
    ...(Object.keys(details).length ? { spaceDetails: details } : {}),
    ...(s.historyState ? { historyState: s.historyState } : {}),
    ...(s.audience ? { audience: s.audience } : {}),
    ...(s.predefinedPermissions ? { predefinedPermissions: s.predefinedPermissions } : {}),
  };
}

export const DEMO_PROJECT = "demo-project";
export const DEMO_SPACE = "spaces/AAAAdemo01";

/** A demo organisation: see emulator/README.md for what each entity is for. */
export function defaultSeed(): Seed {
  return {
    domain: "example.com",
    customerId: "C0demo01",
    users: [
      {
        email: "alice@example.com",
        id: "100000000000000000001",
        displayName: "Alice Admin",
        admin: true,
      },
      { email: "bob@example.com", id: "100000000000000000002", displayName: "Bob" },
      { email: "carol@example.com", id: "100000000000000000003", displayName: "Carol" },
      {
        email: "dave@partner.example",
        id: "100000000000000000004",
        displayName: "Dave (partner)",
        external: true,
        autoAccept: false,
      },
      { email: "erin@example.com", id: "100000000000000000005", displayName: "Erin" },
    ],
    groups: [{ id: "eng", email: "eng@example.com", displayName: "Engineering" }],
    projects: [
      {
        id: DEMO_PROJECT,
        number: "123456789012",
        appName: "Demo App",
        appId: "200000000000000000001",
      },
      {
        id: "other-project",
        number: "210987654321",
        appName: "Other App",
        appId: "200000000000000000002",
      },
    ],
    spaces: [
      {
        name: DEMO_SPACE,
        spaceType: "SPACE",
        displayName: "Platform Team",
        createdBy: "alice@example.com",
        members: [
          { member: "alice@example.com", role: "ROLE_MANAGER" },
          { member: "bob@example.com", role: "ROLE_MEMBER" },
        ],
      },
      {
        name: "spaces/AAAAgroup01",
        spaceType: "GROUP_CHAT",
        createdBy: "alice@example.com",
        members: [
          { member: "alice@example.com" },
          { member: "bob@example.com" },
          { member: "carol@example.com" },
        ],
      },
      {
        name: "spaces/AAAAdm0001",
        spaceType: "DIRECT_MESSAGE",
        createdBy: "alice@example.com",
        members: [{ member: "alice@example.com" }, { member: "bob@example.com" }],
      },
      {
        name: "spaces/AAAAapp001",
        spaceType: "SPACE",
        displayName: "App Space",
        createdBy: `app:${DEMO_PROJECT}`,
        members: [
          { member: `app:${DEMO_PROJECT}` },
          { member: "alice@example.com", role: "ROLE_MANAGER" },
        ],
      },
    ],
  };
}

/** Parse a seed file (YAML is a superset of JSON, so one parser serves both). */
export function readSeedFile(path: string): Seed {
  const doc: unknown = YAML.parse(readFileSync(path, "utf8"));
  if (!doc || typeof doc !== "object" || typeof (doc as Seed).domain !== "string") {
    throw new Error(`seed ${path}: expected a mapping with at least "domain: <your domain>"`);
  }
  return doc as Seed;
}

const bare = (name: string, prefix: string) =>
  name.startsWith(prefix) ? name.slice(prefix.length) : name;

/** Turns a seed into a World; `allocateId` hands out fresh numeric ids. */
export function worldFromSeed(seed: Seed, allocateId: () => string, now = new Date()): World {
  const fail = (where: string, msg: string): never => {
    throw new Error(`seed ${where}: ${msg}`);
  };
  if (!seed.domain) fail("domain", 'is required, e.g. "example.com"');
  const domain = seed.domain.toLowerCase();
  const createTime = now.toISOString();
  const users = (seed.users ?? []).map((u, i) => {
    if (!u.email?.includes("@")) fail(`users[${i}].email`, `"${u.email}" is not an email address`);
    if (u.id !== undefined && !/^\d+$/.test(String(u.id)))
      fail(`users[${i}].id`, `"${u.id}" must be numeric (the Directory/People id)`);
    const external = u.external ?? (!u.guest && u.email.toLowerCase().split("@")[1] !== domain);
    return {
      id: u.id !== undefined ? String(u.id) : allocateId(),
      email: u.email.toLowerCase(),
      displayName: u.displayName ?? u.email.split("@")[0]!,
      external,
      ...(u.guest ? { guest: true } : {}),
      admin: u.admin ?? false,
      autoAccept: u.autoAccept ?? !external,
    };
  });
  const groups = (seed.groups ?? []).map((g) => ({
    id: bare(String(g.id), "groups/"),
    ...(g.email ? { email: g.email.toLowerCase() } : {}),
    ...(g.displayName ? { displayName: g.displayName } : {}),
  }));
  const projects = (seed.projects ?? []).map((p) => ({
    id: p.id,
    number: p.number ?? allocateId().slice(-12),
    adminApproved: p.adminApproved ?? true,
    app: { id: p.appId ?? allocateId(), displayName: p.appName ?? `${p.id} app` },
  }));
  const userBy = (ref: string) => {
    const r = ref.toLowerCase();
    return users.find((u) => u.email === r || `users/${u.id}` === r || `users/${u.email}` === r);
  };
  const resolve = (ref: string, where: string): MemberRef => {
    if (ref === "users/app") {
      if (!projects[0]) fail(where, "users/app needs at least one project");
      return { kind: "app", project: projects[0]!.id };
    }
    if (ref.startsWith("app:")) {
      const p = ref.slice(4);
      if (!projects.some((x) => x.id === p)) fail(where, `unknown project "${p}"`);
      return { kind: "app", project: p };
    }
    if (ref.startsWith("groups/")) {
      const id = bare(ref, "groups/");
      if (!groups.some((g) => g.id === id)) fail(where, `unknown group "${ref}"`);
      return { kind: "group", id };
    }
    const user = userBy(ref) ?? fail(where, `unknown user "${ref}" (declare it under users)`);
    return { kind: "user", id: user.id };
  };
  const spaces = [];
  const memberships: MembershipRec[] = [];
  for (const [i, s] of (seed.spaces ?? []).entries()) {
    const id = bare(s.name, "spaces/");
    const spaceType = s.spaceType ?? "SPACE";
    if (!SPACE_TYPES.includes(spaceType))
      fail(`spaces[${i}].spaceType`, `"${spaceType}" is not one of ${SPACE_TYPES.join(", ")}`);
    let createdBy: World["spaces"][number]["createdBy"];
    if (s.createdBy) {
      const ref = resolve(s.createdBy, `spaces[${i}].createdBy`);
      createdBy = ref.kind === "app" ? ref : ref.kind === "user" ? ref : undefined;
    }
    spaces.push({
      id,
      spaceType,
      ...(spaceType === "SPACE" ? { displayName: s.displayName ?? id } : {}),
      externalUserAllowed: s.externalUserAllowed ?? true,
      createTime,
      ...(createdBy ? { createdBy } : {}),
      ...(spaceType === "SPACE" ? seedSettings(s) : {}),
    });
    for (const [j, m] of (s.members ?? []).entries()) {
      const where = `spaces[${i}].members[${j}]`;
      const ref = resolve(m.member, where);
      if (ref.kind === "group" && spaceType !== "SPACE")
        fail(where, "groups can only be members of named spaces (spaceType SPACE)");
      const role: MembershipRole =
        ref.kind === "group" ? "MEMBERSHIP_ROLE_UNSPECIFIED" : (m.role ?? "ROLE_MEMBER");
      if (!ROLES.includes(role))
        fail(`${where}.role`, `"${role}" is not one of ${ROLES.join(", ")}`);
      if (spaceType !== "SPACE" && role !== "ROLE_MEMBER")
        fail(`${where}.role`, `only ROLE_MEMBER exists in a ${spaceType}`);
      const key =
        ref.kind === "user"
          ? ref.id
          : ref.kind === "group"
            ? ref.id
            : projects.find((p) => p.id === ref.project)!.app.id;
      if (memberships.some((x) => x.space === id && x.key === key))
        fail(where, `"${m.member}" is listed twice`);
      memberships.push({ space: id, key, ref, role, state: m.state ?? "JOINED", createTime });
    }
  }
  const scopeUrl = (s: string) => (s.startsWith("https://") ? s : SCOPE_PREFIX + s);
  const delegations: Delegation[] = seed.domainWideDelegation
    ? seed.domainWideDelegation.map((d, i) => {
        if (!d.client) fail(`domainWideDelegation[${i}].client`, "is required");
        return { client: String(d.client), scopes: (d.scopes ?? []).map(scopeUrl) };
      })
    : defaultDelegations(projects.map((p) => p.id));
  return {
    domain,
    customerId: seed.customerId ?? "C0emulator",
    delegations,
    users,
    groups,
    projects,
    spaces,
    memberships,
  };
}

/** The default allow-list: each project's `chat-emulator` service account, every user scope. */
export function defaultDelegations(projects: string[]): Delegation[] {
  return projects.map((p) => ({
    client: `chat-emulator@${p}.iam.gserviceaccount.com`,
    scopes: [...DEFAULT_USER_SCOPES],
  }));
}
