// A strict proto3 JSON reader, as Google's front end reads request bodies: unknown fields at any
// depth and values of the wrong type are violations (all reported at once, named by proto path);
// `null` means unset; both the JSON name and the proto name of a field are accepted; enums come
// back as names. Errors are values: the caller turns violations into a 400.
import { FieldViolation } from "../errors";
import { ENUMS, EnumName, enumFromWire } from "./enums";
import { MESSAGES, fieldType, protoName } from "./messages";

export type ReadResult =
  { ok: true; value: Record<string, unknown> } | { ok: false; violations: FieldViolation[] };

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Reads `value` as message `message`. `root` is the request field the body binds to
 * (`membership` for `body: "membership"`; empty for `body: "*"`), the start of every path.
 */
export function readMessage(message: string, value: unknown, root: string): ReadResult {
  const violations: FieldViolation[] = [];
  const out = readInto(message, value, root, violations);
  return violations.length ? { ok: false, violations } : { ok: true, value: out ?? {} };
}

function invalidValue(at: string, typeLabel: string, v: unknown): FieldViolation {
  const description = `Invalid value at '${at}' (${typeLabel}), ${JSON.stringify(v)}`;
  return { field: at, description };
}

function readInto(
  message: string,
  value: unknown,
  at: string,
  violations: FieldViolation[],
): Record<string, unknown> | undefined {
  const def = MESSAGES[message]!;
  if (!isObject(value)) {
    violations.push(invalidValue(at, `type.googleapis.com/${def.proto}`, value));
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const json = key in def.fields ? key : jsonNameOf(def.fields, key);
    if (json === undefined) {
      const where = at ? ` at '${at}'` : "";
      violations.push({
        ...(at ? { field: at } : {}),
        description: `Invalid JSON payload received. Unknown name ${JSON.stringify(key)}${where}: Cannot find field.`,
      });
      continue;
    }
    if (v === null) continue; // proto3 JSON: null is the default value, i.e. unset
    const path = at ? `${at}.${protoName(json)}` : protoName(json);
    const t = fieldType(def.fields[json]!);
    if (t.repeated) {
      if (!Array.isArray(v)) {
        violations.push(invalidValue(path, typeLabel(t.kind, t.name), v));
        continue;
      }
      out[json] = v.map((x, i) => readValue(t.kind, t.name, x, `${path}[${i}]`, violations));
    } else {
      out[json] = readValue(t.kind, t.name, v, path, violations);
    }
  }
  return out;
}

function jsonNameOf(fields: Record<string, string>, key: string): string | undefined {
  return Object.keys(fields).find((f) => protoName(f) === key);
}

function typeLabel(kind: string, name: string): string {
  if (kind === "message") return `type.googleapis.com/${MESSAGES[name]!.proto}`;
  if (kind === "enum") return `type.googleapis.com/${ENUMS[name as EnumName].proto}`;
  if (name === "timestamp") return "type.googleapis.com/google.protobuf.Timestamp";
  if (name === "fieldmask") return "type.googleapis.com/google.protobuf.FieldMask";
  return `TYPE_${name.toUpperCase()}`;
}

function readValue(
  kind: string,
  name: string,
  v: unknown,
  at: string,
  violations: FieldViolation[],
): unknown {
  if (kind === "message") return readInto(name, v, at, violations);
  const bad = () => {
    violations.push(invalidValue(at, typeLabel(kind, name), v));
    return undefined;
  };
  if (kind === "enum") return enumFromWire(name as EnumName, v) ?? bad();
  switch (name) {
    case "string":
    case "fieldmask":
      return typeof v === "string" ? v : bad();
    case "bool":
      return typeof v === "boolean" ? v : bad();
    case "int32": {
      // proto3 JSON takes numbers and numeric strings for integers.
      const n = typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v;
      return typeof n === "number" && Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX
        ? n
        : bad();
    }
    case "timestamp":
      return typeof v === "string" && RFC3339.test(v) && !isNaN(Date.parse(v)) ? v : bad();
    default:
      return bad();
  }
}
