export { RouterOsEmulator, EmulatedRouter, type AddRouterOptions } from './emulator';
export { ALL_POLICIES, type BoardKind, type EmulatedUser, type Policy, type Row, type RouterOptions } from './emulator.model';
export { isWriteRequest, type FaultAction, type FaultMatch, type FaultSpec } from './faults';
export type { CallRecord, TlsIdentity } from './http-server';
export { RouterState } from './router-state';
export { loadBranchOfficeScenario, type BranchOfficeScenario } from './scenarios';
export { freeLoopbackPort } from './free-port';
export { selfSignedCertificate } from './self-signed-certificate';
