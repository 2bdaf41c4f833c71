// The edge and browser entry: a chain of only the members that run without Node built-ins.

export { DefaultAzureCredential, getDefaultAzureCredential } from './default-azure-credential-edge.js';
export * from './default-exports.js';
