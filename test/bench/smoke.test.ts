// A small run of every benchmark scenario (what `npm run bench` measures at N = 10 … 1,000),
// checking what the report relies on: API calls equal the lower bound, every member is added,
// the alternatives' outcomes are counted, and the report and chart render. No timing asserted.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { writeFileSync } from "node:fs";
import type { Operation } from "../../bench/lib/bounds";
import { runAlternative, ALTERNATIVES } from "../../bench/scenarios/alternatives";
import { runColdStart } from "../../bench/scenarios/coldstart";
import { runEmulatorRps } from "../../bench/scenarios/emulator-rps";
import {
  runFloor,
  runProvider,
  type FloorRun,
  type ProviderRun,
} from "../../bench/scenarios/provider";
import { runOrg, type OrgRun } from "../../bench/scenarios/org";
import { chartSpec, writeReport } from "../../bench/report";
import { orgSection } from "../../bench/report-org";
import { memorySection } from "../../bench/report-memory";
import { membershipsSection } from "../../bench/report-memberships";
import type { PeakRss } from "../../bench/lib/rss";

jest.setTimeout(180_000);

const N = 5;
const opts = { latencyMs: 0 };
const op = (r: ProviderRun, name: Operation) => {
  const o = r.ops.find((x) => x.op === name);
  if (!o) throw new Error(`no ${name} in ${JSON.stringify(r.error ?? r.ops.map((x) => x.op))}`);
  return o;
};

/** The runs the report sections below render, collected from the scenario tests. */
const seen = { provider: [] as ProviderRun[], floors: [] as FloorRun[], org: [] as OrgRun[] };

/** A command's memory was measured: the engine and (for a provider world) its provider process. */
function expectRss(rss: PeakRss | undefined, roles: readonly (keyof PeakRss)[]) {
  for (const role of roles)
    expect({ role, mib: (rss?.[role] ?? 0) > 10 }).toEqual({ role, mib: true });
}

