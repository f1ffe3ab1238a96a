// Conformance to revision 20261107's discovery document, read at test time from the installed
// google-api-python-client: the methods and parameters the emulator serves, the messages it reads
// and writes, what it refuses, and the methods it does not serve (listed in its README).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { METHOD_PARAMS, SYSTEM_PARAMS } from "../../emulator/http/params";
import { route } from "../../emulator/http/router";
import { UNSERVED } from "../../emulator/http/unserved";
import { ENUMS, EnumName } from "../../emulator/schema/enums";
import { MESSAGES, fieldType } from "../../emulator/schema/messages";
import { DiscoveryProperty, discovery, discoveryMethods } from "./discovery";
import { DEMO, IDS, TestEmulator, startTestEmulator } from "./helpers";

const SERVED = Object.keys(METHOD_PARAMS);
const doc = discovery();
const methods = discoveryMethods();

let t: TestEmulator;
let token: string;
beforeAll(async () => {
  t = await startTestEmulator();
  token = (await t.control.mintAccessToken({ user: "alice@example.com" })).access_token;
});
afterEach(async () => {
  await t.expectValidResponses();
  await t.control.reset();
});
afterAll(() => t.stop());

/** The id of the first event recorded after a reset (PREPARE records it). */
const FIRST_EVENT = "ev1";
/** What a method needs in place before it can answer 200. */
const PREPARE: Record<string, () => Promise<unknown>> = {
  "spaces.spaceEvents.get": () => t.control.addMember(DEMO, { member: "erin@example.com" }),
};
/** Payloads of events the emulator never records (it has no messages): not served, not defined. */
const NOT_EMITTED = /^(Message|Reaction|Space)(Batch)?(Created|Updated|Deleted)EventData$/;

/** A flat path with concrete ids: the demo space, bob's membership. */
const concrete = (flatPath: string) =>
  "/" +
  flatPath
    .replace("{spacesId}", DEMO.slice("spaces/".length))
    .replace("{membersId}", IDS.bob)
    .replace("{spaceEventsId}", FIRST_EVENT)
    .replace(/\{[^}]+\}/g, "x");

