import {
  createBody,
  createFollowUps,
  describeChange,
  liveFromApi,
  permissionFromApi,
  permissionToApi,
  settingChanges,
  settingPatches,
  isReplaceChange,
  type LiveSpaceSettings,
} from "../../provider/core/space-settings";
import {
  validateChatSpaceArgs,
  validateSpaceSettings,
} from "../../provider/core/validate/space-settings";

const live: LiveSpaceSettings = liveFromApi({
  name: "spaces/AAAAteam",
  spaceType: "SPACE",
  displayName: "Team",
  spaceDetails: { description: "old", guidelines: "be kind" },
  spaceHistoryState: "HISTORY_ON",
  accessSettings: { accessState: "PRIVATE" },
  permissionSettings: {
    manageMembersAndGroups: {
      managersAllowed: true,
      assistantManagersAllowed: true,
      membersAllowed: true,
    },
    manageApps: { managersAllowed: true, assistantManagersAllowed: true },
    postMessages: { managersAllowed: true, assistantManagersAllowed: true, membersAllowed: true },
  },
});

describe("space settings: API mapping", () => {
  it("reads a space in the settings' words", () => {
    expect(live).toMatchObject({
      displayName: "Team",
      description: "old",
      history: "on",
      audience: "private",
      externalUserAllowed: false,
      preset: "collaboration",
      permissions: { manageMembersAndGroups: "everyone", manageApps: "owners-and-managers" },
    });
  });
  it.each(["owners", "owners-and-managers", "everyone"] as const)("%s round-trips", (who) => {
    expect(permissionFromApi(permissionToApi(who))).toBe(who);
  });
  it("reads a combination the UI never offers as custom, so it differs from any declaration", () => {
    expect(permissionFromApi({ membersAllowed: true })).toBe("custom: members");
    expect(permissionFromApi({})).toBe("custom: nobody");
  });
  it("a creation body carries no permission settings (the API refuses them on create)", () => {
    const body = createBody({
      displayName: "New",
      description: "d",
      history: "off",
      audience: "audiences/default",
      preset: "announcement",
      permissions: { manageApps: "owners" },
    });
    expect(body).toEqual({
      spaceType: "SPACE",
      displayName: "New",
      spaceDetails: { description: "d" },
      spaceHistoryState: "HISTORY_OFF",
      accessSettings: { audience: "audiences/default" },
      predefinedPermissionSettings: "ANNOUNCEMENT_SPACE",
    });
    expect(
      createFollowUps({ displayName: "New", permissions: { manageApps: "owners" } }, live),
    ).toEqual([
      {
        updateMask: "permission_settings.manageApps",
        body: {
          permissionSettings: {
            manageApps: {
              managersAllowed: true,
              assistantManagersAllowed: false,
              membersAllowed: false,
            },
          },
        },
        keys: ["permissions.manageApps"],
      },
    ]);
  });
});

describe("space settings: patches obey the API's mask rules", () => {
  it("a no-op costs nothing; undeclared settings are not managed", () => {
    expect(settingPatches({ displayName: "Team" }, live)).toEqual([]);
    expect(
      settingPatches({ displayName: "Team", description: "old", history: "on" }, live),
    ).toEqual([]);
  });
  it("space_details carries both fields, the undeclared one at its live value", () => {
    expect(settingPatches({ displayName: "Team", description: "new" }, live)).toEqual([
      {
        updateMask: "space_details",
        body: { spaceDetails: { description: "new", guidelines: "be kind" } },
        keys: ["description"],
      },
    ]);
  });
  it("history, audience and permissions each go alone; name and details together", () => {
    const patches = settingPatches(
      {
        displayName: "Team 2",
        guidelines: "none",
        history: "off",
        audience: "audiences/default",
        permissions: {
          manageApps: "owners",
          manageMembersAndGroups: "everyone",
          toggleHistory: "owners",
        },
      },
      live,
    );
    expect(patches.map((p) => p.updateMask)).toEqual([
      "display_name,space_details",
      "space_history_state",
      "access_settings.audience",
      "permission_settings.toggleHistory,permission_settings.manageApps",
    ]);
  });
  it("making a space private again sends the mask with no audience", () => {
    const open = { ...live, audience: "audiences/default" };
    expect(settingPatches({ displayName: "Team", audience: "private" }, open)).toEqual([
      { updateMask: "access_settings.audience", body: { accessSettings: {} }, keys: ["audience"] },
    ]);
  });
  it("immutable settings are replaces, named as such", () => {
    const changes = settingChanges(
      { displayName: "Team", externalUserAllowed: true, preset: "announcement" },
      live,
    );
    expect(changes.filter(isReplaceChange).map((c) => c.key)).toEqual([
      "externalUserAllowed",
      "preset",
    ]);
    expect(settingPatches({ displayName: "Team", externalUserAllowed: true }, live)).toEqual([]);
  });
  it("the review reads in the UI's words", () => {
    const [c] = settingChanges(
      { displayName: "Team", permissions: { manageApps: "everyone" } },
      live,
    );
    expect(describeChange(c!)).toBe("Who can manage apps: Owners and managers → All members");
    const [a] = settingChanges({ displayName: "Team", audience: "audiences/default" }, live);
    expect(describeChange(a!)).toBe(
      "Discoverable to: Only people added or invited → Everyone in the organisation",
    );
  });
});

