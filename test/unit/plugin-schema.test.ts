import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ON_DESTROY_VALUES } from "../../provider/core/destroy";
import { MEMBERSHIP_KEYS } from "../../provider/core/validate/membership";
import {
  ENTRY_KEYS,
  SPACE_MEMBERS_KEYS,
  SPACE_MEMBERS_MODES,
} from "../../provider/core/validate/space-members";
import { packageSchema, schemaText, TYPES } from "../../provider/plugin/schema";
import { packageVersion, typeOf } from "../../provider/plugin/server";

// The plugin's schema is what codegen (`pulumi import`, SDKs) believes the resources accept: it
// must name exactly the inputs validation accepts, and the shipped file must be the served one.

type Resource = { inputProperties: Record<string, { description?: string }> };
const schema = packageSchema(packageVersion()) as {
  version: string;
  resources: Record<string, Resource>;
  types: Record<string, { properties: Record<string, unknown> }>;
  config: { variables: Record<string, { secret?: boolean }> };
};

describe("the googlechat plugin schema", () => {
  it("plugin/schema.json is the schema the plugin serves (rerun scripts/plugin-schema.ts)", () => {
    const file = readFileSync(path.join(__dirname, "../../plugin/schema.json"), "utf8");
    expect(file).toBe(schemaText(packageVersion()));
  });

  it("declares exactly the inputs validation accepts, for both resources and member entries", () => {
    const keys = (t: string) => Object.keys(schema.resources[t]!.inputProperties).sort();
    expect(keys(TYPES.membership)).toEqual([...MEMBERSHIP_KEYS].sort());
    expect(keys(TYPES.spaceMembers)).toEqual([...SPACE_MEMBERS_KEYS].sort());
    expect(
      Object.keys(schema.types["googlechat:index:SpaceMemberEntry"]!.properties).sort(),
    ).toEqual([...ENTRY_KEYS].sort());
  });

  it("names every mode and onDestroy value validation accepts, and keeps credentials secret", () => {
    const space = schema.resources[TYPES.spaceMembers]!.inputProperties;
    for (const m of SPACE_MEMBERS_MODES) expect(space.mode!.description).toContain(m);
    const membership = schema.resources[TYPES.membership]!.inputProperties;
    for (const v of ON_DESTROY_VALUES) expect(membership.onDestroy!.description).toContain(v);
    expect(schema.config.variables.credentials!.secret).toBe(true);
  });

  it("names the Python SDK's package and versions it as the plugin (scripts/python-sdk.sh)", () => {
    const language = (schema as unknown as { language: Record<string, Record<string, unknown>> })
      .language;
    expect(language.python).toEqual({
      packageName: "pulumi_googlechat",
      respectSchemaVersion: true,
      pyproject: { enabled: true },
    });
  });

  it("carries the package's version", () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, "../../package.json"), "utf8"));
    expect(schema.version).toBe(pkg.version);
  });
});

describe("the plugin's routing", () => {
  it("reads the type token from a URN, parents included", () => {
    expect(typeOf("urn:pulumi:dev::proj::googlechat:index:ChatSpaceMembers::team")).toBe(
      TYPES.spaceMembers,
    );
    expect(
      typeOf("urn:pulumi:dev::proj::my:Component$googlechat:index:ChatMembership::carol"),
    ).toBe(TYPES.membership);
  });
});
