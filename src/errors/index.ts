export * from './engine-error.js';
export * from './op-error.js';
export * from './http-status.js';
export * as messages from './messages.js';
export * from './go-errno.js';
export * from './go-quote.js';
