// Which OAuth scopes each method accepts, per authentication mode (the reference's table).
export const SCOPE_PREFIX = "https://www.googleapis.com/auth/";
const s = (...names: string[]) => names.map((n) => SCOPE_PREFIX + n);

export type Rpc =
  | "spaces.members.create"
  | "spaces.members.list"
  | "spaces.members.get"
  | "spaces.members.patch"
  | "spaces.members.delete"
  | "spaces.get"
  | "spaces.list"
  | "spaces.setup"
  | "spaces.spaceEvents.list"
  | "spaces.spaceEvents.get"
  | "spaces.create"
  | "spaces.patch"
  | "spaces.delete"
  | "spaces.search"
  | "oauth.token"
  | "oauth.tokeninfo";

export type AuthMode = "user" | "app" | "admin";

export const METHOD_SCOPES: Partial<Record<Rpc, Record<AuthMode, string[]>>> = {
  "spaces.members.create": {
    user: s("chat.memberships", "chat.memberships.app", "chat.import"),
    app: s("chat.app.memberships"),
    admin: s("chat.admin.memberships"),
  },
  "spaces.members.patch": {
    user: s("chat.memberships", "chat.import"),
    app: s("chat.app.memberships"),
    admin: s("chat.admin.memberships"),
  },
  "spaces.members.delete": {
    user: s("chat.memberships", "chat.memberships.app", "chat.import"),
    app: s("chat.app.memberships"),
    admin: s("chat.admin.memberships"),
  },
  "spaces.members.list": {
    user: s("chat.memberships", "chat.memberships.readonly", "chat.import"),
    app: s("chat.bot", "chat.app.memberships"),
    admin: s("chat.admin.memberships", "chat.admin.memberships.readonly"),
  },
  "spaces.members.get": {
    user: s("chat.memberships", "chat.memberships.readonly", "chat.import"),
    app: s("chat.bot", "chat.app.memberships"),
    admin: s("chat.admin.memberships", "chat.admin.memberships.readonly"),
  },
  "spaces.get": {
    user: s("chat.spaces", "chat.spaces.readonly", "chat.import"),
    app: s("chat.bot", "chat.app.spaces"),
    admin: s("chat.admin.spaces", "chat.admin.spaces.readonly"),
  },
  "spaces.list": {
    user: s("chat.spaces", "chat.spaces.readonly", "chat.import"),
    app: s("chat.bot"),
    admin: [],
  },
  "spaces.setup": {
    user: s("chat.spaces.create", "chat.spaces"),
    app: [],
    admin: [],
  },
  "spaces.create": {
    user: s("chat.spaces.create", "chat.spaces", "chat.import"),
    app: s("chat.app.spaces.create", "chat.app.spaces"),
    admin: [],
  },
  "spaces.patch": {
    user: s("chat.spaces", "chat.import"),
    app: s("chat.app.spaces"),
    admin: s("chat.admin.spaces"),
  },
  "spaces.delete": {
    user: s("chat.delete", "chat.import"),
    app: s("chat.app.delete"),
    admin: s("chat.admin.delete"),
  },
  "spaces.search": {
    user: s("chat.spaces", "chat.spaces.readonly"),
    app: [],
    admin: s("chat.admin.spaces", "chat.admin.spaces.readonly"),
  },
};

/** Space events: the reference's scopes for either method (http/events.ts narrows by type). */
const SPACE_EVENT_SCOPES: Record<AuthMode, string[]> = {
  user: s(
    "chat.spaces.readonly",
    "chat.spaces",
    "chat.messages.readonly",
    "chat.messages",
    "chat.messages.reactions.readonly",
    "chat.messages.reactions",
    "chat.memberships.readonly",
    "chat.memberships",
  ),
  app: s(
    "chat.app.spaces",
    "chat.app.spaces.readonly",
    "chat.app.messages.readonly",
    "chat.app.memberships",
    "chat.app.memberships.readonly",
  ),
  admin: [],
};
METHOD_SCOPES["spaces.spaceEvents.list"] = SPACE_EVENT_SCOPES;
METHOD_SCOPES["spaces.spaceEvents.get"] = SPACE_EVENT_SCOPES;

/** Scopes that only work for apps a Workspace admin approved. */
export const APP_APPROVAL_SCOPES = new Set(
  s(
    "chat.app.memberships",
    "chat.app.memberships.readonly",
    "chat.app.spaces",
    "chat.app.spaces.readonly",
    "chat.app.messages.readonly",
    "chat.app.spaces.create",
    "chat.app.delete",
  ),
);

/** What mintAuthorizedUser grants unless told otherwise: every Chat user scope used here. */
export const DEFAULT_USER_SCOPES = s(
  "chat.memberships",
  "chat.memberships.readonly",
  "chat.memberships.app",
  "chat.spaces",
  "chat.spaces.readonly",
  "chat.spaces.create",
  "chat.admin.memberships",
  "chat.admin.memberships.readonly",
  "chat.admin.spaces",
  "chat.admin.spaces.readonly",
  "chat.delete",
  "chat.admin.delete",
);