describe("benchmark smoke", () => {
  it("engine floor: a trivial stack is created and refreshed, its memory measured", async () => {
    const f = await runFloor(1, undefined, ["create", "refresh"]);
    expect(f.ops.map((o) => [o.op, o.changes])).toEqual([
      ["create", { create: 2 }],
      ["refresh", {}],
    ]);
    // A refresh does not run the program: no program process then.
    expectRss(f.ops[0]!.rss, ["engine", "provider", "program"]);
    expectRss(f.ops[1]!.rss, ["engine", "provider"]);
    expect(f.ops[1]!.rss?.program).toBeUndefined();
  });

  it("engine floor of N trivial resources (the N ChatMembership floor)", async () => {
    const f = await runFloor(1, undefined, ["create", "refresh"], N);
    expect(f.count).toBe(N);
    expect(f.ops.map((o) => [o.op, o.changes])).toEqual([
      ["create", { create: N + 1 }],
      ["refresh", {}],
    ]);
    seen.floors.push(f);
  });

  for (const shape of ["spaceMembersById", "memberships"] as const) {
    it(`${shape}: every operation makes exactly the lower bound of API calls`, async () => {
      const r = await runProvider(shape, N, 1, opts);
      expect(r.error).toBeUndefined();
      expect(r.membersAfterCreate).toBe(N + 1);
      seen.provider.push(r);
      for (const o of r.ops) expectRss(o.rss, ["engine", "provider"]);
      for (const o of r.ops) {
        // ChatSpaceMembers: at the bound (the preview's list serves the create in the same
        // plugin process). ChatMembership's first read of a space is one members.get (a single
        // member needs no list); the second lists the space, which serves all the others.
        const extraReads = shape === "memberships" && ["create", "refresh"].includes(o.op) ? 1 : 0;
        expect({ op: o.op, reads: o.calls.reads, writes: o.calls.writes }).toEqual({
          op: o.op,
          reads: o.bound.reads + extraReads,
          writes: o.bound.writes,
        });
        expect(o.calls.throttled).toBe(0);
      }
      expect(op(r, "create").timeline?.addsMs).toHaveLength(N);
      expect(op(r, "previewNoop").changes).toEqual({});
      expect(op(r, "upNoop").changes).toEqual({});
      expect(op(r, "updateK1").changes).toEqual({ update: 1 });
    });
  }

  it("spaceMembers (by email): a first create adds every member with the bound's calls", async () => {
    const r = await runProvider("spaceMembers", N, 1, { ...opts, ops: ["create"] });
    expect(r.error).toBeUndefined();
    expect(r.membersAfterCreate).toBe(N + 1);
    const c = op(r, "create");
    // No members.get per declared email: the list gives every email; one list in all.
    expect({ reads: c.calls.reads, writes: c.calls.writes }).toEqual({
      reads: c.bound.reads,
      writes: c.bound.writes,
    });
  });

  it.each(["dynamic", "plugin"] as const)(
    "org (2 spaces × 3 members, %s): every command at the lower bound per method, the floor run alongside",
    async (form) => {
      const r = await runOrg(2, 3, 1, { ...opts, form });
      expect(r.error).toBeUndefined();
      expect(r.form).toBe(form);
      seen.org.push(r);
      expect(r.ops.map((o) => [o.op, o.changes, o.floorChanges])).toEqual([
        ["create", { create: 3 }, { create: 3 }],
        ["previewRefreshNoop", {}, {}],
        ["upChange", { update: 2 }, { update: 2 }],
        ["upRefreshChange", { update: 2 }, { update: 2 }],
      ]);
      // Token and tokeninfo included: `up --refresh` plans from the refresh's list, in one process.
      for (const o of r.ops) {
        expect({ op: o.op, calls: o.calls }).toEqual({ op: o.op, calls: o.bound });
        expectRss(o.rss, ["engine", "provider"]);
        expectRss(o.floorRss, ["engine", "provider", "program"]);
      }
      expect(r.ops[0]!.added).toBe(6);
      const dir = mkdtempSync(path.join(tmpdir(), "bench-org-"));
      try {
        expect(orgSection(dir, [r]).join("\n")).toMatch(
          /2 × 3, [^|]+ \| no-op `preview --refresh`/,
        );
        expect(readFileSync(path.join(dir, "org-time-vs-spaces.svg"), "utf8")).toMatch(/^<svg/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    300_000,
  );

  it("the org section compares the plugin with the dynamic provider; memory and ChatMembership sections render", () => {
    expect(seen.org.map((r) => r.form).sort()).toEqual(["dynamic", "plugin"]);
    const dir = mkdtempSync(path.join(tmpdir(), "bench-org-"));
    try {
      const org = orgSection(dir, seen.org).join("\n");
      expect(org).toMatch(/Plugin or dynamic provider/);
      // Both forms make the same calls on the same world.
      expect(org).toMatch(/2 × 3 \| one member changed in every space \(`up`\) \|[^\n]+\| yes \|/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const memory = memorySection(seen.provider, seen.floors, seen.org).join("\n");
    expect(memory).toMatch(
      /2 × 3, plugin \(YAML\) \| no-op `preview --refresh` \| \d+ MiB \/ \d+ = \d/,
    );
    expect(memory).toMatch(
      /5 members: ChatMembership resources, one space \| `refresh` \| \d+ MiB \/ \d+ = /,
    );
    const members = membershipsSection(seen.provider, seen.floors).join("\n");
    // Refresh and create of N ChatMembership: per 60 s window at most one get and one list pass
    // (⌈N/1,000⌉ = 1), never one get per member; the refresh's floor is the N-resource one.
    for (const command of ["create \\(`up`\\)", "`refresh`"]) {
      const row = new RegExp(
        `\\| 5 \\| ${command} \\| (\\d+) = (\\d+) get \\+ (\\d+) list \\(1 get \\+ 1 list; ⌈N/1,000⌉ = 1\\) \\| (\\d+) \\(\\d+\\) \\| [\\d.]+ s \\| [\\d.]+ s \\| [\\d.]+ \\|`,
      ).exec(members);
      expect(row).not.toBeNull();
      const [reads = NaN, gets = NaN, lists = NaN, writes = NaN] = row!.slice(1, 5).map(Number);
      expect({ command, sum: gets + lists, gets: gets <= 1, lists }).toEqual({
        command,
        sum: reads,
        gets: true,
        lists: 1,
      });
      expect(writes).toBe(command === "`refresh`" ? 0 : 5);
    }
    expect(members).toMatch(/\| 5 \| `refresh` \|[^\n]+\| ≤ 1.5 × (met|missed) \|/);
  });

  it("alternatives: the seed-guide script adds every member below the quota", async () => {
    for (const tool of ALTERNATIVES) {
      const a = await runAlternative(tool, N, 1, opts);
      expect({ tool, added: a.added, left: a.leftUnadded, writes: a.calls.writes }).toEqual({
        tool,
        added: N,
        left: 0,
        writes: N,
      });
      expect(a.timeline.addsMs).toHaveLength(N);
    }
  });

  it("cold start and emulator throughput produce samples", async () => {
    const c = await runColdStart(undefined, 1, { googleapis: false });
    expect(c.cases.map((k) => k.samplesMs.length)).toEqual(c.cases.map(() => 1));
    expect(c.cases.some((k) => k.name.includes("first API call"))).toBe(true);
    const e = await runEmulatorRps(undefined, { runs: 1, requests: 300 });
    expect(e.runs.map((x) => x.method).sort()).toEqual([
      "spaces.members.create",
      "spaces.members.get",
    ]);
  });

  it("the report and the chart render", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bench-smoke-"));
    try {
      await writeReport(dir, () => undefined);
      expect(readFileSync(path.join(dir, "REPORT.md"), "utf8")).toMatch(/## 1\. API calls/);
      // The chart needs a run above the quota burst; render one made-up timeline to check it.
      const spec = chartSpec([
        {
          tool: "spaceMembers",
          n: 301,
          run: 1,
          wallMs: 61_000,
          added: 301,
          left: 0,
          failed: false,
          throttled: 0,
          requests: 302,
          firstCreateMs: 0,
          addsMs: Array.from({ length: 301 }, (_, i) => (i < 300 ? i : 60_500)),
          latencyMs: 0,
          engine: true,
          lists: true,
        },
      ]);
      const specFile = path.join(dir, "spec.json");
      writeFileSync(specFile, JSON.stringify(spec));
      execFileSync(process.execPath, [
        path.join(__dirname, "../../bench/render-chart.mjs"),
        specFile,
        path.join(dir, "chart.svg"),
      ]);
      expect(readFileSync(path.join(dir, "chart.svg"), "utf8")).toMatch(/^<svg/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
