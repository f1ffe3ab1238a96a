// Space permission settings: what `predefinedPermissionSettings` on creation turns into
// (`permissionSettings` on read). UNCONFIRMED: the exact defaults of each preset; these follow
// Google's descriptions (collaboration: everyone posts; announcement: only managers post).
import { SpaceRec } from "./model";

type Who = "owners" | "managers" | "everyone";
export type Preset = NonNullable<SpaceRec["predefinedPermissions"]>;

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

/** proto3 JSON of a PermissionSettings message (false booleans omitted). */
export function permissionSettings(preset: Preset): Record<string, object> {
  const out: Record<string, object> = {};
  for (const [name, who] of Object.entries(PRESETS[preset])) {
    out[name] = {
      managersAllowed: true,
      ...(who !== "owners" ? { assistantManagersAllowed: true } : {}),
      ...(who === "everyone" ? { membersAllowed: true } : {}),
    };
  }
  return out;
}

/** Whether plain members (ROLE_MEMBER) may add members to the space. */
export const membersMayAdd = (s: SpaceRec) =>
  PRESETS[s.predefinedPermissions ?? "COLLABORATION_SPACE"].manageMembersAndGroups === "everyone";
