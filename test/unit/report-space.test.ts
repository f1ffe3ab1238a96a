// ChatSpace steps in the pull-request report: settings in the Chat UI's words (who can manage
// members, discoverable to whom, history), never enum names; a new space's settings, and what a
// destroy does to the space.
import { buildReport, renderMarkdown } from "../../provider/report";
import type { PreviewStep } from "../../provider/report";
import { preview, SPACE } from "./report-steps";

type Props = Record<string, unknown>;
const DYNAMIC = "pulumi-nodejs:dynamic/googlechat:ChatSpace:Resource";
const PLUGIN = "googlechat:index:ChatSpace";
const urn = (type: string, name: string) => `urn:pulumi:prod::chat::${type}::${name}`;

const live: Props = {
  name: SPACE,
  displayName: "Platform team",
  description: "Where the platform team talks",
  history: "on",
  audience: "private",
  permissions: { manageMembersAndGroups: "owners-and-managers", useAtMentionAll: "everyone" },
};

function spaceStep(op: string, type: string, old?: Props, next?: Props): PreviewStep {
  const u = urn(type, "platform");
  return {
    op,
    urn: u,
    ...(old ? { oldState: { urn: u, type, inputs: old, outputs: old } } : {}),
    ...(next ? { newState: { urn: u, type, inputs: next } } : {}),
  };
}

const render = (...steps: PreviewStep[]) => renderMarkdown(buildReport(preview(steps)));

describe("ChatSpace in the report", () => {
  it.each([DYNAMIC, PLUGIN])("an update reads as the UI's settings (%s)", (type) => {
    const next = {
      ...live,
      history: "off",
      audience: "audiences/default",
      permissions: { manageMembersAndGroups: "everyone", useAtMentionAll: "owners" },
    };
    const text = render(spaceStep("update", type, live, next));
    const lines = text.split("\n");
    expect(lines).toEqual(
      expect.arrayContaining([
        `ChatSpace, update`,
        "- History: On → **Off**",
        "- Discoverable to: Only people added or invited → **Everyone in the organisation**",
        "- Who can manage members and groups: Owners and managers → **All members**",
        "- Who can use @all: All members → **Owners only**",
      ]),
    );
    // Enum names stay in the raw diff only.
    const summary = text.slice(0, text.indexOf("<details>"));
    expect(summary).not.toMatch(/owners-and-managers|audiences\/default|"off"|ROLE_/);
    expect(buildReport(preview([spaceStep("update", type, live, next)])).totals.resources).toBe(1);
  });

  it("a new space lists the settings it will have, and says it is made before its members", () => {
    const { name: _n, ...inputs } = live;
    const text = render(spaceStep("create", DYNAMIC, undefined, inputs));
    expect(text).toContain('- Name: **"Platform team"**');
    expect(text).toContain("- Who can manage members and groups: **Owners and managers**");
    expect(text).toContain("- new space: made by the next up, its members added after it");
  });

  it("no change to the settings: no lines", () => {
    expect(buildReport(preview([spaceStep("update", DYNAMIC, live, live)])).resources).toEqual([]);
  });

  it("destroy says whether the space and its messages stay", () => {
    expect(render(spaceStep("delete", DYNAMIC, live))).toContain(
      "the resource goes; the space, its members and its messages stay (deletionPolicy: retain)",
    );
    expect(render(spaceStep("delete", DYNAMIC, { ...live, deletionPolicy: "delete" }))).toContain(
      "the space is DELETED, with its members and every message (deletionPolicy: delete)",
    );
  });
});

describe("ChatSpaceMembers on a new space (its name unknown in the preview)", () => {
  const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
  it("lists every declared member, says the space is new, and never shows the placeholder", () => {
    const u =
      "urn:pulumi:prod::chat::pulumi-nodejs:dynamic/googlechat:ChatSpaceMembers:Resource::platform";
    const type = "pulumi-nodejs:dynamic/googlechat:ChatSpaceMembers:Resource";
    const text = render({
      op: "create",
      urn: u,
      newState: {
        urn: u,
        type,
        inputs: {
          space: UNKNOWN,
          mode: "authoritative",
          members: { "alice@example.com": "owner", "carol@example.com": "manager" },
        },
      },
    });
    expect(text).toContain("#### `platform` · a new space");
    expect(text).toContain("| carol@example.com | declared | manager |  |");
    expect(text).toContain("every declared member is added");
    expect(text).toContain("space: (known after up)");
    expect(text).not.toContain(UNKNOWN);
  });
});
