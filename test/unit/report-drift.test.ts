// The report's drift and stale sections: the plan's drift lines (when, the author unknown, what
// the next up does) under their resource, the refresh's own lines not repeated, and invitations
// older than --stale-days in the space the plan leads to.
import { buildReport, renderMarkdown } from "../../provider/report";
import { preview, settings, SPACE, spaceUpdate, urnOf } from "./report-steps";

const NOW = Date.parse("2026-12-05T12:00:00Z");
const author = "author unknown: Chat's membership events do not name who made a change";
const refreshLine = `${SPACE}: carol@example.com added as member out of band on 2026-12-03 14:02 UTC (${author})`;
const planLine = `${refreshLine}; not declared: the next up removes them`;
const view = (invitedAt: Record<string, string>) => ({
  ids: [],
  invited: Object.keys(invitedAt),
  invitedAt,
  caller: "users/1",
});
const steps = [
  spaceUpdate(
    "team",
    {
      outputs: {
        ...settings,
        members: { "alice@example.com": "owner", "carol@example.com": "member" },
      },
    },
    {
      ...settings,
      members: {
        "alice@example.com": "owner",
        "dave@partner.example": "member",
        "erin@example.com": "member",
      },
      __view: view({
        "dave@partner.example": "2026-11-15T09:00:00Z",
        "erin@example.com": "2026-12-01T09:00:00Z",
      }),
    },
  ),
];
const diagnostics = [
  { severity: "info", message: `warning: ${refreshLine}` },
  { severity: "info", message: `warning: ${planLine}` },
  { severity: "info", message: `warning: ${SPACE}: external members in the space: x` },
];

it("drift lines apart, the plan's once, the other warnings as before", () => {
  const r = buildReport(preview(steps, diagnostics), { now: NOW });
  const urn = urnOf("ChatSpaceMembers", "team");
  expect(r.driftByUrn.get(urn)?.map((w) => w.message)).toEqual([planLine]);
  expect(r.warningsByUrn.get(urn)?.map((w) => w.message)).toEqual([
    `${SPACE}: external members in the space: x`,
  ]);
  const md = renderMarkdown(r);
  expect(md).toContain(
    "**Changed out of band** (when: the space's membership events; who: not in the Chat API, which names no author):",
  );
  expect(md).toContain("- carol@example.com added as member out of band on 2026-12-03 14:02 UTC");
  expect(md).toContain("not declared: the next up removes them");
});

it("a refresh alone (no plan line): its drift line stays", () => {
  const r = buildReport(preview(steps, diagnostics.slice(0, 1)), { now: NOW });
  expect([...r.driftByUrn.values()].flat().map((w) => w.message)).toEqual([refreshLine]);
});

it("stale invitations: older than --stale-days (default 14), in the space the plan leads to", () => {
  const r = buildReport(preview(steps), { now: NOW });
  expect([...r.staleByUrn.values()]).toEqual([
    ["dave@partner.example invited 20 days ago (2026-11-15), not accepted"],
  ]);
  expect(renderMarkdown(r)).toContain("**Stale invitations** (older than 14 days, not accepted):");
  const three = buildReport(preview(steps), { now: NOW, staleDays: 3 });
  expect([...three.staleByUrn.values()][0]).toHaveLength(2);
});
