// A named Chat space's settings as ChatSpace declares them, in the Chat UI's words, and their
// mapping to and from the API's Space message (revision 20261107). Pure: no I/O.
//
// Declared settings are managed; a setting left out is not (whatever the space has stays).

/** Who may do something in a space, as the Chat UI's permission menus offer it. */
export type PermissionWho = "owners" | "owners-and-managers" | "everyone";
export const PERMISSION_WHO: readonly PermissionWho[] = [
  "owners",
  "owners-and-managers",
  "everyone",
];

/** The permission settings a patch can set (`permission_settings.<key>` masks). */
export const PERMISSION_KEYS = [
  "manageMembersAndGroups",
  "modifySpaceDetails",
  "toggleHistory",
  "useAtMentionAll",
  "manageApps",
  "manageWebhooks",
  "replyMessages",
] as const;
export type PermissionKey = (typeof PERMISSION_KEYS)[number];

/** Output only (set by the preset on creation): read, shown, never written. */
export const READ_ONLY_PERMISSION_KEYS = ["postMessages"] as const;

export type Permissions = Partial<Record<PermissionKey, PermissionWho>>;

/** `predefinedPermissionSettings` on creation. */
export type SpacePreset = "collaboration" | "announcement";
export const SPACE_PRESETS: readonly SpacePreset[] = ["collaboration", "announcement"];

export type HistoryState = "on" | "off";
export const HISTORY_STATES: readonly HistoryState[] = ["on", "off"];

/** ChatSpace destroy (and the delete half of a replace): keep the space (default) or delete it. */
export type DeletionPolicy = "retain" | "delete";
export const DELETION_POLICIES: readonly DeletionPolicy[] = ["retain", "delete"];

/** `accessSettings.audience`: an audience's name, or private (only people added or invited). */
export const PRIVATE_AUDIENCE = "private";
export const DEFAULT_AUDIENCE = "audiences/default";

/** The settings a ChatSpace (or a member file's `space:` block) declares. */
export interface SpaceSettings {
  readonly displayName: string;
  readonly description?: string;
  readonly guidelines?: string;
  /** Immutable: changing it is a replace. */
  readonly externalUserAllowed?: boolean;
  readonly history?: HistoryState;
  /** `audiences/default` (the whole organisation), `audiences/{id}`, or "private". */
  readonly audience?: string;
  /** Creation only: changing it is a replace. */
  readonly preset?: SpacePreset;
  readonly permissions?: Permissions;
}

/** Every key a `SpaceSettings` may hold, in the order the review and export show them. */
export const SPACE_SETTING_KEYS = [
  "displayName",
  "description",
  "guidelines",
  "externalUserAllowed",
  "history",
  "audience",
  "preset",
  "permissions",
] as const satisfies readonly (keyof SpaceSettings)[];
export type SpaceSettingKey = (typeof SPACE_SETTING_KEYS)[number];

/** Settings the API fixes at creation: a change needs a new space (a replace). */
export const IMMUTABLE_SETTING_KEYS: readonly SpaceSettingKey[] = ["externalUserAllowed", "preset"];

/** The API's limits (discovery document revision 20261107). */
export const SPACE_LIMITS = { displayName: 128, description: 4096, guidelines: 5000 } as const;

// ---- the API's PermissionSetting <-> who ----

export interface ApiPermissionSetting {
  managersAllowed?: boolean | null;
  assistantManagersAllowed?: boolean | null;
  membersAllowed?: boolean | null;
}

export function permissionToApi(who: PermissionWho): ApiPermissionSetting {
  return {
    managersAllowed: true,
    assistantManagersAllowed: who !== "owners",
    membersAllowed: who === "everyone",
  };
}

/**
 * The API's booleans → who. A combination the UI's menus never offer (say members but not
 * managers, set by another tool) reads as such, so it differs from every declared value.
 */
export function permissionFromApi(p: ApiPermissionSetting | null | undefined): string | undefined {
  if (!p) return undefined;
  const owners = p.managersAllowed === true;
  const managers = p.assistantManagersAllowed === true;
  const members = p.membersAllowed === true;
  if (owners && managers && members) return "everyone";
  if (owners && managers && !members) return "owners-and-managers";
  if (owners && !managers && !members) return "owners";
  const who = [owners && "owners", managers && "managers", members && "members"].filter(Boolean);
  return `custom: ${who.length ? who.join(", ") : "nobody"}`;
}

// ---- the API's Space <-> settings ----

/** The part of the API's Space message that settings touch (proto3 JSON, camelCase). */
export interface ApiSpace {
  name?: string | null;
  spaceType?: string | null;
  displayName?: string | null;
  externalUserAllowed?: boolean | null;
  spaceDetails?: { description?: string | null; guidelines?: string | null } | null;
  spaceHistoryState?: string | null;
  accessSettings?: { audience?: string | null; accessState?: string | null } | null;
  predefinedPermissionSettings?: string | null;
  permissionSettings?: Record<string, ApiPermissionSetting | null | undefined> | null;
  spaceUri?: string | null;
  createTime?: string | null;
}

