import { ON_DESTROY_VALUES } from "../core/destroy";
import { PACKAGE, TYPES } from "../core/tokens";
import {
  DEFAULT_ALLOW_EXTERNAL,
  DEFAULT_MAX_REMOVALS,
  DEFAULT_ON_DESTROY,
  DEFAULT_REMOVE_ON_DESTROY,
  DEFAULT_USE_ADMIN_ACCESS,
  DEFAULT_STALE_INVITE_DAYS,
  DEFAULT_STALE_INVITES,
  DEFAULT_DELETION_POLICY,
} from "../core/defaults";
import { ACCEPTED_ROLE_NAMES } from "../core/roles";
import { STALE_INVITES } from "../core/types";
import { SPACE_MEMBERS_MODES } from "../core/validate/space-members";
import {
  DELETION_POLICIES,
  HISTORY_STATES,
  PERMISSION_KEYS,
  PERMISSION_WHO,
  PRIVATE_AUDIENCE,
  SPACE_LIMITS,
  SPACE_PRESETS,
} from "../core/space-settings";

// The Pulumi package schema of the `googlechat` plugin, built from the core's own lists (modes,
// roles, onDestroy values, defaults) so it cannot drift from what validation accepts.
// `plugin/schema.json` is this object written out (scripts/plugin-schema.ts; a test compares).

export { PACKAGE, TYPES };

type Prop = Record<string, unknown>;
const str = (description: string, extra: Prop = {}): Prop => ({
  type: "string",
  description,
  ...extra,
});
const bool = (description: string, fallback: boolean): Prop => ({
  type: "boolean",
  description,
  default: fallback,
});
const strings = (description: string): Prop => ({
  type: "array",
  items: { type: "string" },
  description,
});
const seconds = (description: string): Prop => ({ type: "integer", description });

const roleText = `Role: ${ACCEPTED_ROLE_NAMES.join(", ")} (member, manager and owner as in the Chat UI).`;

/** Provider configuration: stack keys `googlechat:*`, or an explicit provider's inputs. */
const config: Record<string, Prop> = {
  credentials: str(
    "A service-account key (JSON). Without it, Application Default Credentials are used.",
    { secret: true },
  ),
  impersonate: str("The Workspace user to act as (domain-wide delegation)."),
  emulatorHost: str(
    "host:port of a Chat API emulator (like CHAT_EMULATOR_HOST); never Google when set.",
  ),
  writesPerMinute: seconds("The project's membership write quota per minute (default 300)."),
  retryAttempts: seconds("Attempts per API call, the first included (default 7)."),
  requestTimeoutSeconds: seconds("Seconds one HTTP request may take (default 20)."),
  retryBudgetSeconds: seconds("Seconds after which a call starts no more retries (default 90)."),
};

const membershipInputs: Record<string, Prop> = {
  space: str("`spaces/AAAA…` or the bare id."),
  member: str(
    "`users/alice@example.com`, `alice@example.com`, `users/123…` (a user), `groups/…` (a Google group) or `users/app` (the calling Chat app).",
  ),
  role: str(`${roleText} A group takes none.`),
  useAdminAccess: bool("Act with Workspace admin access.", DEFAULT_USE_ADMIN_ACCESS),
  adopt: bool("An existing membership is adopted (false: fail instead).", true),
  onDestroy: str(`What destroy does: ${ON_DESTROY_VALUES.join(", ")}.`, {
    default: DEFAULT_ON_DESTROY,
  }),
};

const membershipOutputs: Record<string, Prop> = {
  ...membershipInputs,
  name: str("The canonical membership name, `spaces/{space}/members/{id}`."),
  memberName: str("The canonical member: `users/{id}`, `groups/{id}` or `users/app`."),
  memberType: str("HUMAN, BOT or GROUP."),
  state: str("JOINED or INVITED."),
  role: str("The live role in the Chat UI's words (`group` for a group)."),
  createTime: str("When the membership was created."),
  email: str("The member's email, when the API gives it."),
  displayName: str("The member's display name, when the API gives it."),
  affiliation: str("INTERNAL, EXTERNAL or MANAGED_EXTERNAL (a guest), when the API gives it."),
  adopted: { type: "boolean", description: "True when the membership existed before." },
};

const spaceInputs: Record<string, Prop> = {
  space: str("`spaces/AAAA…` or the bare id."),
  members: {
    type: "array",
    items: { $ref: "#/types/googlechat:index:SpaceMemberEntry" },
    description: "Every declared member with its role.",
  },
  mode: str(
    `${SPACE_MEMBERS_MODES.join(" or ")}: authoritative removes anyone undeclared and not ignored; additive removes nobody.`,
  ),
  ignore: strings("Members never added, removed or re-roled."),
  maxRemovals: {
    type: "integer",
    description: "A plan that removes more members fails, listing them.",
    default: DEFAULT_MAX_REMOVALS,
  },
  useAdminAccess: bool("Act with Workspace admin access.", DEFAULT_USE_ADMIN_ACCESS),
  removeOnDestroy: bool(
    "On destroy, remove the members this resource added.",
    DEFAULT_REMOVE_ON_DESTROY,
  ),
  allowExternal: bool(
    "false: declaring an external or guest account is an error; needs `domains`.",
    DEFAULT_ALLOW_EXTERNAL,
  ),
  domains: strings("The organisation's email domains: an address outside them is external."),
  staleInvites: {
    type: "string",
    description: `${STALE_INVITES.join(", ")}: what to do with invitations older than staleInviteDays that nobody accepted (revoke is a removal, counted by maxRemovals; a declared member's is never revoked).`,
    default: DEFAULT_STALE_INVITES,
  },
  staleInviteDays: {
    type: "integer",
    description: "The age in days at which an unaccepted invitation is stale.",
    default: DEFAULT_STALE_INVITE_DAYS,
  },
};

