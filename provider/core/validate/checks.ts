import { parseSpace } from "../space";
import type { Collector, PropertyPath } from "./collector";

// Small checks both resources' validations share. Each records its failures on the collector
// and returns the usable value (or the default, or undefined).

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** null and undefined both mean "not given" (Pulumi passes either). */
export function given(v: unknown): boolean {
  return v !== undefined && v !== null;
}

export function checkKeys(
  c: Collector,
  obj: Record<string, unknown>,
  allowed: string[],
  at: PropertyPath,
) {
  for (const key of Object.keys(obj)) {
    // Engine-internal keys (e.g. the dynamic provider's `__provider`) are not user input.
    if (allowed.includes(key) || key.startsWith("__")) continue;
    c.fail(
      [...at, key],
      "UNKNOWN_PROPERTY",
      obj[key],
      "is not a known property",
      `remove it; known properties: ${allowed.join(", ")}`,
    );
  }
}

export function optionalBoolean(
  c: Collector,
  obj: Record<string, unknown>,
  key: string,
  dflt: boolean,
) {
  const v = obj[key];
  if (!given(v)) return dflt;
  if (typeof v === "boolean") return v;
  c.fail(
    [key],
    "INVALID_VALUE",
    v,
    "must be true or false",
    `set ${key}: true or ${key}: false, or leave it out (default ${dflt})`,
  );
  return dflt;
}

export function requireRecord(
  c: Collector,
  input: unknown,
  what: string,
): Record<string, unknown> | undefined {
  if (isRecord(input)) return input;
  c.fail(
    [],
    "INVALID_VALUE",
    input,
    `${what} arguments must be an object`,
    "pass an object of inputs",
  );
  return undefined;
}

export function requiredSpace(c: Collector, raw: unknown): string | undefined {
  if (!given(raw)) {
    c.fail(
      ["space"],
      "MISSING_PROPERTY",
      raw,
      "is required",
      'set space: "spaces/AAAA…" (from the space URL)',
    );
    return undefined;
  }
  return c.attempt(["space"], (f) => parseSpace(raw, f));
}

/** A list property: undefined when not given (or not a list, after recording the failure). */
export function optionalList(c: Collector, raw: unknown, key: string): unknown[] | undefined {
  if (!given(raw)) return undefined;
  if (Array.isArray(raw)) return raw;
  c.fail([key], "INVALID_VALUE", raw, "must be a list", `write ${key} as a list`);
  return undefined;
}
