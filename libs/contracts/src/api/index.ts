// The JSON the control plane's HTTP API answers with, shared by the server and the console.
export * from './common';
export * from './auth';
export * from './wan';
export * from './peers';
export * from './conflicts';
export * from './topology';
export * from './monitoring';
export * from './jobs';
export * from './audit';
export * from './agents';
export * from './lists';
export * from './removal';