const spaceOutputs: Record<string, Prop> = {
  ...spaceInputs,
  members: {
    type: "object",
    additionalProperties: { type: "string" },
    description:
      "Every member of the space at the last refresh or update: person → role (member, manager, owner; group).",
  },
  added: strings("The members this resource added, as `users/{id}`."),
  invited: strings("Members who are invited but have not joined yet."),
  affiliation: {
    type: "object",
    additionalProperties: { type: "string" },
    description: "Members outside the organisation: person → EXTERNAL or MANAGED_EXTERNAL.",
  },
};

const who = `${PERMISSION_WHO.join(", ")}`;
const chatSpaceInputs: Record<string, Prop> = {
  displayName: str(
    `The space's name as the Chat UI shows it (at most ${SPACE_LIMITS.displayName} characters).`,
  ),
  description: str(`What the space is for (at most ${SPACE_LIMITS.description} characters).`),
  guidelines: str(`The space's rules (at most ${SPACE_LIMITS.guidelines} characters).`),
  externalUserAllowed: {
    type: "boolean",
    description:
      "Whether people outside the organisation may join; fixed at creation (a change is a replace).",
  },
  history: str(`${HISTORY_STATES.join(" or ")}: whether messages are kept.`),
  audience: str(
    `Discoverable to: audiences/default (the organisation), audiences/{id}, or ${PRIVATE_AUDIENCE}.`,
  ),
  preset: str(`${SPACE_PRESETS.join(" or ")}; fixed at creation (a change is a replace).`),
  permissions: {
    type: "object",
    additionalProperties: { type: "string" },
    description: `Who may do what, per permission (${PERMISSION_KEYS.join(", ")}): ${who}.`,
  },
  deletionPolicy: str(
    `${DELETION_POLICIES.join(" or ")}: what destroy and a replace do with the space (retain leaves it and drops it from the state; delete deletes it, its members and messages, for everyone).`,
    { default: DEFAULT_DELETION_POLICY },
  ),
  useAdminAccess: bool("Act with Workspace admin access.", DEFAULT_USE_ADMIN_ACCESS),
};

const chatSpaceOutputs: Record<string, Prop> = {
  ...chatSpaceInputs,
  name: str("The space, `spaces/{id}`: give it to ChatSpaceMembers or ChatMembership as `space`."),
  spaceUri: str("The space's link in the Chat UI."),
  createTime: str("When the space was made."),
  permissions: {
    type: "object",
    additionalProperties: { type: "string" },
    description:
      "Every permission setting as the space has it (custom: … when the UI has no name for it).",
  },
};

/** The schema object (JSON-serializable). */
export function packageSchema(version: string): Record<string, unknown> {
  return {
    name: PACKAGE,
    displayName: "Google Chat members",
    version,
    description:
      "Google Chat spaces and their members as code: ChatSpace (a space and its settings), ChatMembership (one member) and ChatSpaceMembers (a whole space's member list).",
    keywords: ["pulumi", "googlechat", "google-chat", "category/utility", "kind/native"],
    license: "Apache-2.0",
    config: { variables: config },
    provider: { description: "The googlechat provider.", inputProperties: config },
    types: {
      [`${PACKAGE}:index:SpaceMemberEntry`]: {
        type: "object",
        properties: {
          member: str("A user (email or users/{id}), groups/{id}, or users/app."),
          role: str(`${roleText} Groups and the app take none.`),
        },
        required: ["member"],
      },
    },
    resources: {
      [TYPES.membership]: {
        description: "One member of one Google Chat space.",
        inputProperties: membershipInputs,
        requiredInputs: ["space", "member"],
        properties: membershipOutputs,
        required: ["space", "member", "name", "memberName", "memberType", "state", "role"],
      },
      [TYPES.spaceMembers]: {
        description: "The whole declared member list of a Google Chat space.",
        inputProperties: spaceInputs,
        requiredInputs: ["space", "members", "mode"],
        properties: spaceOutputs,
        required: ["space", "members", "mode", "added", "invited", "affiliation"],
      },
      [TYPES.space]: {
        description: "A named Google Chat space and its settings.",
        inputProperties: chatSpaceInputs,
        requiredInputs: ["displayName"],
        properties: chatSpaceOutputs,
        required: ["name", "displayName", "deletionPolicy"],
      },
    },
    language: {
      nodejs: { packageName: "@pulumi-googlechat/googlechat" },
      // The Python SDK (scripts/python-sdk.sh): a pyproject.toml at the schema's version, so the
      // wheel carries the plugin's version and pulumi-plugin.json names it.
      python: {
        packageName: "pulumi_googlechat",
        respectSchemaVersion: true,
        pyproject: { enabled: true },
      },
    },
  };
}

/** The schema as the plugin serves it and plugin/schema.json holds it. */
export function schemaText(version: string): string {
  return `${JSON.stringify(packageSchema(version), null, 2)}\n`;
}
