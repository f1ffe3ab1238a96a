import { UNKNOWN } from "../pulumi/unknown";
import { parseKey, type MemberNames } from "./names";
import type { PreviewStep, StepState } from "./preview";
import { resourceKind, urnName } from "./resources";

// The raw diff of each changing step of this package's resources, as the state spells it (keys
// and role values untouched), in `diff` notation: `+` added, `-` removed, `~` changed. A key
// that is a bare `users/{id}` gets the email as a trailing comment when the preview knows it.
// Maps are diffed per key, anything else as a whole. Pure.

const SYMBOL: Readonly<Record<string, string>> = {
  create: "+",
  "create-replacement": "+",
  delete: "-",
  "delete-replaced": "-",
  replace: "+-",
  update: "~",
};

type Props = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const show = (v: unknown) =>
  v === UNKNOWN ? "(known after up)" : (JSON.stringify(v) ?? "undefined");

/** The properties a side of a step shows: inputs, with the outputs' view of them when present. */
function view(s: StepState | undefined, keys: readonly string[]): Props {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = s?.outputs?.[k] !== undefined ? s.outputs[k] : s?.inputs?.[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function propertyLines(key: string, from: unknown, to: unknown, names: MemberNames): string[] {
  // A key naming a user by id only gets the email, when known, as a comment.
  const who = (k: string) => {
    const name = names.show(k);
    return parseKey(k).id && !k.includes("@") && name.includes("@") ? `   # ${name}` : "";
  };
  const mapLike = (v: unknown) => v === undefined || isObject(v);
  if (mapLike(from) && mapLike(to) && (isObject(from) || isObject(to))) {
    const [before, after] = [(from ?? {}) as Props, (to ?? {}) as Props];
    const lines: string[] = [];
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const [a, b] = [before[k], after[k]];
      if (a === undefined) lines.push(`+         ${k}: ${show(b)}${who(k)}`);
      else if (b === undefined) lines.push(`-         ${k}: ${show(a)}${who(k)}`);
      else if (show(a) !== show(b)) lines.push(`~         ${k}: ${show(a)} => ${show(b)}${who(k)}`);
    }
    const symbol = from === undefined ? "+" : to === undefined ? "-" : "~";
    return lines.length > 0 ? [`${symbol}     ${key}:`, ...lines] : [];
  }
  if (show(from) === show(to)) return [];
  if (from === undefined) return [`+     ${key}: ${show(to)}`];
  if (to === undefined) return [`-     ${key}: ${show(from)}`];
  return [`~     ${key}: ${show(from)} => ${show(to)}`];
}

/** Diff lines for every step of a ChatSpaceMembers or ChatMembership that changes something. */
export function rawDiff(steps: readonly PreviewStep[], names: MemberNames): string[] {
  const lines: string[] = [];
  for (const step of steps) {
    const kind = resourceKind(step);
    const symbol = SYMBOL[step.op];
    if (!kind || !symbol) continue;
    const old = step.op.startsWith("create") ? undefined : step.oldState;
    const next = step.op.startsWith("delete") ? undefined : step.newState;
    const keys = [
      ...new Set([...Object.keys(old?.inputs ?? {}), ...Object.keys(next?.inputs ?? {})]),
    ].filter((k) => !k.startsWith("__"));
    const [a, b] = [view(old, keys), next?.inputs ?? {}];
    lines.push(`${symbol} ${kind} ${urnName(step.urn)} (${step.op})`);
    for (const k of keys) lines.push(...propertyLines(k, a[k], b[k], names));
  }
  return lines;
}
