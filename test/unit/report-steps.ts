// Preview steps for the report's unit tests, in the shape `pulumi preview --json` prints them
// (see test/unit/fixtures/report/*.json, captured from real runs).
import type { PreviewDiagnostic, PreviewJson, PreviewStep } from "../../provider/report";

export const SPACE = "spaces/AAAAdemo01";
const PREFIX = "urn:pulumi:prod::chat::pulumi-nodejs:dynamic/googlechat";
export const urnOf = (kind: "ChatSpaceMembers" | "ChatMembership", name: string) =>
  `${PREFIX}:${kind}:Resource::${name}`;

type Props = Record<string, unknown>;

/** The outputs a ChatSpaceMembers state has beyond its inputs. */
const OUTPUT_ONLY = ["resolved", "invited", "affiliation", "added", "caller"];
const inputsOf = (outputs: Props) =>
  Object.fromEntries(Object.entries(outputs).filter(([k]) => !OUTPUT_ONLY.includes(k)));

/** A ChatSpaceMembers update: old = the state (inputs and outputs), new = the checked inputs. */
export function spaceUpdate(
  name: string,
  old: { inputs?: Props; outputs: Props },
  next: Props,
): PreviewStep {
  const urn = urnOf("ChatSpaceMembers", name);
  const type = "pulumi-nodejs:dynamic/googlechat:ChatSpaceMembers:Resource";
  return {
    op: "update",
    urn,
    oldState: { urn, type, inputs: old.inputs ?? inputsOf(old.outputs), outputs: old.outputs },
    newState: { urn, type, inputs: next },
  };
}

export function step(
  op: string,
  kind: "ChatSpaceMembers" | "ChatMembership",
  name: string,
  states: { old?: { inputs?: Props; outputs?: Props }; next?: Props },
): PreviewStep {
  const urn = urnOf(kind, name);
  const type = `pulumi-nodejs:dynamic/googlechat:${kind}:Resource`;
  return {
    op,
    urn,
    ...(states.old ? { oldState: { urn, type, ...states.old } } : {}),
    ...(states.next ? { newState: { urn, type, inputs: states.next } } : {}),
  };
}

export const preview = (
  steps: PreviewStep[],
  diagnostics: PreviewDiagnostic[] = [],
): PreviewJson => ({ steps, diagnostics });

export const settings = {
  space: SPACE,
  mode: "authoritative",
  ignore: [],
  maxRemovals: 5,
  useAdminAccess: false,
  removeOnDestroy: false,
};
