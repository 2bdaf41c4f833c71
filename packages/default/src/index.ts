export { DefaultAzureCredential, getDefaultAzureCredential } from './default-azure-credential.js';
export * from './default-exports.js';
