// The Chat API's enums: value numbers (for `$alt=json;enum-encoding=int`) and proto type names
// (Google names them in "Invalid value" errors). Numbers from google/chat/v1/*.proto.
export const ENUMS = {
  state: {
    proto: "google.chat.v1.Membership.MembershipState",
    values: { MEMBERSHIP_STATE_UNSPECIFIED: 0, JOINED: 1, INVITED: 2, NOT_A_MEMBER: 3 },
  },
  role: {
    proto: "google.chat.v1.Membership.MembershipRole",
    values: {
      MEMBERSHIP_ROLE_UNSPECIFIED: 0,
      ROLE_MEMBER: 1,
      ROLE_MANAGER: 2,
      ROLE_ASSISTANT_MANAGER: 4,
    },
  },
  affiliation: {
    proto: "google.chat.v1.Membership.Affiliation",
    values: { AFFILIATION_UNSPECIFIED: 0, INTERNAL: 1, EXTERNAL: 2, MANAGED_EXTERNAL: 3 },
  },
  userType: {
    proto: "google.chat.v1.User.Type",
    values: { TYPE_UNSPECIFIED: 0, HUMAN: 1, BOT: 2 },
  },
  spaceType: {
    proto: "google.chat.v1.Space.SpaceType",
    values: { SPACE_TYPE_UNSPECIFIED: 0, SPACE: 1, GROUP_CHAT: 2, DIRECT_MESSAGE: 3 },
  },
  legacyType: {
    proto: "google.chat.v1.Space.Type",
    values: { TYPE_UNSPECIFIED: 0, ROOM: 1, DM: 2 },
  },
  threading: {
    proto: "google.chat.v1.Space.SpaceThreadingState",
    values: {
      SPACE_THREADING_STATE_UNSPECIFIED: 0,
      THREADED_MESSAGES: 2,
      GROUPED_MESSAGES: 3,
      UNTHREADED_MESSAGES: 4,
    },
  },
  history: {
    proto: "google.chat.v1.HistoryState",
    values: { HISTORY_STATE_UNSPECIFIED: 0, HISTORY_OFF: 1, HISTORY_ON: 2 },
  },
  accessState: {
    proto: "google.chat.v1.Space.AccessSettings.AccessState",
    values: { ACCESS_STATE_UNSPECIFIED: 0, PRIVATE: 1, DISCOVERABLE: 2 },
  },
  predefinedPermissions: {
    proto: "google.chat.v1.Space.PredefinedPermissionSettings",
    values: {
      PREDEFINED_PERMISSION_SETTINGS_UNSPECIFIED: 0,
      COLLABORATION_SPACE: 1,
      ANNOUNCEMENT_SPACE: 2,
    },
  },
} as const;
export type EnumName = keyof typeof ENUMS;

const table = (kind: EnumName) => ENUMS[kind].values as Record<string, number>;

/** The value's name, for a name or a number (the int-encoding client sends numbers). */
export function enumFromWire(kind: EnumName, v: unknown): string | undefined {
  const t = table(kind);
  if (typeof v === "number") return Object.keys(t).find((k) => t[k] === v);
  if (typeof v === "string" && v in t) return v;
  return undefined;
}

export function enumToWire(kind: EnumName, name: string, ints: boolean): string | number {
  return ints ? table(kind)[name]! : name;
}
