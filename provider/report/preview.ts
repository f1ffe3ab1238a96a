// The JSON that `pulumi preview --json` prints, read tolerantly: only the parts the report uses are
// checked, anything else (newer fields, policy results) is carried along untouched. Pure.

/** A resource's state in a preview step (apitype.ResourceV3, reduced). */
export interface StepState {
  readonly urn?: string;
  readonly type?: string;
  readonly inputs?: Readonly<Record<string, unknown>>;
  readonly outputs?: Readonly<Record<string, unknown>>;
}

export interface PreviewStep {
  /** create, update, same, delete, replace, create-replacement, delete-replaced, read, refresh… */
  readonly op: string;
  readonly urn: string;
  readonly oldState?: StepState;
  readonly newState?: StepState;
  readonly diffReasons?: readonly string[];
}

export interface PreviewDiagnostic {
  readonly urn?: string;
  readonly message: string;
  /** debug, info, infoerr, warning, error. */
  readonly severity: string;
}

export interface PreviewJson {
  readonly steps: readonly PreviewStep[];
  readonly diagnostics: readonly PreviewDiagnostic[];
  readonly changeSummary?: Readonly<Record<string, number>>;
}

/** Input that is not the JSON of `pulumi preview --json`; the message names the field and the fix. */
export class PreviewJsonError extends Error {
  override readonly name = "PreviewJsonError";
}

const FIX = "fix: pass the standard output of `pulumi preview --json` (not --diff)";

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function fail(source: string, field: string, problem: string): never {
  throw new PreviewJsonError(`${source}: ${field} ${problem}; ${FIX}`);
}

function state(source: string, field: string, v: unknown): StepState | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) fail(source, field, "is not an object");
  for (const k of ["inputs", "outputs"] as const) {
    if (v[k] !== undefined && v[k] !== null && !isObject(v[k]))
      fail(source, `${field}.${k}`, "is not an object");
  }
  return v as StepState;
}

function step(source: string, i: number, v: unknown): PreviewStep {
  const field = `steps[${i}]`;
  if (!isObject(v)) fail(source, field, "is not an object");
  if (typeof v.op !== "string") fail(source, `${field}.op`, "is missing or not a string");
  if (typeof v.urn !== "string") fail(source, `${field}.urn`, "is missing or not a string");
  const diffReasons = Array.isArray(v.diffReasons)
    ? v.diffReasons.filter((r): r is string => typeof r === "string")
    : undefined;
  const oldState = state(source, `${field}.oldState`, v.oldState);
  const newState = state(source, `${field}.newState`, v.newState);
  return {
    op: v.op,
    urn: v.urn,
    ...(oldState ? { oldState } : {}),
    ...(newState ? { newState } : {}),
    ...(diffReasons ? { diffReasons } : {}),
  };
}

function diagnostic(v: unknown): PreviewDiagnostic | undefined {
  if (!isObject(v) || typeof v.message !== "string") return undefined;
  return {
    message: v.message,
    severity: typeof v.severity === "string" ? v.severity : "info",
    ...(typeof v.urn === "string" && v.urn ? { urn: v.urn } : {}),
  };
}

/** The JSON object in `text`: the whole text, or from the first line that opens one. */
function jsonObject(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    // Tolerate lines a wrapper printed before the JSON (e.g. `pulumi login` in the same step).
    const start = text.search(/^\{/m);
    if (start > 0) {
      try {
        return JSON.parse(text.slice(start));
      } catch {
        // fall through to the first error
      }
    }
    const what = text.trim() === "" ? "is empty" : `is not JSON (${(e as Error).message})`;
    return fail(source, "the input", what);
  }
}

/** Parses and checks the preview JSON; `source` names the input in error messages. */
export function parsePreviewJson(text: string, source: string): PreviewJson {
  const doc = jsonObject(text, source);
  if (!isObject(doc)) fail(source, "the input", "is not a JSON object");
  if (doc.steps !== undefined && doc.steps !== null && !Array.isArray(doc.steps))
    fail(source, "steps", "is not an array");
  if (doc.diagnostics !== undefined && doc.diagnostics !== null && !Array.isArray(doc.diagnostics))
    fail(source, "diagnostics", "is not an array");
  if (doc.steps == null && doc.diagnostics == null && doc.changeSummary == null)
    fail(source, "the input", "has none of steps, diagnostics, changeSummary");
  const steps = ((doc.steps as unknown[] | null) ?? []).map((s, i) => step(source, i, s));
  const diagnostics = ((doc.diagnostics as unknown[] | null) ?? [])
    .map(diagnostic)
    .filter((d): d is PreviewDiagnostic => d !== undefined);
  const summary = isObject(doc.changeSummary)
    ? Object.fromEntries(
        Object.entries(doc.changeSummary).filter(
          (e): e is [string, number] => typeof e[1] === "number",
        ),
      )
    : undefined;
  return { steps, diagnostics, ...(summary ? { changeSummary: summary } : {}) };
}
