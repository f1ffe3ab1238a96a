import type { PreviewJson, StepState } from "./preview";

// Who a member key names, for a reviewer. The state spells one user several ways — `users/{id}`,
// `users/{email}`, a plain email — across releases and across the old and new state of a step.
// Every email ↔ id pair the preview carries anywhere (ChatSpaceMembers' `resolved`, an email→id or
// id→email map of any other name, a ChatMembership's `member` and `memberName`) is collected, so
// a user is shown by email whenever one is known and two spellings of one user compare equal.
// Pure.

export interface MemberNames {
  /** One identity per member: `users/{id}` when known, else the normalised key. */
  identity(key: string): string;
  /** What a reviewer reads: the email when known, `groups/{id}`, `users/{id}` only without one. */
  show(key: string): string;
  /** Free text (a diagnostic) with every `users/{digits}` whose email is known replaced by it. */
  inText(text: string): string;
}

const ID = /^(?:users\/)?([0-9]{1,64})$/;

/** `users/Alice@X.com`, `alice@x.com` → `alice@x.com`; `123` → `users/123`; `app` → `users/app`. */
export function normalizeKey(key: string): string {
  const bare = key.startsWith("users/") ? key.slice("users/".length) : key;
  if (bare === "app") return "users/app";
  if (!bare.includes("/") && bare.includes("@")) return bare.toLowerCase();
  const id = ID.exec(key);
  return id ? `users/${id[1]}` : key;
}

const isEmail = (k: string) => !k.includes("/") && k.includes("@");
const isUserId = (k: string) => /^users\/[0-9]+$/.test(k);

function pairsOf(s: StepState | undefined, add: (email: string, id: string) => void) {
  const props = { ...s?.inputs, ...s?.outputs };
  const emails = new Set<string>();
  const ids = new Set<string>();
  for (const v of Object.values(props)) {
    if (typeof v === "string") {
      const n = normalizeKey(v);
      if (isEmail(n)) emails.add(n);
      else if (isUserId(n)) ids.add(n);
    } else if (v && typeof v === "object" && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x !== "string") continue;
        const [a, b] = [normalizeKey(k), normalizeKey(x)];
        if (isEmail(a) && isUserId(b)) add(a, b);
        else if (isUserId(a) && isEmail(b)) add(b, a);
      }
    }
  }
  // One member per resource (ChatMembership: `member` and `memberName`).
  if (emails.size === 1 && ids.size === 1) add([...emails][0]!, [...ids][0]!);
}

/** The names of every member the preview mentions; newer states win over older ones. */
export function memberNames(preview: PreviewJson): MemberNames {
  const emailOf = new Map<string, string>();
  const idOf = new Map<string, string>();
  const add = (email: string, id: string) => {
    emailOf.set(id, email);
    idOf.set(email, id);
  };
  for (const s of preview.steps) pairsOf(s.oldState, add);
  for (const s of preview.steps) pairsOf(s.newState, add);
  return {
    identity(key) {
      const n = normalizeKey(key);
      return (isEmail(n) ? idOf.get(n) : undefined) ?? n;
    },
    show(key) {
      const n = normalizeKey(key);
      return (isUserId(n) ? emailOf.get(n) : undefined) ?? n;
    },
    inText(text) {
      return text.replace(/\busers\/([0-9]{1,64})\b/g, (m) => emailOf.get(m) ?? m);
    },
  };
}
