import {
  changedConfigKeys,
  configChangeNote,
  SECRET,
  SIG,
} from "../../provider/plugin/config-diff";

const secret = (value: string) => ({ [SIG]: SECRET, value });
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("changedConfigKeys (DiffConfig)", () => {
  it("names changed, added and removed keys, sorted", () => {
    expect(
      changedConfigKeys(
        { writesPerMinute: "300", impersonate: "a@example.com", retryAttempts: "7" },
        { writesPerMinute: "200", emulatorHost: "127.0.0.1:1", retryAttempts: "7" },
      ),
    ).toEqual(["emulatorHost", "impersonate", "writesPerMinute"]);
  });

  it("compares secrets by value: the same credential, wrapped or not, is no change", () => {
    expect(changedConfigKeys({ credentials: secret("{}") }, { credentials: "{}" })).toEqual([]);
    expect(changedConfigKeys({ credentials: secret("{}") }, { credentials: secret("{}") })).toEqual(
      [],
    );
    expect(
      changedConfigKeys({ credentials: secret("{a}") }, { credentials: secret("{b}") }),
    ).toEqual(["credentials"]);
  });

  it("a value not known yet is a change; the engine's own keys are not", () => {
    expect(changedConfigKeys({ impersonate: "x" }, { impersonate: UNKNOWN })).toEqual([
      "impersonate",
    ]);
    expect(changedConfigKeys({ version: "1.0.0" }, { version: "1.1.0", __internal: {} })).toEqual(
      [],
    );
  });

  it("the note names keys, never values", () => {
    const note = configChangeNote(["credentials"]);
    expect(note).toMatch(/googlechat:credentials/);
    expect(note).toMatch(/no resource is replaced/);
  });
});
