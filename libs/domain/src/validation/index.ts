export { checkField, type FieldError } from './check-field.util';
export {
  MAX_CA_CERTIFICATE_LENGTH,
  MAX_ROUTER_PASSWORD_LENGTH,
  MAX_ROUTER_USERNAME_LENGTH,
  validateCaCertificate,
  validateRouterPassword,
  validateRouterUsername,
} from './router-access.validator';
export { hostKind, isHostname, isIpv6, MAX_HOSTNAME_LENGTH, parseEndpoint, validateEndpointHost, type HostKind } from './endpoint.validator';
export {
  MAX_DNS_SERVERS,
  MAX_MTU,
  MIN_MTU,
  validateCidr,
  validateDnsServers,
  validateInterfaceAddress,
  validateIpv4,
  validateKeepalive,
  validateMtu,
  validatePort,
  validateNatProtocol,
} from './network.validator';
export {
  MAX_DESCRIPTION_LENGTH,
  MAX_INTERFACE_NAME_LENGTH,
  MAX_NAME_LENGTH,
  validateDescription,
  validateInterfaceName,
  validateName,
} from './text.validator';
export type { FieldValidator } from './validation.util';
export { validateWireGuardKey } from './wireguard-key.validator';
