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
  const about = changes.filter((c) => c.space && w.message.startsWith(`${c.space}:`));
  return about.length === 1 ? about[0]!.urn : undefined;
}

export function buildReport(preview: PreviewJson): Report {
  const names = memberNames(preview);
  const steps = withoutReplacementHalves(preview.steps);
  const { guards, warnings } = sortDiagnostics(preview.diagnostics, names);
  const changes = steps
    .map((s) => resourceChange(s, names))
    .filter((c): c is ResourceChange => c !== undefined);
  const warningsByUrn = new Map<string, Notice[]>();
  const otherWarnings: Notice[] = [];
  for (const w of warnings) {
    const urn = ownerOf(w, changes);
    if (urn) warningsByUrn.set(urn, [...(warningsByUrn.get(urn) ?? []), w]);
    else otherWarnings.push(w);
  }
  const resources = changes.filter(
    (c) => c.members.length + c.settings.length + c.notes.length > 0 || warningsByUrn.has(c.urn),
  );
  const where = [...preview.steps, ...preview.diagnostics].map((x) => x.urn ?? "").find(Boolean);
  const id = where ? urnStack(where) : undefined;
  return {
    ...(id ? { stack: id.stack, project: id.project } : {}),
    resources,
    warningsByUrn,
    otherWarnings,
    guards,
    totals: totalsOf(resources),
    rawDiff: rawDiff(steps, names),
  };
}
