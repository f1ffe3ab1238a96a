import { Principal } from "../auth";
import { invalid } from "../errors";
import { profileVisibility } from "../profile";
import { SpaceView, View } from "../render";
import { SCOPE_PREFIX } from "../scopes";
import { ApiRevision } from "../revision";
import { Store } from "../store";

export interface Settings {
  /** Documented limits have moved (8,000 / 50,000 / 500,000): a setting. */
  spaceMemberLimit: number;
  /** Which revision's Membership fields to send; the control API can change it at runtime. */
  apiRevision: ApiRevision;
}

export interface ApiCtx {
  store: Store;
  principal: Principal;
  query: URLSearchParams;
  body: Record<string, unknown>;
  now: Date;
  /** `$alt=json;enum-encoding=int`. */
  ints: boolean;
  settings: Settings;
}

export interface Reply {
  status?: number;
  body: unknown;
  /** The handler changed state: persist before answering. */
  mutated?: boolean;
}

export function boolParam(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  if (v === null || v === "" || v === "false" || v === "0") return false;
  if (v === "true" || v === "1") return true;
  throw invalid(`Invalid value at '${name}' (TYPE_BOOL), "${v}"`);
}

/** How resources are rendered for this caller (enum encoding, revision, profile visibility). */
export function apiView(ctx: ApiCtx): View {
  const p = ctx.principal;
  return {
    ints: ctx.ints,
    revision: ctx.settings.apiRevision,
    audience:
      p.kind === "app"
        ? { kind: "app" }
        : { kind: "user", sees: profileVisibility(ctx.store, p.user.id) },
  };
}

export function spaceView(ctx: ApiCtx): SpaceView {
  const p = ctx.principal;
  if (p.kind !== "app") return { ints: ctx.ints };
  const appSpacesScope = p.scopes.has(SCOPE_PREFIX + "chat.app.spaces");
  return { ints: ctx.ints, app: { project: p.project.id, appSpacesScope } };
}
