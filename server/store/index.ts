export type * from './types.ts';
export { SqliteHubStore, DEFAULT_ENROLMENT_TTL_MINUTES, statusOf } from './sqlite.ts';
