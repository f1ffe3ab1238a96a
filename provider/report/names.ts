import { label } from "../core/identity";
import { storedView } from "../core/stored-view";
import type { PreviewJson, StepState } from "./preview";

// Who a member key names, for a reviewer. States spell one user several ways across releases and
// across the old and new side of a step: `users/{id}`, `users/{email}` (0.1.0), a plain email or
// `Display Name (users/{id})` (the current roster labels). Every email ↔ id pair and id → display
// name the preview carries anywhere is collected — ChatSpaceMembers' `__view.ids` (a list beside
// each side's roster; before, a map; in 0.1.0, `resolved`), a ChatMembership's `member`/`email` and `memberName`/`displayName` — so a user is
// shown as core's label() shows them (the email, else name and id) and two spellings of one user
// compare equal. Pure.

export interface MemberNames {
  /** One identity per member: `users/{id}` when known, else the normalised key. */
  identity(key: string): string;
  /** What a reviewer reads: the email when known, else the display name and id, else the key. */
  show(key: string): string;
  /** Free text (a diagnostic) with every `users/{digits}` whose email is known replaced by it. */
  inText(text: string): string;
}

const USER_ID = /^(?:users\/)?([0-9]{1,64})$/;
const NAMED_ID = /^(.+) \((users\/[0-9]{1,64})\)$/;

interface Key {
  readonly email?: string;
  readonly id?: string;
  readonly displayName?: string;
  /** The key normalised: `users/Alice@X.com` → `alice@x.com`, `123` → `users/123`. */
  readonly text: string;
}

/** What a key says about its member, in every spelling a release wrote. */
export function parseKey(key: string): Key {
  const named = NAMED_ID.exec(key);
  if (named) return { id: named[2]!, displayName: named[1]!, text: key };
  const bare = key.startsWith("users/") ? key.slice("users/".length) : key;
  if (bare === "app") return { text: "users/app" };
  if (!bare.includes("/") && bare.includes("@")) {
    const email = bare.toLowerCase();
    return { email, text: email };
  }
  const id = USER_ID.exec(key);
  return id ? { id: `users/${id[1]}`, text: `users/${id[1]}` } : { text: key };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

class Book {
  readonly emailOf = new Map<string, string>();
  readonly idOf = new Map<string, string>();
  readonly nameOf = new Map<string, string>();

  pair(a: Key, b: Key) {
    const email = a.email ?? b.email;
    const id = a.id ?? b.id;
    if (email && id && !(a.email && b.email) && !(a.id && b.id)) {
      this.emailOf.set(id, email);
      this.idOf.set(email, id);
    }
  }

  /** Maps of any name, nested up to `depth` levels (e.g. `__view.ids`, `resolved`). */
  scan(v: Record<string, unknown>, depth: number) {
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === "string") this.pair(parseKey(k), parseKey(x));
      else if (isObject(x) && depth > 0) this.scan(x, depth - 1);
      const named = NAMED_ID.exec(k);
      if (named) this.nameOf.set(named[2]!, named[1]!);
    }
  }

  /** One resource's own member (ChatMembership): its email, id and display name side by side. */
  own(props: Record<string, unknown>) {
    const keys = Object.values(props)
      .filter((v): v is string => typeof v === "string")
      .map(parseKey);
    const emails = new Set(keys.flatMap((k) => (k.email ? [k.email] : [])));
    const ids = new Set(keys.flatMap((k) => (k.id ? [k.id] : [])));
    if (ids.size !== 1) return;
    const id = [...ids][0]!;
    if (emails.size === 1) this.pair({ text: "", email: [...emails][0]! }, { text: id, id });
    if (typeof props.displayName === "string" && props.displayName)
      this.nameOf.set(id, props.displayName);
  }

  /** ChatSpaceMembers' `__view.ids` as a list, which follows the emails of its side's roster. */
  view(side: Record<string, unknown> | undefined) {
    const v = side?.__view;
    if (!side || !isObject(v) || !Array.isArray(v.ids)) return;
    for (const m of storedView("", side).members)
      if (m.email) this.pair(parseKey(m.email), parseKey(m.id));
  }

  add(s: StepState | undefined) {
    this.view(s?.inputs);
    this.view(s?.outputs);
    const props = { ...s?.inputs, ...s?.outputs };
    this.scan(props, 2);
    this.own(props);
  }
}

/** The names of every member the preview mentions; newer states win over older ones. */
export function memberNames(preview: PreviewJson): MemberNames {
  const book = new Book();
  for (const s of preview.steps) book.add(s.oldState);
  for (const s of preview.steps) book.add(s.newState);
  const person = (id: string) => {
    const email = book.emailOf.get(id);
    const displayName = book.nameOf.get(id);
    return label({ id, ...(email ? { email } : {}), ...(displayName ? { displayName } : {}) });
  };
  return {
    identity(key) {
      const k = parseKey(key);
      return k.id ?? (k.email ? (book.idOf.get(k.email) ?? k.email) : k.text);
    },
    show(key) {
      const k = parseKey(key);
      return k.email ?? (k.id ? person(k.id) : k.text);
    },
    inText(text) {
      return text.replace(/\busers\/([0-9]{1,64})\b/g, (m) => book.emailOf.get(m) ?? m);
    },
  };
}
