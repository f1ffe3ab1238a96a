// Writes plugin/schema.json: the googlechat plugin's package schema (provider/plugin/schema.ts),
// for `pulumi package gen-sdk` and readers. test/unit/plugin-schema.test.ts fails when it is stale.
//   node -r ts-node/register/transpile-only scripts/plugin-schema.ts
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { schemaText } from "../provider/plugin/schema";
import { packageVersion } from "../provider/plugin/server";

const file = path.join(__dirname, "../plugin/schema.json");
writeFileSync(file, schemaText(packageVersion()));
console.log(`wrote ${path.relative(process.cwd(), file)}`);
