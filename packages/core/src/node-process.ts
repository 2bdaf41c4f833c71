/**
 * `@identity/core/node-process`: running developer tools (az, azd, pwsh) safely, for the Node-only credentials that
 * need it. Kept out of the main entry, so no edge bundle ever contains `node:child_process`.
 *
 * @packageDocumentation
 * @internal
 */
export type { ProcessCommand, ProcessPlatform } from './node-process-command.js';
export {
  executableCandidates,
  platformVariable,
  processCommand,
  safeWorkingDirectory,
  treeKillCommand,
} from './node-process-command.js';
export type { ProcessOutcome, ProcessRequest } from './node-process-run.js';
export { findExecutable, MAX_PROCESS_OUTPUT_BYTES, runProcess } from './node-process-run.js';
export type {
  DeveloperTool,
  DeveloperToolOptions,
  ToolOutput,
  ToolTokenRequest,
} from './node-process-tool-client.js';
export { DEFAULT_PROCESS_TIMEOUT_MS, DeveloperToolClient } from './node-process-tool-client.js';
