import { ChatMembersError, formatErrorLine, type ChatMembersErrorCode } from "../errors";

// The collector of validation failures: every failure names the property, the value and the
// fix, and all of them are reported at once.

export type PropertyPath = readonly (string | number)[];

export interface ValidationFailure {
  /** Pulumi-style property path, e.g. `members[2].role`. */
  readonly property: string;
  /** One line: what is wrong, the value, and the fix. */
  readonly reason: string;
  readonly code: ChatMembersErrorCode;
  readonly path: PropertyPath;
}

export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failures: readonly ValidationFailure[] };

export function propertyName(path: PropertyPath): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

export class Collector {
  readonly failures: ValidationFailure[] = [];

  fail(
    path: PropertyPath,
    code: ChatMembersErrorCode,
    value: unknown,
    reason: string,
    fix: string,
  ) {
    const property = propertyName(path);
    this.failures.push({
      property,
      code,
      path,
      reason: formatErrorLine({ field: property, value, reason, fix }),
    });
  }

  /** Runs a core parser, turning its ChatMembersError into a failure at `path`. */
  attempt<T>(path: PropertyPath, parse: (field: string) => T): T | undefined {
    try {
      return parse(propertyName(path));
    } catch (e) {
      if (!(e instanceof ChatMembersError)) throw e;
      this.failures.push({ property: propertyName(path), code: e.code, path, reason: e.message });
      return undefined;
    }
  }
}

/** All failures as one error (one line each), for callers that prefer exceptions. */
export function failuresToError(failures: readonly ValidationFailure[]): ChatMembersError {
  const first = failures[0];
  return new ChatMembersError(
    {
      code: first?.code ?? "INVALID_VALUE",
      field: first?.property ?? "",
      value: undefined,
      reason: "invalid inputs",
      fix: "correct the inputs listed",
    },
    failures.map((f) => f.reason).join("\n"),
  );
}

/** The value, or an Error holding every failure's reason on one line (for stored states). */
export function orThrow<T>(v: Validated<T>): T {
  if (!v.ok) throw new Error(v.failures.map((f) => f.reason).join("; "));
  return v.value;
}
