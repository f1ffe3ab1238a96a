// Reading `pulumi preview --json`: tolerant of what the report does not use, and one clear error
// (naming the input, the field and the fix) for anything that is not a preview.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePreviewJson, previewReport, PreviewJsonError } from "../../provider/report";

const fixture = (name: string) => readFileSync(join(__dirname, "fixtures/report", name), "utf8");

describe("parsePreviewJson", () => {
  it("reads a real preview: steps with their states, diagnostics and the change summary", () => {
    const p = parsePreviewJson(fixture("update-0.1.0.json"), "preview.json");
    expect(p.steps.map((s) => s.op)).toEqual(["refresh", "refresh", "same", "update"]);
    expect(p.steps[3]!.newState?.inputs?.members).toEqual({
      "users/alice@example.com": "ROLE_MANAGER",
      "users/carol@example.com": "ROLE_MANAGER",
      "users/erin@example.com": "ROLE_MEMBER",
    });
    expect(p.changeSummary).toEqual({ same: 1, update: 1 });
  });

  it("tolerates unknown fields, null lists, diagnostics without a message and lines before the JSON", () => {
    const text = `Logging in to file://…\n${JSON.stringify({
      steps: null,
      diagnostics: [{ severity: "info" }, { message: "m", severity: "warning", extra: 1 }],
      duration: 1,
      policyPacks: {},
    })}`;
    expect(parsePreviewJson(text, "x")).toEqual({
      steps: [],
      diagnostics: [{ message: "m", severity: "warning" }],
    });
  });

  it.each([
    ["", "x: the input is empty"],
    ["not json", "x: the input is not JSON"],
    ["[]", "x: the input is not a JSON object"],
    ['{"foo": 1}', "x: the input has none of steps, diagnostics, changeSummary"],
    ['{"steps": {}}', "x: steps is not an array"],
    ['{"steps": [{"urn": "u"}]}', "x: steps[0].op is missing or not a string"],
    [
      '{"steps": [{"op": "create", "urn": "u", "newState": {"inputs": []}}]}',
      "x: steps[0].newState.inputs is not an object",
    ],
  ])("refuses %j: %s", (text, message) => {
    let error: unknown;
    try {
      parsePreviewJson(text, "x");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PreviewJsonError);
    expect((error as Error).message.startsWith(message)).toBe(true);
    expect((error as Error).message).toMatch(
      /; fix: pass the standard output of `pulumi preview --json`/,
    );
  });
});

describe("reports of captured previews (0.1.0 state format)", () => {
  it("an update: bob leaves, carol goes manager → owner, erin joins", () => {
    const md = previewReport(fixture("update-0.1.0.json"), "preview.json");
    expect(md.split("\n")).toEqual(
      expect.arrayContaining([
        "| erin@example.com | joins | member |  |",
        "| carol@example.com | role change | manager → owner |  |",
        "| bob@example.com | leaves | member |  |",
      ]),
    );
  });

  it("a first create: the declared members, the removal it would make as a warning", () => {
    const md = previewReport(fixture("create-0.1.0.json"), "preview.json");
    expect(md).toContain("| dave@partner.example | declared | member |  |");
    expect(md).toContain("| groups/eng | declared |  |  |");
    expect(md).toMatch(
      /#### `team`[^]*> \[!WARNING\]\n> - spaces\/AAAAdemo01: the first apply will remove users\/100000000000000000002/,
    );
  });

  it("a ChatMembership deleted by id is named by the email another resource resolved", () => {
    const md = previewReport(fixture("mixed-0.1.0.json"), "preview.json");
    expect(md).toMatch(
      /#### `dave`[^#]*\| dave@partner\.example \| leaves \| member \| \*\*invited\*\* \|/,
    );
    expect(md).toContain("| erin@example.com | role change | member → manager |  |");
    expect(md).toContain('- setting `mode`: `"authoritative"` → `"additive"`');
  });

  it("a preview failed by the removal guard", () => {
    const md = previewReport(fixture("guard-0.1.0.json"), "preview.json");
    expect(md).toMatch(
      /^> - \*\*too many removals\*\* \(`team`\): maxRemovals: .* removes 2 members/m,
    );
  });
});
