// Which process a memory figure belongs to, from its command line (bench/lib/rss.ts).
import { roleOf } from "../../bench/lib/rss";

describe("roleOf", () => {
  it.each([
    [["/root/.cache/x/bin/pulumi", "up", "--yes"], "engine"],
    [["/root/.cache/x/bin/pulumi-language-nodejs", "-root=/tmp/p"], "languageHost"],
    [["/root/.cache/x/bin/pulumi-language-yaml", "127.0.0.1:1"], "languageHost"],
    [
      ["/w/node_modules/.bin/node", "/w/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js"],
      "provider",
    ],
    [["/usr/bin/bash", "/w/plugin/pulumi-resource-googlechat", "127.0.0.1:1"], "provider"],
    [["/w/node_modules/.bin/node", "/w/dist/provider/plugin/server.js", "127.0.0.1:1"], "provider"],
    [
      ["/w/node_modules/.bin/node", "/w/node_modules/@pulumi/pulumi/cmd/run", "index.ts"],
      "program",
    ],
    [["/usr/bin/git", "status"], "other"],
  ])("%j is %s", (cmdline, role) => {
    expect(roleOf(cmdline)).toBe(role);
  });
});
