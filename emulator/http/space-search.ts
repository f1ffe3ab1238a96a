// spaces.search — GET /v1/spaces:search — with the query grammar revision 20261107 documents:
// terms joined by AND; `display_name:"text"` (each token prefix-matched, case-insensitively);
// `external_user_allowed`, `space_type`, and with useAdminAccess also `customer` (required),
// `space_history_state`, `create_time` and `last_active_time` (=, <, >, <=, >=).
import { requireScopes } from "../auth";
import { fieldError } from "../errors";
import { SpaceRec } from "../model";
import { decodePageToken, encodePageToken, pageSize } from "../pagetoken";
import { renderSpace } from "../render";
import { ApiCtx, boolParam, Reply, spaceView } from "./context";

type Test = (s: SpaceRec) => boolean;

const USER_FIELDS = ["display_name", "external_user_allowed", "space_type"];
const ADMIN_FIELDS = [
  ...USER_FIELDS,
  "customer",
  "space_history_state",
  "create_time",
  "last_active_time",
];

const unquote = (v: string) => v.trim().replace(/^"(.*)"$/, "$1");

function tokensMatch(query: string, name: string | undefined): boolean {
  const words = (name ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((t) => words.some((w) => w.startsWith(t)));
}

function compareTime(op: string, have: string | undefined, want: string): boolean {
  if (!have) return false;
  const a = Date.parse(have);
  const b = Date.parse(want);
  return op === "="
    ? a === b
    : op === "<"
      ? a < b
      : op === ">"
        ? a > b
        : op === "<="
          ? a <= b
          : a >= b;
}

function parseQuery(src: string, admin: boolean): { tests: Test[]; customer: boolean } {
  const tests: Test[] = [];
  let customer = false;
  const allowed = admin ? ADMIN_FIELDS : USER_FIELDS;
  for (const raw of src.split(/\s+AND\s+/i)) {
    const term = raw.trim();
    if (!term) continue;
    const m = /^([a-z_]+)\s*(<=|>=|=|<|>|:)\s*(.+)$/.exec(term);
    if (!m) throw fieldError("query", `Cannot parse "${term}": use field = "value" joined by AND.`);
    const [, field, op, value] = m as unknown as [string, string, string, string];
    if (!allowed.includes(field)) {
      throw fieldError(
        "query",
        `${field} is not searchable${admin ? "" : " without useAdminAccess"} (${allowed.join(", ")}).`,
      );
    }
    const v = unquote(value);
    if (field === "display_name") {
      if (op !== ":")
        throw fieldError("query", 'display_name takes only the HAS operator: display_name:"text".');
      tests.push((s) => tokensMatch(v, s.displayName));
    } else if (field === "create_time" || field === "last_active_time") {
      if (op === ":" || Number.isNaN(Date.parse(v))) {
        throw fieldError("query", `${field} takes an RFC 3339 timestamp with =, <, >, <= or >=.`);
      }
      tests.push((s) => compareTime(op, s.createTime, v));
    } else {
      if (op !== "=") throw fieldError("query", `${field} takes only =.`);
      if (field === "customer") {
        if (v !== "customers/my_customer")
          throw fieldError("query", 'customer must be "customers/my_customer".');
        customer = true;
      } else if (field === "space_type") {
        if (v !== "SPACE") throw fieldError("query", 'space_type must be "SPACE".');
        tests.push((s) => s.spaceType === "SPACE");
      } else if (field === "external_user_allowed") {
        if (v !== "true" && v !== "false")
          throw fieldError("query", "external_user_allowed must be true or false.");
        tests.push((s) => s.externalUserAllowed === (v === "true"));
      } else if (field === "space_history_state") {
        if (v !== "HISTORY_ON" && v !== "HISTORY_OFF")
          throw fieldError("query", "space_history_state must be HISTORY_ON or HISTORY_OFF.");
        tests.push((s) => (s.historyState ?? "HISTORY_ON") === v);
      }
    }
  }
  return { tests, customer };
}

const ADMIN_ORDER = [
  "membership_count.joined_direct_human_user_count",
  "last_active_time",
  "create_time",
];

function readOrder(src: string, admin: boolean): (a: SpaceRec, b: SpaceRec) => number {
  const byId = (a: SpaceRec, b: SpaceRec) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  if (!src.trim()) return byId;
  const [field = "", dir = "ASC", ...rest] = src.trim().split(/\s+/);
  const ok = admin
    ? ADMIN_ORDER.includes(field) && (dir === "ASC" || dir === "DESC")
    : (field === "create_time" || field === "relevance") && dir === "DESC";
  if (!ok || rest.length) {
    throw fieldError(
      "order_by",
      admin
        ? `Use one of ${ADMIN_ORDER.join(", ")} with ASC or DESC.`
        : "Without useAdminAccess only create_time DESC and relevance DESC are supported.",
    );
  }
  const sign = dir === "DESC" ? -1 : 1;
  // UNCONFIRMED: relevance without a text index orders like create_time; member counts not kept.
  return (a, b) => sign * (Date.parse(a.createTime) - Date.parse(b.createTime)) || byId(a, b);
}

export function searchSpaces(ctx: ApiCtx): Reply {
  const { store, principal, query } = ctx;
  const admin = boolParam(query, "useAdminAccess");
  requireScopes(principal, "spaces.search", admin);
  const src = query.get("query") ?? "";
  if (!src.trim()) throw fieldError("query", "Required: a search query.");
  const { tests, customer } = parseQuery(src, admin);
  if (admin && !customer)
    throw fieldError(
      "query",
      'With useAdminAccess the query must contain customer = "customers/my_customer".',
    );
  const orderSrc = query.get("orderBy") ?? "";
  const order = readOrder(orderSrc, admin);
  // Documented: at most 100 without admin access, 1,000 with it; larger is clamped.
  const size = Math.min(pageSize(query.get("pageSize") ?? undefined), admin ? 1000 : 100);
  const key = principal.kind === "user" ? principal.user.id : "";
  const hits = [...store.spaces.values()]
    .filter((s) => s.spaceType === "SPACE")
    .filter((s) => admin || store.spaceMembers(s.id).get(key)?.state === "JOINED")
    .filter((s) => tests.every((t) => t(s)))
    .sort(order);
  const binding = { filterSrc: `${src}|${orderSrc}|${admin}` };
  const after = decodePageToken(query.get("pageToken") ?? undefined, binding);
  const start = after === undefined ? 0 : Number(after);
  const page = hits.slice(start, start + size);
  const out: Record<string, unknown> = {};
  const v = spaceView(ctx);
  const rendered = page.map((s) => renderSpace(store, s, v));
  if (rendered.length) out.results = rendered.map((space) => ({ space }));
  // Documented: the deprecated spaces[], nextPageToken and totalSize only with useAdminAccess.
  if (admin) {
    if (rendered.length) out.spaces = rendered;
    if (start + size < hits.length)
      out.nextPageToken = encodePageToken(String(start + size), binding);
    out.totalSize = hits.length;
  }
  return { body: out };
}
