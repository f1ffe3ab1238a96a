// The adapter's shapes: what the rest of the provider may ask of Google Chat (ChatApi), and
// the transport that memberships.ts describes each call to (client.ts implements it).

import type { chat_v1 } from "@googleapis/chat";
import type { MembershipEvent } from "../core/drift";
import type { LiveMembership, Member, Role } from "../core/types";
import type { CallerIdentity } from "./caller";
import type { Rpc } from "./errors";
import type { SpaceInfo } from "./mapping";
import type { QuotaKey } from "./pacer";
import type { Operation } from "./scopes";
import type { SpaceWrites } from "./spaces";

export interface CallOptions {
  /** Act as a Workspace admin (scope chat.admin.memberships); needs user authentication. */
  readonly useAdminAccess?: boolean;
}

export interface ListOptions extends CallOptions {
  /** Include INVITED memberships (default true: invited members count as present). */
  readonly showInvited?: boolean;
  /** Include Google group memberships (default true). */
  readonly showGroups?: boolean;
  /** Chat's list filter, e.g. `member.type = "HUMAN"` (required by the API with admin access). */
  readonly filter?: string;
  /** Called after each page with the running total, for progress output. */
  readonly onPage?: (fetched: number) => void;
}

export interface ChatApi extends SpaceWrites {
  /** spaces.members.create. The role is always ROLE_MEMBER on create: patch afterwards. */
  createMembership(space: string, member: Member, opts?: CallOptions): Promise<LiveMembership>;
  /** spaces.members.get; accepts spaces/X/members/{id | email | app}. */
  getMembership(nameOrAlias: string, opts?: CallOptions): Promise<LiveMembership>;
  /**
   * A membership by name or alias, like getMembership, but served from one members.list of its
   * space when this ChatApi looks up several members of it within a minute (shared-lists.ts);
   * undefined when it is not a member (NOT_FOUND).
   */
  findMembership(nameOrAlias: string, opts?: CallOptions): Promise<LiveMembership | undefined>;
  /** spaces.members.list, every page (pageSize 1000). */
  listMemberships(space: string, opts?: ListOptions): Promise<LiveMembership[]>;
  /** spaces.members.patch with updateMask=role. */
  patchRole(name: string, role: Role, opts?: CallOptions): Promise<LiveMembership>;
  /** spaces.members.delete; returns the deleted membership. */
  deleteMembership(name: string, opts?: CallOptions): Promise<LiveMembership>;
  spaces: { get(space: string, opts?: CallOptions): Promise<SpaceInfo> };
  /** Same as spaces.get (kept flat for callers that only need this one call). */
  getSpace(space: string, opts?: CallOptions): Promise<SpaceInfo>;
  /**
   * spaces.spaceEvents.list of the membership event types (their batch ones come along), every
   * page, the 28 days the API keeps; batch events flattened, oldest first.
   */
  listMembershipEvents(space: string): Promise<MembershipEvent[]>;
  /**
   * The caller: `users/app` under app authentication, else `users/{id}` of the token's user (from
   * tokeninfo); when that cannot be learned after retries, no id and the reason.
   */
  whoAmI(): Promise<CallerIdentity>;
}

/** The calls themselves, each one request (or one per page): what shared lists batch behind. */
export type ChatApiCalls = Omit<ChatApi, "findMembership">;

/** What memberships.ts needs to send one call. */
export interface CallSpec {
  readonly rpc: Rpc;
  readonly op: Operation;
  /** For messages: "spaces/AAA users/alice@example.com". */
  readonly target: string;
  readonly quota: readonly QuotaKey[];
  readonly useAdminAccess?: boolean;
  readonly member?: Member;
}

/** The auth type @googleapis/chat declares (its own google-auth-library's classes). */
export type ChatAuthParam = NonNullable<chat_v1.Params$Resource$Spaces$Get["auth"]>;

export type Send<T> = (
  chat: chat_v1.Chat,
  auth: ChatAuthParam,
  options: { rootUrl: string; retry: false; retryConfig: { retry: 0 }; timeout: number },
) => Promise<T>;

export interface Transport {
  call<T>(spec: CallSpec, send: Send<T>): Promise<T>;
  whoAmI(): Promise<CallerIdentity>;
}
