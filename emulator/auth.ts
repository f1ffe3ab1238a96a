// Access-token checks: who is calling (user, app of a project), with which scopes.
import { ApiError, denied, insufficientScopes, unauthenticated } from "./errors";
import { ProjectRec, UserRec } from "./model";
import { APP_APPROVAL_SCOPES, AuthMode, METHOD_SCOPES, Rpc } from "./scopes";
import { Store } from "./store";

export type Principal =
  | { kind: "user"; user: UserRec; project: ProjectRec; scopes: ReadonlySet<string> }
  | { kind: "app"; project: ProjectRec; scopes: ReadonlySet<string> };

/** Google answers 3599 s for a fresh token. */
export const TOKEN_LIFETIME_S = 3599;

export function authenticate(store: Store, header: string | undefined, now: number): Principal {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  if (!m) throw unauthenticated();
  const rec = store.accessTokens.get(m[1]!);
  if (!rec || rec.expiresAt <= now) throw unauthenticated();
  const project = store.projects.get(rec.project);
  if (!project) throw unauthenticated();
  const scopes = new Set(rec.scopes);
  if (rec.userId === undefined) return { kind: "app", project, scopes };
  const user = store.users.get(rec.userId);
  if (!user) throw unauthenticated();
  return { kind: "user", user, project, scopes };
}

export function authMode(p: Principal, useAdminAccess: boolean): AuthMode {
  if (useAdminAccess) return "admin";
  return p.kind;
}

/** Scope check, the first permission check (before any existence check). */
export function requireScopes(p: Principal, rpc: Rpc, useAdminAccess: boolean): AuthMode {
  const mode = authMode(p, useAdminAccess);
  if (mode === "admin" && p.kind === "app") {
    throw new ApiError(
      "PERMISSION_DENIED",
      "useAdminAccess requires user authentication of a Workspace administrator.",
    );
  }
  const allowed = METHOD_SCOPES[rpc]?.[mode] ?? [];
  if (!allowed.some((sc) => p.scopes.has(sc))) throw insufficientScopes();
  if (mode === "app" && !p.project.adminApproved) {
    const onlyApproval = allowed
      .filter((sc) => p.scopes.has(sc))
      .every((sc) => APP_APPROVAL_SCOPES.has(sc));
    if (onlyApproval) {
      throw denied(
        "This Chat app is not approved by a Workspace administrator for app authentication scopes.",
      );
    }
  }
  if (mode === "admin" && p.kind === "user" && !p.user.admin) {
    throw denied("The caller is not a Workspace administrator with the Chat-management privilege.");
  }
  return mode;
}

export function hasScope(p: Principal, scope: string): boolean {
  return p.scopes.has(scope);
}

export function principalLabel(p: Principal | undefined): string | undefined {
  if (!p) return undefined;
  return p.kind === "user" ? `users/${p.user.id}` : `app:${p.project.id}`;
}
