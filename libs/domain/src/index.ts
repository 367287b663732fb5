export * from './errors';
export * from './model/wan.model';
export * from './model/desired-state.model';
export * from './net/ipv4';
