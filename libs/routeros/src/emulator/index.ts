/**
 * # The RouterOS REST emulator
 *
 * Many routers in one process, one port each, with fault injection, latency, HTTPS and a call
 * log (emulator.ts, faults.ts, http-server.ts). It is **as strict as RouterOS** wherever a
 * source says how RouterOS behaves, so a test that passes against it means something:
 *
 * - **Versions** (version-gates.ts): a property exists only in the releases that know it;
 *   elsewhere it is `unknown parameter <name>` and never printed. Peers gain the client
 *   fields and `private-key` in 7.12, `name` and `is-responder` in 7.15, swap `is-responder`
 *   for `responder` in 7.17 and gain `client-allowed-address` in 7.21; WireGuard `vrf` is
 *   7.21+, `/ip/address` `broadcast`/`netmask` 7.15+; dates print the old way up to 7.10;
 *   below 7.1beta4 there is no `/rest` at all.
 * - **Values** (field-types.ts): every write is checked against the property's type and
 *   refused with RouterOS's own detail (`invalid value for argument …`, `value of … out of
 *   range (a..b)`, `input does not match any value of …`); read-only state written is
 *   `unknown parameter`; values are stored as RouterOS prints them (strings, `true`/`false`,
 *   `1m30s`, `/32` on addresses, host prefixes bare in address lists, `*HEX` ids).
 * - **Uniqueness** (menus/*.ts): interface names, one address per interface, one peer per
 *   public key, non-overlapping allowed addresses per interface, address-list entries, users.
 * - **Access** (access.ts, router-users.ts): users belong to groups with policies, listed in
 *   `/user` and `/user/group`; `rest-api` to log in (401), `api` for any call, `read`,
 *   `write` (+`policy` for users), `test` for ping, `sensitive` to see keys; a missing policy
 *   answers 500 `not enough permissions (9)`.
 *
 * Every rule names its source (ROUTEROS-REST.md section, MikroTik manual page, or the issue
 * or forum thread) where it is implemented; `probes/*.probe.spec.ts` pins each behaviour,
 * request by request, to that source. Where no source gives RouterOS's wording the text is
 * marked `[?]` and the client must not depend on it.
 */
export { RouterOsEmulator, EmulatedRouter, type AddRouterOptions } from './emulator';
export { ALL_POLICIES, type BoardKind, type EmulatedGroup, type EmulatedUser, type Policy, type Row, type RouterOptions, type Session } from './emulator.model';
export { isWriteRequest, type FaultAction, type FaultMatch, type FaultSpec } from './faults';
export type { CallRecord, TlsIdentity } from './http-server';
export { RouterState } from './router-state';
export { loadBranchOfficeScenario, type BranchOfficeScenario } from './scenarios';
export { freeLoopbackPort } from './free-port';
export { selfSignedCertificate } from './self-signed-certificate';
