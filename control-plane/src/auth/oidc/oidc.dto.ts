import { ApiProperty } from '@nestjs/swagger';
import type { SignInProvidersResponse } from '@wom/contracts';

class SsoProviderDoc {
  @ApiProperty({ example: 'login.example.com', description: 'OIDC_DISPLAY_NAME, or the issuer’s host name.' }) readonly name!: string;
  @ApiProperty({ example: '/api/auth/oidc/login', description: 'Open it in the browser (a navigation, not a fetch) to sign in.' }) readonly loginUrl!: string;
}

/** The documented shape of SignInProvidersResponse. */
export class SignInProvidersDoc implements SignInProvidersResponse {
  @ApiProperty({ type: () => SsoProviderDoc, nullable: true, description: 'Null when single sign-on is not configured.' }) readonly sso!: SsoProviderDoc | null;
  @ApiProperty({ example: true, description: 'False when password login is turned off (LOCAL_LOGIN=off).' }) readonly localLogin!: boolean;
}
