// Test levels (DEVELOPERS.md): pure logic in `unit`, the emulator and the provider
// methods against a live emulator, and real `pulumi` runs in `engine`.
const base = {
  preset: "ts-jest",
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
};
module.exports = {
  projects: [
    { ...base, displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts"] },
    { ...base, displayName: "emulator", testMatch: ["<rootDir>/test/emulator/**/*.test.ts"] },
    { ...base, displayName: "provider", testMatch: ["<rootDir>/test/provider/**/*.test.ts"] },
    { ...base, displayName: "engine", testMatch: ["<rootDir>/test/engine/**/*.test.ts"] },
    { ...base, displayName: "bench", testMatch: ["<rootDir>/test/bench/**/*.test.ts"] },
  ],
};
