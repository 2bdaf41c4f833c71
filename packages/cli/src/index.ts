export type { AccountListing } from './cli-accounts-command.js';
export { ACCOUNTS_USAGE, accountsCommand } from './cli-accounts-command.js';
export { CACHE_DIRECTORY_VARIABLE } from './cli-cache.js';
export { DOCTOR_USAGE, doctorCommand } from './cli-doctor-command.js';
export type { DoctorResult, DoctorRow } from './cli-doctor-report.js';
export {
  describeVariable,
  listEnvironment,
  RELEVANT_VARIABLES,
  SECRET_VARIABLES,
} from './cli-environment-listing.js';
export type { CliIo, CliStream } from './cli-io.js';
export { CliUsageError, USAGE_ERROR } from './cli-io.js';
export { LOGIN_USAGE, loginCommand } from './cli-login-command.js';
export { LOGOUT_USAGE, logoutCommand } from './cli-logout-command.js';
export { CLI_USAGE, runCli } from './cli-main.js';
export { MIGRATE_USAGE } from './cli-migrate-command.js';
export { TOKEN_USAGE, tokenCommand } from './cli-token-command.js';
