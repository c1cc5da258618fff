export { addDays, buildUsageBatch, isoWeek, isoWeekMonday } from '../../../app/usage/aggregate.ts';
export { minuteBucket as minuteBucketOf } from '../../../app/usage/registry.ts';
