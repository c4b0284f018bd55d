/** Every contract area, for the web client: `import { … } from '../src/contracts/index.ts'`. */
export * from './common.ts';
export * from './auth.ts';
export * from './public-reports.ts';
export * from './evidence.ts';
export * from './deconfliction.ts';
export * from './reports.ts';
export * from './cases.ts';
export * from './tasks.ts';
export * from './notifications.ts';
export * from './audit.ts';
export * from './users.ts';
export * from './welfare.ts';
export * from './programme.ts';
export * from './retention.ts';