/** What a space is now, read from the API, in the settings' words (every key filled in). */
export interface LiveSpaceSettings {
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly guidelines: string;
  readonly externalUserAllowed: boolean;
  readonly history: HistoryState;
  readonly audience: string;
  /** Every permission the API returned (postMessages included); absent when not returned. */
  readonly permissions?: Readonly<Record<string, string>>;
  /** Inferred from postMessages: only an announcement space limits posting. */
  readonly preset?: SpacePreset;
  readonly spaceUri?: string;
  readonly createTime?: string;
}

export function liveFromApi(s: ApiSpace): LiveSpaceSettings {
  const perms: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.permissionSettings ?? {})) {
    const who = permissionFromApi(v);
    if (who !== undefined) perms[k] = who;
  }
  const hasPerms = Object.keys(perms).length > 0;
  const posting = perms.postMessages;
  return {
    name: s.name ?? "",
    displayName: s.displayName ?? "",
    description: s.spaceDetails?.description ?? "",
    guidelines: s.spaceDetails?.guidelines ?? "",
    externalUserAllowed: s.externalUserAllowed === true,
    history: s.spaceHistoryState === "HISTORY_OFF" ? "off" : "on",
    audience: s.accessSettings?.audience || PRIVATE_AUDIENCE,
    ...(hasPerms ? { permissions: perms } : {}),
    ...(posting !== undefined
      ? { preset: posting === "everyone" ? "collaboration" : "announcement" }
      : {}),
    ...(s.spaceUri ? { spaceUri: s.spaceUri } : {}),
    ...(s.createTime ? { createTime: s.createTime } : {}),
  };
}

const PRESET_TO_API: Record<SpacePreset, string> = {
  collaboration: "COLLABORATION_SPACE",
  announcement: "ANNOUNCEMENT_SPACE",
};

/**
 * The body of `spaces.create` (or the `space` of `spaces.setup`) for the declared settings.
 * Permission settings cannot be given on creation: `createFollowUps` patches them after.
 */
export function createBody(s: SpaceSettings): ApiSpace {
  const details: Record<string, string> = {};
  if (s.description !== undefined) details.description = s.description;
  if (s.guidelines !== undefined) details.guidelines = s.guidelines;
  return {
    spaceType: "SPACE",
    displayName: s.displayName,
    ...(Object.keys(details).length ? { spaceDetails: details } : {}),
    ...(s.externalUserAllowed !== undefined ? { externalUserAllowed: s.externalUserAllowed } : {}),
    ...(s.history !== undefined
      ? { spaceHistoryState: s.history === "on" ? "HISTORY_ON" : "HISTORY_OFF" }
      : {}),
    ...(s.audience !== undefined && s.audience !== PRIVATE_AUDIENCE
      ? { accessSettings: { audience: s.audience } }
      : {}),
    ...(s.preset !== undefined ? { predefinedPermissionSettings: PRESET_TO_API[s.preset] } : {}),
  };
}

// ---- what a change costs: patches, each with the mask the API accepts ----

/** One `spaces.patch` call: its update mask and the Space fields it carries. */
export interface SpacePatch {
  readonly updateMask: string;
  readonly body: ApiSpace;
  /** The settings this patch changes (for the review and errors). */
  readonly keys: readonly string[];
}

