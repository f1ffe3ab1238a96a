import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type * as pulumiProvider from "@pulumi/pulumi/provider";
import { SpaceClaims } from "../core/conflicts";
import { UNKNOWN } from "../pulumi/unknown";
import { setLogSink } from "../pulumi/session";
import { interceptConfigure } from "./configure";
import { engineLogSink, forResource } from "./engine-log";
import { schemaText, TYPES } from "./schema";

// The `googlechat` resource plugin: the provider protocol served by `@pulumi/pulumi/provider`
// over the very methods the dynamic provider runs (pulumi/runtime.ts). It only routes each call
// by resource type; every behaviour lives in the shared layers below.

type Methods = typeof import("../pulumi/runtime").membership;

/** This package's version (package.json), from source or from dist. */
export function packageVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (pkg.name === "pulumi-googlechat-members" && pkg.version) return pkg.version;
  }
  throw new Error("pulumi-resource-googlechat: cannot find this package's package.json");
}

/** The type token of a URN (`urn:pulumi:stack::project::parent$type::name`). */
export function typeOf(urn: string): string {
  return (urn.split("::")[2] ?? "").split("$").pop() ?? "";
}

/**
 * The space a resource claims (core/conflicts.ts): a ChatSpaceMembers in authoritative mode
 * claims it alone. A space not known yet (preview) claims nothing.
 */
function claim(claims: SpaceClaims, urn: string, news: Record<string, unknown>) {
  const type = typeOf(urn);
  // A ChatSpace makes its space; it claims none.
  if (type === TYPES.space) return undefined;
  if (typeof news.space !== "string" || news.space === UNKNOWN) return undefined;
  const kind = type === TYPES.spaceMembers ? "ChatSpaceMembers" : "ChatMembership";
  return claims.claim(news.space, {
    resource: `${kind} "${urn.split("::").pop()}"`,
    authoritative: type === TYPES.spaceMembers && news.mode === "authoritative",
  });
}

export function pluginProvider(
  runtime: Pick<typeof import("../pulumi/runtime"), "membership" | "spaceMembers" | "space">,
  version: string,
): pulumiProvider.Provider {
  const byType: Record<string, Methods> = {
    [TYPES.membership]: runtime.membership,
    [TYPES.spaceMembers]: runtime.spaceMembers as unknown as Methods,
    [TYPES.space]: runtime.space as unknown as Methods,
  };
  const methods = (urn: string): Methods => {
    const m = byType[typeOf(urn)];
    if (!m)
      throw new Error(
        `googlechat: unknown resource type ${typeOf(urn)}; this plugin serves ${Object.keys(byType).join(", ")}`,
      );
    return m;
  };
  const schema = schemaText(version);
  // One plugin process serves one stack's run: it sees every resource's check.
  const claims = new SpaceClaims();
  return {
    version,
    schema,
    check: (urn, olds, news) =>
      forResource(urn, async () => {
        const clash = claim(claims, urn, news ?? {});
        if (clash)
          return { failures: [{ property: "space", reason: `${clash.code}: ${clash.message}` }] };
        return methods(urn).check(olds ?? {}, news ?? {});
      }),
    diff: (id, urn, olds, news) => forResource(urn, () => methods(urn).diff(id, olds, news)),
    create: (urn, inputs) => forResource(urn, () => methods(urn).create(inputs)),
    // A resource that is gone reads as no id; the SDK's server needs property maps regardless.
    read: (id, urn, props) =>
      forResource(urn, async () => {
        const r = await methods(urn).read(id, props ?? {});
        return r.id ? r : { id: "", props: {} };
      }),
    update: (id, urn, olds, news) => forResource(urn, () => methods(urn).update(id, olds, news)),
    delete: (id, urn, props) => forResource(urn, () => methods(urn).delete(id, props)),
  };
}

/** The plugin's entry: `node server.js <engine address>`, started by the launcher. */
export async function serve(args: string[]): Promise<void> {
  // Loaded only here: the runtime starts the orphan guard when it loads.
  const runtime = require("../pulumi/runtime") as typeof import("../pulumi/runtime");
  interceptConfigure(runtime.configure);
  const internals = require("@pulumi/pulumi/provider/internals") as {
    parseArgs(a: string[]): { engineAddress?: string } | undefined;
  };
  // Without an engine (started by hand) the session's own sink, stdout, stays.
  const engine = internals.parseArgs(args)?.engineAddress;
  if (engine) setLogSink(engineLogSink(engine));
  const { main } = require("@pulumi/pulumi/provider") as typeof pulumiProvider;
  await main(pluginProvider(runtime, packageVersion()), args);
}

if (require.main === module) void serve(process.argv.slice(2));
