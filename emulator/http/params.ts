// Query-parameter binding, as Google's front end does it: each method binds the request-message
// fields its discovery document lists (JSON or proto name), plus the system parameters every
// method takes; anything else is "Cannot bind query parameter". Errors are values.
import { FieldViolation } from "../errors";
import { protoName } from "../schema/messages";
import { Rpc } from "../scopes";

type ParamType = "string" | "bool" | "int32" | "fieldmask";

/** Query parameters per served method (revision 20261107; the conformance test compares). */
export const METHOD_PARAMS: Record<string, Record<string, ParamType>> = {
  "spaces.members.create": { useAdminAccess: "bool" },
  "spaces.members.list": {
    pageSize: "int32",
    pageToken: "string",
    filter: "string",
    showGroups: "bool",
    showInvited: "bool",
    useAdminAccess: "bool",
  },
  "spaces.members.get": { useAdminAccess: "bool" },
  "spaces.members.patch": { updateMask: "fieldmask", useAdminAccess: "bool" },
  "spaces.members.delete": { useAdminAccess: "bool" },
  "spaces.get": { useAdminAccess: "bool" },
  "spaces.list": { pageSize: "int32", pageToken: "string", filter: "string" },
  "spaces.setup": {},
  "spaces.spaceEvents.list": { pageSize: "int32", pageToken: "string", filter: "string" },
  "spaces.spaceEvents.get": {},
  "spaces.create": { requestId: "string" },
  "spaces.patch": { updateMask: "fieldmask", useAdminAccess: "bool" },
  "spaces.delete": { useAdminAccess: "bool" },
  "spaces.search": {
    orderBy: "string",
    pageSize: "int32",
    pageToken: "string",
    query: "string",
    useAdminAccess: "bool",
  },
};

/** The discovery document's top-level `parameters`, accepted on every method (also `$name`). */
export const SYSTEM_PARAMS: Record<string, "string" | "bool" | readonly string[]> = {
  "$.xgafv": ["1", "2"],
  access_token: "string",
  alt: ["json", "media", "proto"],
  callback: "string",
  fields: "string",
  key: "string",
  oauth_token: "string",
  prettyPrint: "bool",
  quotaUser: "string",
  uploadType: "string",
  upload_protocol: "string",
};

export interface BoundQuery {
  /** The method's parameters under their JSON names, values checked. */
  params: URLSearchParams;
  /** `alt=json;enum-encoding=int`: enums as numbers. */
  ints: boolean;
  /** `alt=media` / `alt=proto`: a format the emulator does not produce. */
  alt?: string;
  /** `access_token` / `oauth_token`: a credential in the URL. */
  accessToken?: string;
}

export type BindResult =
  { ok: true; query: BoundQuery } | { ok: false; violations: FieldViolation[] };

const INT32 = /^-?\d+$/;
const BOOL = new Set(["true", "false", "1", "0"]);

function invalidValue(field: string, type: string, v: string): FieldViolation {
  return { field, description: `Invalid value at '${field}' (${type}), ${JSON.stringify(v)}` };
}

function checkParam(name: string, type: ParamType, v: string): FieldViolation | undefined {
  const field = protoName(name);
  if (type === "int32") {
    const n = INT32.test(v) ? Number(v) : NaN;
    if (!(n >= -(2 ** 31) && n <= 2 ** 31 - 1)) return invalidValue(field, "TYPE_INT32", v);
  }
  if (type === "bool" && !BOOL.has(v)) return invalidValue(field, "TYPE_BOOL", v);
  return undefined;
}

export function bindQuery(rpc: Rpc, query: URLSearchParams): BindResult {
  const allowed = METHOD_PARAMS[rpc] ?? {};
  const byProto = new Map(Object.keys(allowed).map((k) => [protoName(k), k]));
  const violations: FieldViolation[] = [];
  const out: BoundQuery = { params: new URLSearchParams(), ints: false };
  for (const [key, v] of query) {
    const json = key in allowed ? key : byProto.get(key);
    if (json !== undefined) {
      const bad = checkParam(json, allowed[json]!, v);
      if (bad) violations.push(bad);
      else out.params.append(json, v);
      continue;
    }
    const sys = key === "$.xgafv" ? key : key.replace(/^\$/, "");
    const spec = SYSTEM_PARAMS[sys];
    if (spec === undefined) {
      const description = `Invalid JSON payload received. Unknown name ${JSON.stringify(key)}: Cannot bind query parameter. Field '${key}' could not be found in request message.`;
      violations.push({ description });
      continue;
    }
    if (sys === "alt") {
      // `json;enum-encoding=int` is what Google's gRPC-fallback clients ask for.
      const [base, ...opts] = v.split(";");
      const okOpts = opts.every((o) => /^enum-encoding=(int|string)$/.test(o.trim()));
      if (!spec.includes(base!) || !okOpts) violations.push(invalidValue(sys, "TYPE_ENUM", v));
      if (opts.some((o) => o.trim() === "enum-encoding=int")) out.ints = true;
      if (base !== "json") out.alt = base;
    } else if (Array.isArray(spec) && !spec.includes(v)) {
      violations.push(invalidValue(sys, "TYPE_ENUM", v));
    } else if (spec === "bool" && !BOOL.has(v)) {
      violations.push(invalidValue(sys, "TYPE_BOOL", v));
    }
    if (sys === "access_token" || sys === "oauth_token") out.accessToken = v;
  }
  return violations.length ? { ok: false, violations } : { ok: true, query: out };
}