/** A declared setting that differs from the live one. */
export interface SettingChange {
  /** `displayName`, `description`, …, or `permissions.manageApps`. */
  readonly key: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** The declared settings that differ from the live ones, in review order. */
export function settingChanges(declared: SpaceSettings, live: LiveSpaceSettings): SettingChange[] {
  const out: SettingChange[] = [];
  for (const key of SPACE_SETTING_KEYS) {
    if (key === "permissions") continue;
    const want = declared[key];
    if (want === undefined) continue;
    const have = key === "preset" ? (live.preset ?? "collaboration") : live[key];
    if (want !== have) out.push({ key, from: have, to: want });
  }
  for (const k of PERMISSION_KEYS) {
    const want = declared.permissions?.[k];
    if (want === undefined) continue;
    const have = live.permissions?.[k];
    if (want !== have) out.push({ key: `permissions.${k}`, from: have, to: want });
  }
  return out;
}

/** Whether a change needs a new space. */
export function isReplaceChange(c: SettingChange): boolean {
  return (IMMUTABLE_SETTING_KEYS as readonly string[]).includes(c.key);
}

/**
 * The patches that turn `live` into `declared`, obeying the API's mask rules (revision
 * 20261107): `space_details` carries description and guidelines together (the other keeps its
 * live value); `space_history_state`, `access_settings.audience` and the permission settings each
 * go alone. So a change costs at most four patches, and a no-op none. Immutable changes are not
 * patches: `settingChanges` + `isReplaceChange` find them.
 */
export function settingPatches(declared: SpaceSettings, live: LiveSpaceSettings): SpacePatch[] {
  const changed = new Set(settingChanges(declared, live).map((c) => c.key));
  const out: SpacePatch[] = [];
  const basic: string[] = [];
  const body: ApiSpace = {};
  if (changed.has("displayName")) {
    basic.push("display_name");
    body.displayName = declared.displayName;
  }
  if (changed.has("description") || changed.has("guidelines")) {
    basic.push("space_details");
    body.spaceDetails = {
      description: declared.description ?? live.description,
      guidelines: declared.guidelines ?? live.guidelines,
    };
  }
  if (basic.length) {
    out.push({
      updateMask: basic.join(","),
      body,
      keys: ["displayName", "description", "guidelines"].filter((k) => changed.has(k)),
    });
  }
  if (changed.has("history")) {
    out.push({
      updateMask: "space_history_state",
      body: { spaceHistoryState: declared.history === "off" ? "HISTORY_OFF" : "HISTORY_ON" },
      keys: ["history"],
    });
  }
  if (changed.has("audience")) {
    const audience = declared.audience === PRIVATE_AUDIENCE ? undefined : declared.audience;
    out.push({
      updateMask: "access_settings.audience",
      // Documented: omitting the value under this mask removes the audience.
      body: { accessSettings: audience ? { audience } : {} },
      keys: ["audience"],
    });
  }
  const perms = PERMISSION_KEYS.filter((k) => changed.has(`permissions.${k}`));
  if (perms.length) {
    const p: Record<string, ApiPermissionSetting> = {};
    for (const k of perms) p[k] = permissionToApi(declared.permissions![k]!);
    out.push({
      updateMask: perms.map((k) => `permission_settings.${k}`).join(","),
      body: { permissionSettings: p },
      keys: perms.map((k) => `permissions.${k}`),
    });
  }
  return out;
}

/**
 * What a new space still needs after `spaces.create` made it from `createBody`: the permission
 * settings (never accepted on creation), as one patch, or none.
 */
export function createFollowUps(declared: SpaceSettings, created: LiveSpaceSettings): SpacePatch[] {
  return settingPatches({ displayName: created.displayName, ...pick(declared) }, created).filter(
    (p) => p.updateMask.startsWith("permission_settings"),
  );
}

function pick(s: SpaceSettings): Pick<SpaceSettings, "permissions"> {
  return s.permissions ? { permissions: s.permissions } : {};
}

// ---- the review, in the Chat UI's words ----

const LABELS: Readonly<Record<string, string>> = {
  displayName: "Name",
  description: "Description",
  guidelines: "Guidelines",
  externalUserAllowed: "People outside the organisation",
  history: "History",
  audience: "Discoverable to",
  preset: "Space type",
  manageMembersAndGroups: "Who can manage members and groups",
  modifySpaceDetails: "Who can change the space's name, avatar, description and guidelines",
  toggleHistory: "Who can turn history on or off",
  useAtMentionAll: "Who can use @all",
  manageApps: "Who can manage apps",
  manageWebhooks: "Who can manage webhooks",
  postMessages: "Who can post messages",
  replyMessages: "Who can reply to messages",
  viewSpaceMembership: "Who can see the members",
};

/** The UI's label for a setting (`permissions.manageApps` → "Who can manage apps"). */
export function settingLabel(key: string): string {
  return LABELS[key.slice(key.lastIndexOf(".") + 1)] ?? key;
}

const WHO_WORDS: Readonly<Record<PermissionWho, string>> = {
  owners: "Owners only",
  "owners-and-managers": "Owners and managers",
  everyone: "All members",
};

/** A setting's value in the UI's words (never an enum name). */
export function settingWords(key: string, value: unknown): string {
  if (value === undefined || value === null) return "(not set)";
  const last = key.slice(key.lastIndexOf(".") + 1);
  if (key.startsWith("permissions.") || (PERMISSION_KEYS as readonly string[]).includes(last)) {
    return WHO_WORDS[value as PermissionWho] ?? String(value);
  }
  switch (last) {
    case "audience":
      if (value === PRIVATE_AUDIENCE) return "Only people added or invited";
      if (value === DEFAULT_AUDIENCE) return "Everyone in the organisation";
      return `The audience ${String(value)}`;
    case "history":
      return value === "off" ? "Off" : "On";
    case "externalUserAllowed":
      return value === true ? "Can be added" : "Cannot be added";
    case "preset":
      return value === "announcement"
        ? "Announcement (only owners and managers post)"
        : "Collaboration";
    default:
      return typeof value === "string" ? JSON.stringify(value) : String(value);
  }
}

/** `Who can manage apps: Owners only → All members`, the line a reviewer reads. */
export function describeChange(c: SettingChange): string {
  return `${settingLabel(c.key)}: ${settingWords(c.key, c.from)} → ${settingWords(c.key, c.to)}`;
}
