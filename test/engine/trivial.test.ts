// Proves the foundation: the real engine runs a program and a dynamic provider on Node 24,
// and the harness reports the engine's own change summaries.
import {
  openProject,
  pulumiRoot,
  runPulumi,
  TRIVIAL_PROGRAM,
  type EngineProject,
} from "../../scripts/lib/engine-harness";

jest.setTimeout(180_000);

describe("engine harness with a trivial dynamic resource", () => {
  let project: EngineProject;

  beforeAll(async () => {
    const version = (await runPulumi(["version"], process.cwd())).trim();
    // Shown in the test log: which real engine ran.
    process.stdout.write(`engine: pulumi ${version} from ${pulumiRoot()}/bin\n`);
    project = await openProject(TRIVIAL_PROGRAM);
  });
  afterAll(async () => {
    await project?.cleanup();
  });

  it("previews, creates, refreshes clean, updates and destroys", async () => {
    expect(await project.preview()).toMatchObject({ changes: { create: 2 } });

    const first = await project.up();
    expect(first.changes).toEqual({ create: 2 });
    expect(first.outputs.label).toBe("one");
    // The language host and the dynamic-provider plugin both run on the Node from node@24.
    expect(first.outputs.programNode).toMatch(/^v2[4-9]\./);
    expect(first.outputs.providerNode).toMatch(/^v2[4-9]\./);
    process.stdout.write(
      `program ran on node ${first.outputs.programNode}, provider on ${first.outputs.providerNode}\n`,
    );

    expect((await project.refresh()).changes).toEqual({});
    expect((await project.preview()).changes).toEqual({});

    await project.stack.setConfig("label", { value: "two" });
    expect((await project.preview()).changes).toEqual({ update: 1 });
    const second = await project.up();
    expect(second.changes).toEqual({ update: 1 });
    expect(second.outputs.label).toBe("two");

    const state = await project.exportState();
    const thing = state.resources?.find((r) => r.type.includes("trivial:Thing"));
    expect(thing?.outputs).toMatchObject({ label: "two" });

    expect((await project.destroy()).changes).toEqual({ delete: 2 });
    expect((await project.exportState()).resources ?? []).toHaveLength(0);
  });
});
