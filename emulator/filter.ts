// The spaces.members.list filter: `role` and `member.type` compared with = (and != for
// member.type), combined with AND / OR (AIP-160: OR binds tighter than AND) and parentheses.
import { invalid } from "./errors";

export type Field = "role" | "member.type";
export type Filter =
  { op: "cmp"; field: Field; neg: boolean; value: string } | { op: "and" | "or"; args: Filter[] };

const VALUES: Record<Field, string[]> = {
  // ROLE_ASSISTANT_MANAGER: UNCONFIRMED whether the filter accepts it; accepted here.
  role: ["ROLE_MEMBER", "ROLE_MANAGER", "ROLE_ASSISTANT_MANAGER"],
  "member.type": ["HUMAN", "BOT"],
};

const TOKEN = /\s*(\(|\)|!=|=|"[^"]*"|[A-Za-z_][A-Za-z0-9_.]*)/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw invalid(`Invalid filter "${src}": unexpected text at offset ${pos}.`);
    out.push(m[1]!);
    pos = TOKEN.lastIndex;
  }
  return out;
}

export function parseFilter(src: string): Filter {
  const toks = tokenize(src);
  let i = 0;
  const bad = (why: string) => invalid(`Invalid filter "${src}": ${why}.`);
  const peek = () => toks[i];
  const parseAnd = (): Filter => {
    const args = [parseOr()];
    while (peek() === "AND") {
      i++;
      args.push(parseOr());
    }
    return args.length === 1 ? args[0]! : { op: "and", args };
  };
  const parseOr = (): Filter => {
    const args = [parseTerm()];
    while (peek() === "OR") {
      i++;
      args.push(parseTerm());
    }
    return args.length === 1 ? args[0]! : { op: "or", args };
  };
  const parseTerm = (): Filter => {
    const t = toks[i++];
    if (t === "(") {
      const f = parseAnd();
      if (toks[i++] !== ")") throw bad("missing )");
      return f;
    }
    if (t !== "role" && t !== "member.type") {
      throw bad(`unknown field "${t ?? ""}" (use role or member.type)`);
    }
    const cmp = toks[i++];
    if (cmp !== "=" && cmp !== "!=") throw bad(`expected = or != after ${t}`);
    if (cmp === "!=" && t === "role") throw bad("role supports only the = operator");
    const raw = toks[i++] ?? "";
    const value = raw.startsWith('"') ? raw.slice(1, -1) : raw;
    if (!VALUES[t].includes(value)) {
      throw bad(`${t} must be one of ${VALUES[t].join(", ")}, got "${value}"`);
    }
    return { op: "cmp", field: t, neg: cmp === "!=", value };
  };
  const f = parseAnd();
  if (i !== toks.length) throw bad(`unexpected "${toks[i]}"`);
  checkContradictions(f, src);
  return f;
}

/** `member.type = "HUMAN" AND member.type = "BOT"` and the like can match nothing: rejected. */
function checkContradictions(f: Filter, src: string): void {
  if (f.op === "cmp") return;
  f.args.forEach((a) => checkContradictions(a, src));
  if (f.op !== "and") return;
  const eq = new Map<Field, string>();
  const ne = new Map<Field, Set<string>>();
  for (const a of f.args) {
    if (a.op !== "cmp") continue;
    if (a.neg) {
      if (!ne.has(a.field)) ne.set(a.field, new Set());
      ne.get(a.field)!.add(a.value);
    } else {
      const prev = eq.get(a.field);
      if (prev !== undefined && prev !== a.value) {
        throw invalid(`Invalid filter "${src}": ${a.field} cannot equal two values.`);
      }
      eq.set(a.field, a.value);
    }
  }
  for (const [field, v] of eq) {
    if (ne.get(field)?.has(v)) {
      throw invalid(`Invalid filter "${src}": ${field} = "${v}" contradicts ${field} != "${v}".`);
    }
  }
}

/** Admin access must filter to humans: a top-level `member.type = "HUMAN"` or `!= "BOT"`. */
export function checkAdminFilter(f: Filter | undefined): void {
  const top = !f ? [] : f.op === "and" ? f.args : [f];
  const ok = top.some(
    (a) =>
      a.op === "cmp" &&
      a.field === "member.type" &&
      ((!a.neg && a.value === "HUMAN") || (a.neg && a.value === "BOT")),
  );
  const mentionsBot = (g: Filter): boolean =>
    g.op === "cmp"
      ? g.field === "member.type" && !g.neg && g.value === "BOT"
      : g.args.some(mentionsBot);
  if (!ok || (f && mentionsBot(f))) {
    throw invalid(
      'With useAdminAccess the filter must contain member.type = "HUMAN" or member.type != "BOT".',
    );
  }
}

export interface Filterable {
  role: string;
  /** Undefined for group memberships. */
  type?: "HUMAN" | "BOT";
}

export function matches(f: Filter, m: Filterable): boolean {
  switch (f.op) {
    case "and":
      return f.args.every((a) => matches(a, m));
    case "or":
      return f.args.some((a) => matches(a, m));
    case "cmp": {
      // UNCONFIRMED: a group (no member.type) never matches = and always matches !=.
      const actual = f.field === "role" ? m.role : m.type;
      return f.neg ? actual !== f.value : actual === f.value;
    }
  }
}