describe("space settings: validation names the field, the value and the fix", () => {
  const reasons = (input: unknown) => {
    const v = validateSpaceSettings(input);
    return v.ok ? [] : v.failures.map((f) => `${f.code} ${f.reason}`);
  };
  it("accepts a full declaration", () => {
    const v = validateChatSpaceArgs({
      displayName: "Team",
      description: "x",
      guidelines: "y",
      externalUserAllowed: false,
      history: "on",
      audience: "audiences/default",
      preset: "collaboration",
      permissions: { manageMembersAndGroups: "owners-and-managers" },
      useAdminAccess: true,
      deletionPolicy: "delete",
    });
    expect(v.ok && v.value.deletionPolicy).toBe("delete");
  });
  it("defaults: retain, no admin access", () => {
    const v = validateChatSpaceArgs({ displayName: "Team" });
    expect(v.ok && v.value).toEqual({
      settings: { displayName: "Team" },
      useAdminAccess: false,
      deletionPolicy: "retain",
    });
  });
  it("refuses each bad input with a fix", () => {
    expect(reasons({})).toEqual([
      expect.stringMatching(/^MISSING_PROPERTY displayName: is required/),
    ]);
    expect(reasons({ displayName: "x".repeat(129) })[0]).toMatch(
      /displayName: is longer than the API's 128 characters \(got "129 characters"\); fix: shorten/,
    );
    expect(reasons({ displayName: "😀".repeat(128) })).toEqual([]);
    expect(reasons({ displayName: "T", description: "d".repeat(4097) })[0]).toMatch(
      /description: is longer than the API's 4096/,
    );
    expect(reasons({ displayName: "T", colour: "red" })[0]).toMatch(
      /^UNKNOWN_PROPERTY colour: is not a known property/,
    );
    expect(reasons({ displayName: "T", history: "HISTORY_ON" })[0]).toMatch(
      /history: is not a history state .*use one of on, off/,
    );
    expect(reasons({ displayName: "T", audience: "everyone" })[0]).toMatch(
      /audience: is not an audience .*audiences\/default/,
    );
    expect(reasons({ displayName: "T", permissions: { postMessages: "owners" } })[0]).toMatch(
      /permissions.postMessages: is set by the space type.*preset: "announcement"/,
    );
    expect(reasons({ displayName: "T", permissions: { manageMembers: "owners" } })[0]).toMatch(
      /^UNKNOWN_PROPERTY permissions.manageMembers:.*manageMembersAndGroups/,
    );
    expect(reasons({ displayName: "T", permissions: { manageApps: "managers" } })[0]).toMatch(
      /permissions.manageApps: is not who may do it .*owners, owners-and-managers, everyone/,
    );
    expect(validateChatSpaceArgs({ displayName: "T", deletionPolicy: "destroy" }).ok).toBe(false);
  });
  it("prefixes paths for a member file's space block", () => {
    const v = validateSpaceSettings({ displayName: "" }, ["space"]);
    expect(!v.ok && v.failures[0]!.property).toBe("space.displayName");
  });
});
