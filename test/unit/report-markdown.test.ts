// The Markdown of the pull-request report: tables, guards, warnings, totals, escaping and the
// folded raw diff.
import { buildReport, escapeMarkdown, renderMarkdown } from "../../provider/report";
import { preview, settings, spaceUpdate, step, urnOf, SPACE } from "./report-steps";

const BOB = "users/100000000000000000002";

const update = spaceUpdate(
  "team",
  {
    outputs: {
      ...settings,
      members: {
        "users/alice@example.com": "ROLE_MANAGER",
        [BOB]: "ROLE_MEMBER",
        "users/carol@example.com": "ROLE_ASSISTANT_MANAGER",
      },
      resolved: { "bob@example.com": BOB },
      invited: ["users/dave@partner.example"],
      affiliation: { "users/dave@partner.example": "EXTERNAL" },
    },
  },
  {
    ...settings,
    members: {
      "users/alice@example.com": "ROLE_MANAGER",
      "users/carol@example.com": "ROLE_MANAGER",
      "users/dave@partner.example": "ROLE_MEMBER",
    },
  },
);

describe("renderMarkdown", () => {
  const md = renderMarkdown(buildReport(preview([update])));
  const lines = md.split("\n");

  it("heads the report with the project and stack, then the totals", () => {
    expect(lines[0]).toBe("### Chat members: `pulumi preview` of `chat/prod`");
    expect(md).toContain(
      "**Totals: 1 joining · 1 leaving · 1 changing role** in 1 resource, 1 of the newcomers external or guest.",
    );
  });

  it("one table per resource: who, what, the role in UI words, external and invited marked", () => {
    const at = lines.indexOf("| member | change | role | notes |");
    expect(lines.slice(at - 4, at + 5)).toEqual([
      `#### \`team\` · \`${SPACE}\``,
      "",
      "ChatSpaceMembers, update",
      "",
      "| member | change | role | notes |",
      "| --- | --- | --- | --- |",
      "| dave@partner.example | joins | member | **external**, **invited** |",
      "| carol@example.com | role change | manager → owner |  |",
      "| bob@example.com | leaves | member |  |",
    ]);
  });

  it("folds the raw diff below, with the email beside a numeric id", () => {
    const details = md.slice(md.indexOf("<details>"));
    expect(md.indexOf("<details>")).toBeGreaterThan(md.indexOf("| bob@example.com"));
    expect(details).toContain("<summary>Raw diff (5 lines)</summary>");
    expect(details).toContain(`-         ${BOB}: "ROLE_MEMBER"   # bob@example.com`);
    expect(details).toContain(
      '~         users/carol@example.com: "ROLE_ASSISTANT_MANAGER" => "ROLE_MANAGER"',
    );
    expect(details).toMatch(/```diff\n~ ChatSpaceMembers team \(update\)\n/);
    expect(md.endsWith("</details>\n")).toBe(true);
  });

  it("puts an error that stops the apply first, named by kind and resource", () => {
    const guarded = renderMarkdown(
      buildReport(
        preview(
          [],
          [
            {
              urn: urnOf("ChatSpaceMembers", "team"),
              severity: "error",
              message: `error: pulumi-nodejs:dynamic/googlechat:ChatSpaceMembers:Resource resource 'team': property maxRemovals value {5} has a problem: maxRemovals: the plan for ${SPACE} removes 6 members, more than the limit: ${BOB}, … (got 5); fix: set maxRemovals: 6\n`,
            },
            { severity: "error", message: "error: preview failed\n" },
          ],
        ),
      ),
    );
    expect(guarded.split("\n").slice(2, 6)).toEqual([
      "> [!CAUTION]",
      "> **The apply would stop: nothing is applied until this is fixed.**",
      `> - **too many removals** (\`team\`): maxRemovals: the plan for spaces/AAAAdemo01 removes 6 members, more than the limit: ${BOB}, … (got 5); fix: set maxRemovals: 6`,
      "",
    ]);
    expect(guarded).toContain(
      "**No member change could be planned: the preview stopped at the error above.**",
    );
    expect(guarded).not.toContain("preview failed");
  });

  it("a change and an error: the totals say they are incomplete", () => {
    const both = renderMarkdown(
      buildReport(preview([update], [{ severity: "error", message: "LAST_OWNER: x" }])),
    );
    expect(both).toMatch(/> - \*\*last owner\*\*: LAST\\_OWNER: x/);
    expect(both).toMatch(
      /in 1 resource, .*\. Incomplete: the preview stopped at the error above\./,
    );
  });

  it("lists warnings under their resource (by URN, or by the space the message starts with)", () => {
    const warned = renderMarkdown(
      buildReport(
        preview(
          [update],
          [
            {
              severity: "info",
              message: `warning: ${SPACE}: the first apply will remove ${BOB} (ROLE_MEMBER): not declared\n\n`,
            },
            { severity: "warning", message: "<{%fg 3%}>something else<{%reset%}>" },
            { severity: "info", message: `${SPACE}: 1 to add` },
            { severity: "info#err", message: "ChatMembersError: noise" },
          ],
        ),
      ),
    );
    const box = warned.slice(warned.indexOf("> [!WARNING]"));
    expect(box.split("\n").slice(0, 2)).toEqual([
      "> [!WARNING]",
      `> - ${SPACE}: the first apply will remove bob@example.com (ROLE\\_MEMBER): not declared`,
    ]);
    expect(warned).toMatch(/^> - something else$/m);
    expect(warned).not.toMatch(/1 to add|noise/);
  });

  it("an error of several lines (a member file's problems): one nested item per line", () => {
    const failed = renderMarkdown(
      buildReport(
        preview(
          [],
          [
            {
              severity: "error",
              message:
                "error: spaces: 2 problems in 1 member file\nspaces/team.yaml:3:13: members[0].user: bad\n  spaces/team.yaml:3:25: members[0].role: bad\n",
            },
          ],
        ),
      ),
    );
    expect(failed.split("\n").slice(4, 7)).toEqual([
      "> - **error**: spaces: 2 problems in 1 member file",
      ">   - spaces/team.yaml:3:13: members\\[0\\].user: bad",
      ">   - spaces/team.yaml:3:25: members\\[0\\].role: bad",
    ]);
  });

  it("says so when nothing changes", () => {
    const none = renderMarkdown(buildReport(preview([])), { title: "Members" });
    expect(none).toBe("### Members\n\n**Totals: no member changes.**\n");
  });

  it("caps long tables and cuts the raw diff to the size limit", () => {
    const members = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`user${i}@example.com`, "member"]),
    );
    const big = buildReport(
      preview([step("create", "ChatSpaceMembers", "big", { next: { ...settings, members } })]),
    );
    const text = renderMarkdown(big, { maxRows: 10, maxChars: 3_000 });
    expect(text).toContain("| … and 290 more | | | |");
    expect(text.length).toBeLessThan(3_000);
    expect(text).toMatch(/^… \d+ more lines not shown \(comment size limit\)$/m);
    expect(text.endsWith("</details>\n")).toBe(true);
  });
});

describe("escaping", () => {
  it("keeps a hostile name inside its table cell and out of HTML", () => {
    expect(escapeMarkdown("a|b <script> `x` *y* [l](u)\nz & w")).toBe(
      "a\\|b \\<script\\> \\`x\\` \\*y\\* \\[l\\](u) z &amp; w",
    );
  });

  it("a fence longer than any backtick run in the raw diff", () => {
    const m = step("create", "ChatMembership", "m", {
      next: { space: SPACE, member: "users/x@example.com", note: "```" },
    });
    const text = renderMarkdown(buildReport(preview([m])));
    expect(text).toContain("````diff\n");
    expect(text).toMatch(/\n````\n\n<\/details>\n$/);
  });
});
