export type * from './volume.js';
export type * from './network.js';
export type * from './events.js';
export type * from './system.js';
export * from './strata-version.js';
