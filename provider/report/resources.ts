import type { PreviewStep } from "./preview";

// Which of this package's resources a preview step is about, and its name. A dynamic provider's
// resources all have the type `pulumi-nodejs:dynamic[/module]:Type`; this package registers
// `googlechat:ChatSpaceMembers` / `googlechat:ChatMembership` / `googlechat:ChatSpace` as the module, so the kind is a
// segment of the type token, wherever a release puts it. Pure.

export type ResourceKind = "ChatSpaceMembers" | "ChatMembership" | "ChatSpace";

/** The type part of a URN (`urn:pulumi:stack::project::parent$type::name`), without parents. */
export function urnType(urn: string): string {
  const parts = urn.split("::");
  const qualified = parts[2] ?? "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}

/** The resource name: everything after the type (names may contain "::"). */
export function urnName(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

/** `urn:pulumi:{stack}::{project}::…` → stack and project. */
export function urnStack(urn: string): { stack: string; project: string } | undefined {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return m ? { stack: m[1]!, project: m[2]! } : undefined;
}

export function resourceKind(step: PreviewStep): ResourceKind | undefined {
  const types = [urnType(step.urn), step.newState?.type, step.oldState?.type];
  for (const t of types) {
    const segments = (t ?? "").split(/[:/]/);
    if (segments.includes("ChatSpaceMembers")) return "ChatSpaceMembers";
    if (segments.includes("ChatMembership")) return "ChatMembership";
    if (segments.includes("ChatSpace")) return "ChatSpace";
  }
  return undefined;
}
