// Checks emulator responses against revision 20261107's discovery document (the installed
// google-api-python-client's chat.v1.json): every field must be documented, enums must be
// documented values (names, or their numbers under enum-encoding=int), nested messages are
// checked recursively. Errors must be google.rpc.Status with known detail types.
import { DiscoveryProperty, discovery } from "./discovery";

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
// Enum numbers for enum-encoding=int: the document gives names only, the protos shipped in
// @google-apps/chat give the numbers (found by the set of names).
const protoEnums: Record<string, number>[] = [];
(function collect(ns: Record<string, unknown>) {
  for (const v of Object.values(ns) as { values?: Record<string, number>; nested?: object }[]) {
    if (v.values) protoEnums.push(v.values);
    if (v.nested) collect(v.nested as Record<string, unknown>);
  }
})(
  (require("@google-apps/chat/build/protos/protos.json") as { nested: Record<string, unknown> })
    .nested,
);

function enumNumber(names: string[], v: unknown): boolean {
  const table = protoEnums.find((t) => names.every((n) => n in t));
  return (
    table !== undefined && Object.entries(table).some(([k, n]) => n === v && names.includes(k))
  );
}

export function validateMessage(schema: string, value: unknown, ints = false): string[] {
  return check(schema, value, "$", ints);
}

function check(schema: string, value: unknown, at: string, ints: boolean): string[] {
  const def = discovery().schemas[schema];
  if (!def) return [`${at}: no schema ${schema}`];
  if (!value || typeof value !== "object" || Array.isArray(value))
    return [`${at}: expected an object`];
  const errors: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const prop = def.properties?.[key];
    if (!prop) {
      errors.push(`${at}.${key}: ${schema} has no field "${key}"`);
      continue;
    }
    errors.push(...checkProperty(prop, v, `${at}.${key}`, ints));
  }
  return errors;
}

function checkProperty(p: DiscoveryProperty, v: unknown, at: string, ints: boolean): string[] {
  if (p.$ref) return check(p.$ref, v, at, ints);
  if (p.type === "array") {
    if (!Array.isArray(v)) return [`${at}: expected an array`];
    return v.flatMap((x, i) => checkProperty(p.items!, x, `${at}[${i}]`, ints));
  }
  if (p.enum) {
    if (ints) {
      return enumNumber(p.enum, v) ? [] : [`${at}: ${JSON.stringify(v)} is not an enum number`];
    }
    return typeof v === "string" && p.enum.includes(v)
      ? []
      : [`${at}: ${JSON.stringify(v)} is not one of ${p.enum.join(", ")}`];
  }
  switch (p.type) {
    case "string":
      if (typeof v !== "string") return [`${at}: expected a string`];
      if (p.format === "google-datetime" && !RFC3339.test(v))
        return [`${at}: not an RFC 3339 timestamp`];
      return [];
    case "boolean":
      return typeof v === "boolean" ? [] : [`${at}: expected a boolean`];
    case "integer":
      return typeof v === "number" && Number.isInteger(v) ? [] : [`${at}: expected an integer`];
    default:
      return [`${at}: unchecked type ${String(p.type)}`];
  }
}

const DETAIL_TYPES = new Set([
  "type.googleapis.com/google.rpc.ErrorInfo",
  "type.googleapis.com/google.rpc.BadRequest",
]);

/** Google's error body: {error: {code, message, status, details?}}. */
export function validateError(value: unknown): string[] {
  const e = (value as { error?: Record<string, unknown> })?.error;
  if (!e) return ["$: missing error"];
  const errors: string[] = [];
  for (const k of Object.keys(e)) {
    if (!["code", "message", "status", "details"].includes(k))
      errors.push(`$.error.${k}: not in google.rpc.Status`);
  }
  if (typeof e.code !== "number") errors.push("$.error.code: expected a number");
  if (typeof e.message !== "string") errors.push("$.error.message: expected a string");
  if (typeof e.status !== "string" || !/^[A-Z_]+$/.test(e.status))
    errors.push("$.error.status: expected a code name");
  if (e.details !== undefined) {
    if (!Array.isArray(e.details)) errors.push("$.error.details: expected an array");
    else
      for (const d of e.details as Record<string, unknown>[]) {
        if (!DETAIL_TYPES.has(String(d["@type"])))
          errors.push(`$.error.details: unknown @type ${String(d["@type"])}`);
        else if (d["@type"] === "type.googleapis.com/google.rpc.ErrorInfo") {
          if (typeof d.reason !== "string" || typeof d.domain !== "string")
            errors.push("$.error.details: bad ErrorInfo");
        } else if (
          !Array.isArray(d.fieldViolations) ||
          !(d.fieldViolations as Record<string, unknown>[]).every(
            (f) => typeof f.description === "string",
          )
        ) {
          errors.push("$.error.details: bad BadRequest");
        }
      }
  }
  return errors;
}

/** Which schema a response of the Chat REST API is, by the served method it answers. */
export function responseType(method: string, path: string): string | undefined {
  const p = path.replace(/^\/v1\//, "");
  if (p === "spaces" && method === "GET") return "ListSpacesResponse";
  if (p === "spaces:setup") return "Space";
  if (p === "spaces" && method === "POST") return "Space";
  if (p === "spaces:search") return "SearchSpacesResponse";
  if (/^spaces\/[^/]+$/.test(p)) return method === "DELETE" ? "Empty" : "Space";
  if (/^spaces\/[^/]+\/members$/.test(p)) {
    return method === "GET" ? "ListMembershipsResponse" : "Membership";
  }
  if (/^spaces\/[^/]+\/members\/.+$/.test(p)) return "Membership";
  if (/^spaces\/[^/]+\/spaceEvents$/.test(p)) return "ListSpaceEventsResponse";
  if (/^spaces\/[^/]+\/spaceEvents\/[^/]+$/.test(p)) return "SpaceEvent";
  return undefined;
}

/** Validates one HTTP exchange with the API; token responses are OAuth, not Chat, and skipped. */
export function validateExchange(
  method: string,
  url: string,
  status: number,
  body: unknown,
): string[] {
  const u = new URL(url);
  if (u.pathname === "/token" || u.pathname === "/tokeninfo") return [];
  const where = `${method} ${u.pathname}${u.search}`;
  if (status >= 400) return validateError(body).map((e) => `${where}: ${e}`);
  const type = responseType(method, u.pathname);
  if (!type) return [`${where}: no schema for this path`];
  const ints = /enum-encoding(=|%3D)int/i.test(u.search);
  return validateMessage(type, body, ints).map((e) => `${where}: ${e}`);
}
