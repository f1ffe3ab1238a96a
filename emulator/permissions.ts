// Space permission settings: what `predefinedPermissionSettings` on creation turns into
// (`permissionSettings` on read), and the settings spaces.patch changed since. UNCONFIRMED: the
// exact defaults of each preset; these follow Google's descriptions (collaboration: everyone
// posts; announcement: only owners and managers post).
import { MembershipRole, PermissionSettingRec, SpaceRec } from "./model";

type Who = "owners" | "managers" | "everyone";
export type Preset = NonNullable<SpaceRec["predefinedPermissions"]>;

/** The settings spaces.patch may set (`permission_settings.<name>`); postMessages is output only. */
export const PATCHABLE_PERMISSIONS = [
  "manageMembersAndGroups",
  "modifySpaceDetails",
  "toggleHistory",
  "useAtMentionAll",
  "manageApps",
  "manageWebhooks",
  "replyMessages",
  "viewSpaceMembership",
] as const;

const PRESETS: Record<Preset, Record<string, Who>> = {
  COLLABORATION_SPACE: {
    manageMembersAndGroups: "everyone",
    modifySpaceDetails: "managers",
    toggleHistory: "managers",
    useAtMentionAll: "managers",
    manageApps: "managers",
    manageWebhooks: "managers",
    postMessages: "everyone",
    replyMessages: "everyone",
    viewSpaceMembership: "everyone",
  },
  ANNOUNCEMENT_SPACE: {
    manageMembersAndGroups: "managers",
    modifySpaceDetails: "managers",
    toggleHistory: "managers",
    useAtMentionAll: "managers",
    manageApps: "managers",
    manageWebhooks: "managers",
    postMessages: "managers",
    replyMessages: "everyone",
    viewSpaceMembership: "everyone",
  },
};

function fromWho(who: Who): PermissionSettingRec {
  return {
    managersAllowed: true,
    assistantManagersAllowed: who !== "owners",
    membersAllowed: who === "everyone",
  };
}

/** Every permission setting of a space as it stands. */
export function spacePermissions(s: SpaceRec): Record<string, PermissionSettingRec> {
  const out: Record<string, PermissionSettingRec> = {};
  for (const [name, who] of Object.entries(
    PRESETS[s.predefinedPermissions ?? "COLLABORATION_SPACE"],
  ))
    out[name] = s.permissionOverrides?.[name] ?? fromWho(who);
  return out;
}

/** proto3 JSON of a space's PermissionSettings message (false booleans omitted). */
export function permissionSettings(s: SpaceRec): Record<string, object> {
  const out: Record<string, object> = {};
  for (const [name, p] of Object.entries(spacePermissions(s))) {
    out[name] = {
      ...(p.managersAllowed ? { managersAllowed: true } : {}),
      ...(p.assistantManagersAllowed ? { assistantManagersAllowed: true } : {}),
      ...(p.membersAllowed ? { membersAllowed: true } : {}),
    };
  }
  return out;
}

/** Whether a member of this role holds the named permission in the space. */
export function roleMay(
  s: SpaceRec,
  permission: string,
  role: MembershipRole | undefined,
): boolean {
  const p = spacePermissions(s)[permission];
  if (!p || !role) return false;
  if (role === "ROLE_MANAGER") return p.managersAllowed;
  if (role === "ROLE_ASSISTANT_MANAGER") return p.assistantManagersAllowed;
  return role === "ROLE_MEMBER" && p.membersAllowed;
}

/** Whether plain members (ROLE_MEMBER) may add members to the space. */
export const membersMayAdd = (s: SpaceRec) => roleMay(s, "manageMembersAndGroups", "ROLE_MEMBER");
