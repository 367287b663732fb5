import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal, UserRole } from './principal';

export const PUBLIC_ROUTE = 'wom:public';
export const REQUIRED_ROLE = 'wom:required-role';
export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'wom:allowed-before-password-change';

/** No authentication at all (login, health). Use sparingly: everything else needs a principal. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The least role a route needs; higher roles pass too (admin ⊇ operator ⊇ read-only).
 * Without it a route needs read-only for GET/HEAD and operator for anything else.
 */
export const Roles = (role: UserRole): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLE, role);

/** Reachable by a user who still has to replace a one-time password (me, change password). */
export const AllowedBeforePasswordChange = (): MethodDecorator => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);

/** The authenticated principal, set by the global AuthGuard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal | undefined => {
  return context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
});
