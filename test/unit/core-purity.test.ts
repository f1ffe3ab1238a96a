import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

// provider/core must stay pure: no file system, network, process or console access.
const CORE = join(__dirname, "../../provider/core");
const FORBIDDEN = [
  /from\s+["'](node:)?(fs|net|http|https|http2|dns|child_process|tls|dgram|os|process|worker_threads)(\/[a-z]+)?["']/,
  /require\(\s*["'](node:)?(fs|net|http|https|child_process)["']\s*\)/,
  /\bconsole\./,
  /\bprocess\./,
  /\bfetch\(/,
  /from\s+["'](yaml|ajv|@googleapis\/chat|google-auth-library|@pulumi\/pulumi)["']/,
];

describe("provider/core purity", () => {
  const files = readdirSync(CORE).filter((f) => f.endsWith(".ts"));
  it("has files to check", () => {
    expect(files.length).toBeGreaterThan(5);
  });
  it.each(files)("%s does no I/O", (file) => {
    const text = readFileSync(join(CORE, file), "utf8");
    for (const pattern of FORBIDDEN) expect(text).not.toMatch(pattern);
  });
});
