// The emulated world: an organisation with users and groups, Cloud projects (each with a Chat app,
// OAuth clients and service accounts), spaces and memberships. Plain data so it serialises as is.
import type { SpaceEventRec } from "./events";

export type SpaceType = "SPACE" | "GROUP_CHAT" | "DIRECT_MESSAGE";
export const SPACE_TYPES: readonly SpaceType[] = ["SPACE", "GROUP_CHAT", "DIRECT_MESSAGE"];

export type MembershipRole =
  "MEMBERSHIP_ROLE_UNSPECIFIED" | "ROLE_MEMBER" | "ROLE_ASSISTANT_MANAGER" | "ROLE_MANAGER";
export const ROLES: readonly MembershipRole[] = [
  "MEMBERSHIP_ROLE_UNSPECIFIED",
  "ROLE_MEMBER",
  "ROLE_ASSISTANT_MANAGER",
  "ROLE_MANAGER",
];

export type MembershipState = "JOINED" | "INVITED" | "NOT_A_MEMBER";

export interface UserRec {
  /** Numeric id, the canonical `users/{id}`. */
  id: string;
  email: string;
  displayName: string;
  /** Outside the organisation (other domain or consumer account). */
  external: boolean;
  /** A guest account the organisation manages for an outsider (affiliation MANAGED_EXTERNAL). */
  guest?: boolean;
  /** Workspace admin with the Chat-management privilege (admin access). */
  admin: boolean;
  /** Auto-accept invitations: off means new memberships start INVITED. */
  autoAccept: boolean;
}

export interface GroupRec {
  id: string;
  email?: string;
  displayName?: string;
}

export interface ProjectRec {
  id: string;
  number: string;
  /** Whether a Workspace admin approved the app for `chat.app.*` scopes (app auth). */
  adminApproved: boolean;
  app: { id: string; displayName: string };
}

/** Who a membership is for. Apps are identified by the project that owns them. */
export type MemberRef =
  { kind: "user"; id: string } | { kind: "app"; project: string } | { kind: "group"; id: string };

export interface SpaceRec {
  id: string;
  spaceType: SpaceType;
  displayName?: string;
  externalUserAllowed: boolean;
  createTime: string;
  /** spaces.setup's requestId: a repeated request returns this space. */
  requestId?: string;
  spaceDetails?: { description?: string; guidelines?: string };
  /** Default HISTORY_ON. */
  historyState?: "HISTORY_ON" | "HISTORY_OFF";
  /** accessSettings.audience (`audiences/...`): the space is then DISCOVERABLE. */
  audience?: string;
  /** Set on creation; default COLLABORATION_SPACE. */
  predefinedPermissions?: "COLLABORATION_SPACE" | "ANNOUNCEMENT_SPACE";
  /** Permission settings patched since creation, over the preset's (spaces.patch). */
  permissionOverrides?: Record<string, PermissionSettingRec>;
  /** Creator: a user id or the app of a project (app-created spaces allow app-auth patch). */
  createdBy?: { kind: "user"; id: string } | { kind: "app"; project: string };
}

/** One PermissionSetting: which roles hold the permission (owners = ROLE_MANAGER). */
export interface PermissionSettingRec {
  managersAllowed: boolean;
  assistantManagersAllowed: boolean;
  membersAllowed: boolean;
}

export interface MembershipRec {
  space: string;
  /** The last segment of the membership name: user id, app user id or group id. */
  key: string;
  ref: MemberRef;
  role: MembershipRole;
  state: MembershipState;
  createTime: string;
}

/** An entry of the admin console's domain-wide delegation list. */
export interface Delegation {
  /** The service account's numeric client id, or its email (ids are minted at run time). */
  client: string;
  scopes: string[];
}

export interface World {
  domain: string;
  customerId: string;
  /** Domain-wide delegation allow-list; absent in state files written before it existed. */
  delegations?: Delegation[];
  users: UserRec[];
  groups: GroupRec[];
  projects: ProjectRec[];
  spaces: SpaceRec[];
  memberships: MembershipRec[];
  /** Membership events (spaces.spaceEvents); absent in state files written before them. */
  spaceEvents?: SpaceEventRec[];
}

/** Credentials live apart from the world: reset() and seed() keep them. */
export interface Credentials {
  oauthClients: { clientId: string; clientSecret: string; project: string }[];
  refreshTokens: { token: string; clientId: string; userId: string; scopes: string[] }[];
  serviceAccounts: {
    email: string;
    clientId: string;
    project: string;
    keys: { keyId: string; publicKeyPem: string }[];
  }[];
  accessTokens: AccessTokenRec[];
}

export interface AccessTokenRec {
  token: string;
  /** User id for user auth (OAuth or domain-wide delegation); absent for app auth. */
  userId?: string;
  project: string;
  scopes: string[];
  expiresAt: number;
}

export interface PersistedState {
  version: 1;
  world: World;
  credentials: Credentials;
  nextId: number;
}

export const emptyCredentials = (): Credentials => ({
  oauthClients: [],
  refreshTokens: [],
  serviceAccounts: [],
  accessTokens: [],
});
