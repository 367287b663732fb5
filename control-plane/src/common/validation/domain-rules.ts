import {
  isDomainError,
  parseEndpoint,
  validateCaCertificate,
  validateCidr,
  validateDescription,
  validateEndpointHost,
  validateInterfaceName,
  validateIpv4,
  validateKeepalive,
  validateName,
  validatePort,
  validateRouterPassword,
  validateRouterUsername,
  validateWireGuardKey,
  type FieldValidator,
} from '@wom/domain';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** The domain's message for a value, or null when the value passes. */
function domainProblem(validate: FieldValidator<unknown>, value: unknown, field: string): string | null {
  try {
    validate(value, field);
    return null;
  } catch (error) {
    if (isDomainError(error)) return error.message;
    throw error;
  }
}

/**
 * A class-validator decorator that runs one of the domain's validators, so the API refuses
 * exactly what the domain refuses and reports the domain's message.
 */
function domainRule(name: string, validate: FieldValidator<unknown>): (options?: ValidationOptions) => PropertyDecorator {
  return (options) => (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      options,
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown, args: ValidationArguments) => domainProblem(validate, value, args.property) === null,
        defaultMessage: (args?: ValidationArguments) =>
          (args && domainProblem(validate, args.value, args.property)) ?? `${args?.property ?? 'value'} is invalid.`,
      },
    });
}

export const IsCidr = domainRule('isCidr', validateCidr);
export const IsIpv4 = domainRule('isIpv4', validateIpv4);
export const IsSafeName = domainRule('isSafeName', validateName);
export const IsSafeDescription = domainRule('isSafeDescription', validateDescription);
export const IsEndpoint = domainRule('isEndpoint', parseEndpoint);
export const IsPort = domainRule('isPort', validatePort);
export const IsKeepalive = domainRule('isKeepalive', validateKeepalive);
export const IsWireGuardKey = domainRule('isWireGuardKey', validateWireGuardKey);
export const IsHost = domainRule('isHost', validateEndpointHost);
export const IsInterfaceName = domainRule('isInterfaceName', validateInterfaceName);
export const IsRouterUsername = domainRule('isRouterUsername', validateRouterUsername);
export const IsRouterPassword = domainRule('isRouterPassword', validateRouterPassword);
export const IsCaCertificate = domainRule('isCaCertificate', validateCaCertificate);
