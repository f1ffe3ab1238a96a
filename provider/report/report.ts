import { DEFAULT_STALE_INVITE_DAYS } from "../core/defaults";
import { staleInvites, staleLine } from "../core/stale";
import { storedView } from "../core/stored-view";
import { resourceChange, type ResourceChange } from "./changes";
import { sortDiagnostics, type Guard, type Notice } from "./diagnostics";
import { memberNames } from "./names";
import type { PreviewJson, PreviewStep } from "./preview";
import { rawDiff } from "./raw-diff";
import { urnStack } from "./resources";

// A preview, summarised for a pull request: the member changes per resource, the totals, the
// guards that stop the apply, the warnings, and the raw diff. Pure; markdown.ts renders it.

export interface Totals {
  readonly joins: number;
  readonly leaves: number;
  readonly roleChanges: number;
  /** Members of new resources (adopted if already there, else added). */
  readonly declared: number;
  /** Resources with a member or settings change. */
  readonly resources: number;
  /** Joining members who are external or guest accounts. */
  readonly outsidersJoining: number;
}

export interface Report {
  readonly stack?: string;
  readonly project?: string;
  /** Resources with changes, notes or warnings, in preview order. */
  readonly resources: readonly ResourceChange[];
  readonly warningsByUrn: ReadonlyMap<string, readonly Notice[]>;
  /** Members changed out of band, each with when and what the next up does (core/drift.ts). */
  readonly driftByUrn: ReadonlyMap<string, readonly Notice[]>;
  /** Invitations older than the stale limit, not accepted, in the space the plan leads to. */
  readonly staleByUrn: ReadonlyMap<string, readonly string[]>;
  readonly staleDays: number;
  /** Warnings not about one of this package's resources. */
  readonly otherWarnings: readonly Notice[];
  /** Errors: any one stops the apply. */
  readonly guards: readonly Guard[];
  readonly totals: Totals;
  readonly rawDiff: readonly string[];
}

/** A replacement is three steps; its `replace` step alone stands for it. */
function withoutReplacementHalves(steps: readonly PreviewStep[]): PreviewStep[] {
  const replaced = new Set(steps.filter((s) => s.op === "replace").map((s) => s.urn));
  return steps.filter(
    (s) => !(replaced.has(s.urn) && (s.op === "create-replacement" || s.op === "delete-replaced")),
  );
}

function totalsOf(resources: readonly ResourceChange[]): Totals {
  const all = resources.flatMap((r) => r.members);
  const count = (k: string) => all.filter((m) => m.kind === k).length;
  return {
    joins: count("joins"),
    leaves: count("leaves"),
    roleChanges: count("role"),
    declared: count("declared"),
    resources: resources.filter((r) => r.members.length > 0 || r.settings.length > 0).length,
    outsidersJoining: all.filter(
      (m) => (m.kind === "joins" || m.kind === "declared") && m.affiliation !== undefined,
    ).length,
  };
}

/**
 * The resource a warning is about: its URN, or else the one resource whose space the message
 * starts with (a dynamic provider's warnings read "spaces/X: …" and carry no URN).
 */
function ownerOf(w: Notice, changes: readonly ResourceChange[]): string | undefined {
  if (w.urn) return changes.some((c) => c.urn === w.urn) ? w.urn : undefined;
  // A refresh step and the update after it are one resource: count resources, not steps.
  const about = new Set(
    changes.filter((c) => c.space && w.message.startsWith(`${c.space}:`)).map((c) => c.urn),
  );
  return about.size === 1 ? [...about][0] : undefined;
}

export interface ReportOptions {
  /** Invitations older than this many days are marked stale (default 14). */
  readonly staleDays?: number;
  /** When the report is made (ms), for invitation ages. */
  readonly now?: number;
}

/** A drift line as a plan states it (`…; not declared: the next up removes them`). */
const PLANNED_DRIFT = / out of band\b.*; .*the next up /;
const REFRESH_DRIFT = / out of band\b/;

/**
 * A resource's warnings without its drift lines, and the drift lines apart: the plan's, each
 * with what the next up does; a refresh's own line only when no plan line repeats it.
 */
function splitDrift(ws: readonly Notice[]): { warnings: Notice[]; drift: Notice[] } {
  const planned = ws.filter((w) => PLANNED_DRIFT.test(w.message));
  const refreshOnly = ws.filter(
    (w) =>
      REFRESH_DRIFT.test(w.message) &&
      !planned.includes(w) &&
      !planned.some((p) => p.message.startsWith(w.message)),
  );
  return {
    warnings: ws.filter((w) => !REFRESH_DRIFT.test(w.message)),
    drift: [...planned, ...refreshOnly],
  };
}

/** The stale invitations of the space a step's plan leads to (the checked inputs' view). */
function staleOf(step: PreviewStep, days: number, now: number): string[] {
  const inputs = step.newState?.inputs;
  const space = inputs?.space;
  if (typeof space !== "string" || inputs?.__view === undefined) return [];
  return staleInvites(storedView(space, inputs).members, days, now).map(staleLine);
}

export function buildReport(preview: PreviewJson, opts: ReportOptions = {}): Report {
  const staleDays = opts.staleDays ?? DEFAULT_STALE_INVITE_DAYS;
  const now = opts.now ?? Date.now();
  const names = memberNames(preview);
  const steps = withoutReplacementHalves(preview.steps);
  const { guards, warnings } = sortDiagnostics(preview.diagnostics, names);
  const changes = steps
    .map((s) => resourceChange(s, names))
    .filter((c): c is ResourceChange => c !== undefined);
  const byUrn = new Map<string, Notice[]>();
  const otherWarnings: Notice[] = [];
  for (const w of warnings) {
    const urn = ownerOf(w, changes);
    if (urn) byUrn.set(urn, [...(byUrn.get(urn) ?? []), w]);
    else otherWarnings.push(w);
  }
  const warningsByUrn = new Map<string, Notice[]>();
  const driftByUrn = new Map<string, Notice[]>();
  for (const [urn, ws] of byUrn) {
    const { warnings: rest, drift } = splitDrift(ws);
    if (rest.length) warningsByUrn.set(urn, rest);
    if (drift.length) driftByUrn.set(urn, drift);
  }
  const staleByUrn = new Map<string, string[]>();
  for (const s of steps) {
    const stale = staleOf(s, staleDays, now);
    if (stale.length) staleByUrn.set(s.urn, stale);
  }
  const resources = changes.filter(
    (c) =>
      c.members.length + c.settings.length + c.notes.length > 0 ||
      warningsByUrn.has(c.urn) ||
      driftByUrn.has(c.urn) ||
      staleByUrn.has(c.urn),
  );
  const where = [...preview.steps, ...preview.diagnostics].map((x) => x.urn ?? "").find(Boolean);
  const id = where ? urnStack(where) : undefined;
  return {
    ...(id ? { stack: id.stack, project: id.project } : {}),
    resources,
    warningsByUrn,
    driftByUrn,
    staleByUrn,
    staleDays,
    otherWarnings,
    guards,
    totals: totalsOf(resources),
    rawDiff: rawDiff(steps, names),
  };
}