const send = (method: string, path: string, query: URLSearchParams, body?: unknown) =>
  fetch(`${t.emu.url}${path}${query.size ? "?" + query.toString() : ""}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

/** A request each served method accepts (200) from alice in the demo space. */
const VALID_BODY: Record<string, unknown> = {
  "spaces.members.create": { member: { name: "users/carol@example.com", type: "HUMAN" } },
  "spaces.members.patch": { role: "ROLE_MEMBER" },
  "spaces.setup": { space: { spaceType: "SPACE", displayName: "Conformance" } },
  "spaces.create": { spaceType: "SPACE", displayName: "Conformance create" },
  "spaces.patch": { displayName: "Conformance patch" },
};
/** Typed values for each documented parameter that keep the call valid. */
function validValue(rpc: string, name: string, type: string): string {
  if (name === "updateMask") return rpc === "spaces.patch" ? "display_name" : "role";
  if (name === "query") return 'display_name:"demo"';
  if (name === "orderBy") return "create_time DESC";
  if (name === "requestId") return "conformance-request";
  if (name === "filter")
    return rpc === "spaces.list"
      ? 'spaceType = "SPACE"'
      : rpc === "spaces.spaceEvents.list"
        ? 'event_types:"google.workspace.chat.membership.v1.created"'
        : 'role = "ROLE_MEMBER"';
  if (name === "useAdminAccess") return "false";
  if (type === "integer") return "5";
  if (type === "boolean") return "true";
  return "";
}
const SYSTEM_VALUES: Record<string, string> = {
  "$.xgafv": "2",
  access_token: "",
  alt: "json",
  callback: "",
  fields: "",
  key: "an-api-key",
  oauth_token: "",
  prettyPrint: "false",
  quotaUser: "conformance",
  uploadType: "",
  upload_protocol: "",
};

const bindingError = (message: string) =>
  /Unknown name|Cannot bind|^Invalid value at '[^']+' \(/m.test(message);

describe("the served methods, as the document defines them", () => {
  it.each(SERVED)("%s: HTTP method, path and query parameters", (rpc) => {
    const m = methods.get(rpc)!;
    expect(m).toBeDefined();
    expect(route(m.httpMethod, concrete(m.flatPath!))?.rpc).toBe(rpc);
    const documented = Object.entries(m.parameters ?? {})
      .filter(([, p]) => p.location === "query")
      .map(([n, p]) => [n, p.format === "google-fieldmask" ? "fieldmask" : (p.format ?? p.type)]);
    const served = Object.entries(METHOD_PARAMS[rpc]!).map(([n, type]) => [
      n,
      type === "bool" ? "boolean" : type,
    ]);
    expect(Object.fromEntries(served)).toEqual(Object.fromEntries(documented));
  });

  it("takes exactly the document's system parameters", () => {
    const documented = Object.fromEntries(
      Object.entries(doc.parameters).map(([n, p]) => [
        n,
        p.enum ?? (p.type === "boolean" ? "bool" : "string"),
      ]),
    );
    expect(SYSTEM_PARAMS).toEqual(documented);
  });

  it.each(SERVED)(
    "%s: accepts every documented parameter with its documented type",
    async (rpc) => {
      const m = methods.get(rpc)!;
      const q = new URLSearchParams();
      for (const [n, p] of Object.entries(m.parameters ?? {})) {
        if (p.location === "query") q.set(n, validValue(rpc, n, p.type));
      }
      for (const [n, v] of Object.entries(SYSTEM_VALUES)) if (v) q.set(n, v);
      await PREPARE[rpc]?.();
      const res = await send(m.httpMethod, concrete(m.flatPath!), q, VALID_BODY[rpc]);
      expect({ status: res.status, body: (await res.json()) as unknown }).toMatchObject({
        status: 200,
      });
    },
  );

  it.each(SERVED)("%s: refuses unknown parameters and values of the wrong type", async (rpc) => {
    const m = methods.get(rpc)!;
    const path = concrete(m.flatPath!);
    const unknown = await send(
      m.httpMethod,
      path,
      new URLSearchParams({ zzUnknown: "1" }),
      VALID_BODY[rpc],
    );
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain(
      "Cannot bind query parameter. Field 'zzUnknown' could not be found in request message.",
    );
    for (const [n, p] of Object.entries(m.parameters ?? {})) {
      if (p.location !== "query" || (p.type !== "integer" && p.type !== "boolean")) continue;
      const bad = p.type === "integer" ? "99999999999" : "maybe";
      const res = await send(
        m.httpMethod,
        path,
        new URLSearchParams({ [n]: bad }),
        VALID_BODY[rpc],
      );
      const body = (await res.json()) as { error: { message: string; details: unknown[] } };
      const field = n.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
      expect({ status: res.status, message: body.error.message }).toEqual({
        status: 400,
        message: `Invalid value at '${field}' (TYPE_${p.type === "integer" ? "INT32" : "BOOL"}), "${bad}"`,
      });
    }
  });
});

describe("the messages, as the document defines them", () => {
  /** Every schema reachable from the served methods' requests and responses. */
  const reachable = new Set<string>();
  const reach = (name: string) => {
    if (reachable.has(name) || NOT_EMITTED.test(name)) return;
    reachable.add(name);
    for (const p of Object.values(doc.schemas[name]!.properties ?? {})) {
      const ref = p.$ref ?? p.items?.$ref;
      if (ref) reach(ref);
    }
  };
  for (const rpc of SERVED) {
    const m = methods.get(rpc)!;
    if (m.request) reach(m.request.$ref);
    if (m.response) reach(m.response.$ref);
  }

  const typeOf = (p: DiscoveryProperty): string => {
    if (p.$ref) return p.$ref;
    if (p.type === "array") return typeOf(p.items!) + "[]";
    if (p.enum) return "enum";
    if (p.format === "google-datetime") return "timestamp";
    if (p.format === "google-fieldmask") return "fieldmask";
    if (p.type === "integer") return p.format!;
    return p.type === "boolean" ? "bool" : p.type!;
  };

  it("knows every message the served methods use, field for field and type for type", () => {
    expect(Object.keys(MESSAGES).sort()).toEqual([...reachable].sort());
    for (const name of reachable) {
      const documented = Object.fromEntries(
        Object.entries(doc.schemas[name]!.properties ?? {}).map(([f, p]) => [f, typeOf(p)]),
      );
      const served = Object.fromEntries(
        Object.entries(MESSAGES[name]!.fields).map(([f, spec]) => {
          const ft = fieldType(spec);
          return [f, (ft.kind === "enum" ? "enum" : ft.name) + (ft.repeated ? "[]" : "")];
        }),
      );
      expect({ name, fields: served }).toEqual({ name, fields: documented });
    }
  });

  it("knows every enum value the document lists", () => {
    for (const name of reachable) {
      for (const [f, p] of Object.entries(doc.schemas[name]!.properties ?? {})) {
        if (!p.enum) continue;
        const ft = fieldType(MESSAGES[name]!.fields[f]!);
        expect({
          field: `${name}.${f}`,
          values: Object.keys(ENUMS[ft.name as EnumName].values),
        }).toEqual({
          field: `${name}.${f}`,
          values: p.enum,
        });
      }
    }
  });

  /** Every object node of a request body: its schema, proto path and a body that reaches it. */
  interface BodyNode {
    schema: string;
    path: string;
    wrap: (x: object) => unknown;
  }
  function nodes(schema: string, path: string, depth = 0): BodyNode[] {
    const out: BodyNode[] = [{ schema, path, wrap: (x) => x }];
    if (depth > 6) return out;
    for (const [f, p] of Object.entries(doc.schemas[schema]!.properties ?? {})) {
      const ref = p.$ref ?? p.items?.$ref;
      if (!ref) continue;
      const proto = f.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
      const sub = p.$ref ? proto : `${proto}[0]`;
      for (const n of nodes(ref, path ? `${path}.${sub}` : sub, depth + 1)) {
        out.push({ ...n, wrap: (x) => ({ [f]: p.$ref ? n.wrap(x) : [n.wrap(x)] }) });
      }
    }
    return out;
  }

  const BODY_RPCS: [string, string][] = [
    ["spaces.members.create", "membership"],
    ["spaces.members.patch", "membership"],
    ["spaces.setup", ""],
  ];

  it.each(BODY_RPCS)(
    "%s: refuses an unknown field at every depth, naming its path",
    async (rpc, root) => {
      const m = methods.get(rpc)!;
      const q = new URLSearchParams(rpc.endsWith("patch") ? { updateMask: "role" } : {});
      const all = nodes(m.request!.$ref, root);
      expect(all.length).toBeGreaterThan(2);
      for (const n of all) {
        const res = await send(m.httpMethod, concrete(m.flatPath!), q, n.wrap({ zzUnknown: 1 }));
        const body = (await res.json()) as { error: { message: string } };
        const at = n.path ? ` at '${n.path}'` : "";
        expect({ status: res.status, message: body.error.message }).toEqual({
          status: 400,
          message: `Invalid JSON payload received. Unknown name "zzUnknown"${at}: Cannot find field.`,
        });
      }
    },
  );

  it.each(BODY_RPCS)("%s: binds every documented field with its documented type", async (rpc) => {
    const m = methods.get(rpc)!;
    const q = new URLSearchParams(rpc.endsWith("patch") ? { updateMask: "role" } : {});
    const sample = (p: DiscoveryProperty): unknown => {
      if (p.$ref) return {};
      if (p.type === "array") return [sample(p.items!)];
      if (p.enum) return p.enum[1];
      if (p.format === "google-datetime") return "2026-01-01T00:00:00Z";
      if (p.type === "integer") return 1;
      if (p.type === "boolean") return false;
      return "x";
    };
    for (const n of nodes(m.request!.$ref, "")) {
      for (const [f, p] of Object.entries(doc.schemas[n.schema]!.properties ?? {})) {
        const res = await send(m.httpMethod, concrete(m.flatPath!), q, n.wrap({ [f]: sample(p) }));
        const message =
          res.status === 200
            ? ""
            : ((await res.json()) as { error: { message: string } }).error.message;
        expect({ field: `${n.path}.${f}`, bindingError: bindingError(message) }).toEqual({
          field: `${n.path}.${f}`,
          bindingError: false,
        });
        await t.control.reset();
      }
    }
  });
});

describe("the methods the emulator does not serve", () => {
  const readmeList = () => {
    const readme = readFileSync(join(__dirname, "../../emulator/README.md"), "utf8");
    const block = /<!-- unserved:start -->([\s\S]*?)<!-- unserved:end -->/.exec(readme)![1]!;
    return [...block.matchAll(/`([a-zA-Z.]+)`/g)].map((x) => x[1]!).sort();
  };

  it("are listed in one place, the emulator README, and nowhere disagree with the document", () => {
    const notServed = [...methods.keys()].filter((id) => !SERVED.includes(id)).sort();
    expect(readmeList()).toEqual(notServed);
    expect(UNSERVED.map(([id]) => id).sort()).toEqual(notServed);
    for (const [id, httpMethod, flat] of UNSERVED) {
      expect({ id, httpMethod, flat }).toEqual({
        id,
        httpMethod: methods.get(id)!.httpMethod,
        flat: methods.get(id)!.flatPath,
      });
    }
  });

  it.each(UNSERVED.map(([id]) => id))("%s is answered 501 UNIMPLEMENTED", async (id) => {
    const m = methods.get(id)!;
    const res = await send(
      m.httpMethod,
      concrete(m.flatPath!),
      new URLSearchParams(),
      m.request ? {} : undefined,
    );
    const body = (await res.json()) as { error: { status: string; message: string } };
    expect({ status: res.status, code: body.error.status }).toEqual({
      status: 501,
      code: "UNIMPLEMENTED",
    });
    expect(body.error.message).toContain(id);
  });
});
