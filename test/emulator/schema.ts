// Checks emulator responses against the Chat API's own definition: the protos shipped in
// @google-apps/chat. Every field must exist in the message, enums must be defined values (names,
// or numbers under enum-encoding=int), nested messages are checked recursively.
import * as protobuf from "protobufjs";

const root = protobuf.Root.fromJSON(require("@google-apps/chat/build/protos/protos.json"));
// The protos in @google-apps/chat predate revision 20261107: add the User fields it documents
// (field numbers are irrelevant to JSON checks). The conformance test checks the discovery document.
const user = root.lookupType("google.chat.v1.User");
user.add(new protobuf.Field("email", 1001, "string"));
user.add(new protobuf.Field("avatarUrl", 1002, "string"));
root.resolveAll();

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

export function validateMessage(typeName: string, value: unknown, ints = false): string[] {
  return check(root.lookupType(typeName), value, "$", ints);
}

function check(type: protobuf.Type, value: unknown, at: string, ints: boolean): string[] {
  if (type.fullName === ".google.protobuf.Timestamp") {
    return typeof value === "string" && RFC3339.test(value)
      ? []
      : [`${at}: not an RFC 3339 timestamp`];
  }
  if (!value || typeof value !== "object" || Array.isArray(value))
    return [`${at}: expected an object`];
  const errors: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const field = type.fields[key];
    if (!field) {
      errors.push(`${at}.${key}: ${type.name} has no field "${key}"`);
      continue;
    }
    if (field.repeated) {
      if (!Array.isArray(v)) errors.push(`${at}.${key}: expected an array`);
      else v.forEach((x, i) => errors.push(...checkField(field, x, `${at}.${key}[${i}]`, ints)));
    } else {
      errors.push(...checkField(field, v, `${at}.${key}`, ints));
    }
  }
  for (const oneof of type.oneofsArray) {
    const set = oneof.fieldsArray.filter(
      (f) => (value as Record<string, unknown>)[f.name] !== undefined,
    );
    if (set.length > 1)
      errors.push(`${at}: oneof ${oneof.name} has ${set.map((f) => f.name).join(" and ")}`);
  }
  return errors;
}

function checkField(field: protobuf.Field, v: unknown, at: string, ints: boolean): string[] {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Enum) {
    if (ints) {
      return typeof v === "number" && Object.values(rt.values).includes(v)
        ? []
        : [`${at}: ${JSON.stringify(v)} is not a ${rt.name} number`];
    }
    return typeof v === "string" && v in rt.values
      ? []
      : [`${at}: ${JSON.stringify(v)} is not a ${rt.name} value`];
  }
  if (rt instanceof protobuf.Type) return check(rt, v, at, ints);
  switch (field.type) {
    case "string":
      return typeof v === "string" ? [] : [`${at}: expected a string`];
    case "bool":
      return typeof v === "boolean" ? [] : [`${at}: expected a boolean`];
    case "int32":
    case "uint32":
    case "double":
    case "float":
      return typeof v === "number" ? [] : [`${at}: expected a number`];
    case "int64":
    case "uint64":
      return typeof v === "string" || typeof v === "number" ? [] : [`${at}: expected an int64`];
    default:
      return [`${at}: unchecked type ${field.type}`];
  }
}

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
        if (d["@type"] !== "type.googleapis.com/google.rpc.ErrorInfo")
          errors.push("$.error.details: unknown @type");
        else if (typeof d.reason !== "string" || typeof d.domain !== "string")
          errors.push("$.error.details: bad ErrorInfo");
      }
  }
  return errors;
}

/** Which message a response of the Chat REST API carries. */
export function responseType(method: string, path: string): string | undefined {
  const p = path.replace(/^\/v1\//, "");
  if (p === "spaces" && method === "GET") return "google.chat.v1.ListSpacesResponse";
  if (p === "spaces:setup") return "google.chat.v1.Space";
  if (/^spaces\/[^/]+$/.test(p)) return "google.chat.v1.Space";
  if (/^spaces\/[^/]+\/members$/.test(p)) {
    return method === "GET"
      ? "google.chat.v1.ListMembershipsResponse"
      : "google.chat.v1.Membership";
  }
  if (/^spaces\/[^/]+\/members\/.+$/.test(p)) return "google.chat.v1.Membership";
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
  if (u.pathname === "/token") return [];
  const where = `${method} ${u.pathname}${u.search}`;
  if (status >= 400) return validateError(body).map((e) => `${where}: ${e}`);
  const type = responseType(method, u.pathname);
  if (!type) return [`${where}: no schema for this path`];
  const ints = /enum-encoding(=|%3D)int/i.test(u.search);
  return validateMessage(type, body, ints).map((e) => `${where}: ${e}`);
}
