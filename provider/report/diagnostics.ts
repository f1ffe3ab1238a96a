import type { MemberNames } from "./names";
import type { PreviewDiagnostic } from "./preview";

// The preview's diagnostics, for a reviewer: every error is a guard that stops the apply (the
// known ones named: too many removals, the last owner); warnings are listed under their resource.
// Messages lose colour codes and keep their lines; users are named by email where known. Pure.

export type GuardCode = "TOO_MANY_REMOVALS" | "LAST_OWNER" | "ERROR";

export interface Guard {
  readonly code: GuardCode;
  /** The resource the error is about; absent for program-level errors. */
  readonly urn?: string;
  readonly message: string;
}

export interface Notice {
  readonly urn?: string;
  readonly message: string;
}

export interface SortedDiagnostics {
  readonly guards: readonly Guard[];
  readonly warnings: readonly Notice[];
}

/**
 * The engine's wrapper around a failed check: "error: {type} resource '{name}': property {p}
 * value {…} has a problem: " — the report names the resource itself.
 */
const CHECK_WRAPPER = /^(error: )?\S+ resource '[^']*': property \S+ value \{.*?\} has a problem: /;

/**
 * Pulumi's colour tags (`<{%reset%}>`), ANSI escapes and check wrapper out; lines trimmed, blank
 * ones dropped (a member-file error lists one problem per line).
 */
export function cleanMessage(text: string): string {
  return (
    text
      .replace(/<\{%[^%]*%\}>/g, "")
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\[[0-9;]*[A-Za-z]/g, "")
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .join("\n")
      .replace(CHECK_WRAPPER, "$1")
  );
}

/**
 * error / warning / undefined (anything else). A dynamic provider's warnings reach the preview
 * JSON as severity "info" with the text "warning: …" and no URN; they count as warnings.
 */
function level(d: PreviewDiagnostic, text: string): "error" | "warning" | undefined {
  if (d.severity === "error") return "error";
  if (d.severity === "warning") return "warning";
  if (d.severity === "info" && /^warning: /i.test(text)) return "warning";
  return undefined;
}

function guardCode(message: string): GuardCode {
  if (/TOO_MANY_REMOVALS|more than the limit/.test(message)) return "TOO_MANY_REMOVALS";
  if (/LAST_OWNER|last owner/i.test(message)) return "LAST_OWNER";
  return "ERROR";
}

/** The engine's closing line after a resource error: it says nothing the resource error did not. */
const GENERIC = /^(preview|update|deployment) failed\.?$/i;

export function sortDiagnostics(
  diagnostics: readonly PreviewDiagnostic[],
  names: MemberNames,
): SortedDiagnostics {
  const guards: Guard[] = [];
  const warnings: Notice[] = [];
  const seen = new Set<string>();
  for (const d of diagnostics) {
    const text = cleanMessage(d.message);
    const kind = level(d, text);
    const message = names.inText(text.replace(/^(error|warning): /i, ""));
    if (!kind || message === "") continue;
    const key = `${kind}\0${d.urn ?? ""}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const urn = d.urn ? { urn: d.urn } : {};
    if (kind === "error") guards.push({ code: guardCode(message), message, ...urn });
    else warnings.push({ message, ...urn });
  }
  const specific = guards.filter((g) => !GENERIC.test(g.message));
  return { guards: specific.length > 0 ? specific : guards, warnings };
}
