// The googlechat plugin's Go SDK, generated only: `pulumi package gen-sdk --language go` with the
// pinned CLI, compiled and vetted against the pinned Go Pulumi SDK (scripts/go-sdk.sh). No Go
// program runs (no Go language host is served by the Go module proxy). Skipped, by name, when Go
// is not installed; scripts/setup.sh and the CLI build need Go anyway unless a Pulumi CLI is on PATH.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pulumiRoot, setUpWith } from "../../scripts/lib/engine-harness";

jest.setTimeout(300_000);

const hasGo = (() => {
  try {
    execFileSync("go", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

(hasGo ? describe : describe.skip)("the Go SDK (generated, compiled; Go is installed)", () => {
  it("gen-sdk writes typed Args structs for each resource, and the package builds and vets", () => {
    process.env.CHAT_MEMBERS_PULUMI_ROOT ??= pulumiRoot();
    const out = setUpWith(
      "scripts/go-sdk.sh",
      [],
      "scripts/go-sdk.sh failed: the generated Go SDK does not generate or compile (see above)",
    );
    const dir = path.join(out, "go/googlechat");
    for (const f of ["chatMembership.go", "chatSpaceMembers.go", "chatSpace.go", "provider.go"])
      expect(fs.existsSync(path.join(dir, f))).toBe(true);
    const spaceMembers = fs.readFileSync(path.join(dir, "chatSpaceMembers.go"), "utf8");
    expect(spaceMembers).toMatch(
      /type ChatSpaceMembersArgs struct \{[^}]*MaxRemovals pulumi\.IntPtrInput/,
    );
    expect(spaceMembers).toMatch(/Members SpaceMemberEntryArrayInput/);
  });
});
