// PROVISIONAL seam to the ChatSpace core model's UI wording (branch `chatspace`): a ChatSpace
// setting as the Chat UI's space settings name it ("Who can manage members", "Discoverable
// to"), its value in the UI's words, never an enum. Replaced by the core model's wording on merge.

const LABELS: Readonly<Record<string, string>> = {
  displayName: "name",
  description: "description",
  guidelines: "guidelines",
  spaceHistoryState: "history",
  historyState: "history",
  externalUserAllowed: "people outside the organisation",
  audience: "discoverable to",
  manageMembersAndGroups: "who can manage members and groups",
  modifySpaceDetails: "who can change the space's details",
  toggleHistory: "who can turn history on or off",
  useAtMentionAll: "who can use @all",
  manageApps: "who can manage apps",
  manageWebhooks: "who can manage webhooks",
  postMessages: "who can post messages",
  replyMessages: "who can reply in threads",
  viewSpaceMembership: "who can see the members",
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The UI's label for a setting key (its last dotted segment), else the key itself. */
export function settingLabel(key: string): string {
  return LABELS[key.slice(key.lastIndexOf(".") + 1)] ?? key;
}

/** Who a PermissionSetting allows: owners, managers, members, as the UI's checkboxes read. */
function who(v: Record<string, unknown>): string {
  const roles = [
    v.managersAllowed === true ? "owners" : undefined,
    v.assistantManagersAllowed === true ? "managers" : undefined,
    v.membersAllowed === true ? "members" : undefined,
  ].filter((r): r is string => r !== undefined);
  if (roles.length === 3) return "everyone (owners, managers and members)";
  if (roles.length === 0) return "nobody";
  return roles.length === 1 ? `${roles[0]} only` : roles.join(" and ");
}

/** A setting's value in the UI's words. */
export function settingWords(key: string, value: unknown): string {
  if (value === undefined || value === null) return "(not set)";
  const last = key.slice(key.lastIndexOf(".") + 1);
  if (isObject(value) && ("managersAllowed" in value || "membersAllowed" in value))
    return who(value);
  if (last === "audience")
    return value === "audiences/default"
      ? "the whole organisation"
      : typeof value === "string" && value !== ""
        ? `the audience ${value}`
        : "only people added or invited";
  if (last === "spaceHistoryState" || last === "historyState")
    return value === "HISTORY_ON"
      ? "on"
      : value === "HISTORY_OFF"
        ? "off (messages kept 24 hours)"
        : String(value);
  if (last === "externalUserAllowed") return value === true ? "can be added" : "cannot be added";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
