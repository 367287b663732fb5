import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PEER_TYPES, TEMPLATE_VARIABLES, templateVariablesOf, type ConfigTemplate, type PeerType, type TemplateVariable } from '@wom/domain';
import { IsOptional, IsString } from 'class-validator';

const EXAMPLE_BODY = '# {{WAN_NAME}}: {{PEER_NAME}}\n[Interface]\nPrivateKey = {{PRIVATE_KEY}}\nAddress = {{TUNNEL_IP}}/32\nDNS = {{DNS}}\n\n{{PEERS}}\n';

/** Shapes only; the domain's validateCustomTemplate checks the values and names a bad variable. */
export class CreateTemplateDto {
  @ApiProperty({ example: 'Branch laptop' }) @IsString() name!: string;
  @ApiPropertyOptional({ example: 'Laptops of branch staff, DNS through the hub.' }) @IsOptional() @IsString() description?: string;
  @ApiProperty({ enum: PEER_TYPES, example: 'client', description: 'Peers created from the template get this type and the defaults of the built-in template for it.' })
  @IsString()
  peerType!: PeerType;
  @ApiProperty({ example: EXAMPLE_BODY, description: `wg-quick text with {{VARIABLE}} placeholders: ${TEMPLATE_VARIABLES.join(', ')}.` }) @IsString() body!: string;
}

export class UpdateTemplateDto {
  @ApiPropertyOptional({ example: 'Branch laptop v2' }) @IsOptional() @IsString() name?: string;
  @ApiPropertyOptional({ example: 'Laptops of branch staff, DNS through the hub.' }) @IsOptional() @IsString() description?: string;
  @ApiPropertyOptional({ enum: PEER_TYPES, example: 'client' }) @IsOptional() @IsString() peerType?: PeerType;
  @ApiPropertyOptional({ example: EXAMPLE_BODY }) @IsOptional() @IsString() body?: string;
}

export class TemplateDefaultsResponse {
  @ApiProperty({ nullable: true, type: Number, example: 25 }) persistentKeepalive!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: null }) listenPort!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: null }) mtu!: number | null;
  @ApiProperty({ type: [String], example: [] }) dns!: readonly string[];
  @ApiProperty({ example: false }) routesLocalSubnets!: boolean;
  @ApiProperty({ example: false }) publishesServices!: boolean;
}

export class TemplateResponse {
  @ApiProperty({ description: 'A slug for built-ins, a UUID for custom templates.', example: 'simple-client' }) id!: string;
  @ApiProperty({ example: 'Simple client' }) name!: string;
  @ApiProperty({ example: 'A laptop or phone that reaches the WAN through the hub.' }) description!: string;
  @ApiProperty({ enum: PEER_TYPES, example: 'client' }) peerType!: PeerType;
  @ApiProperty({ type: TemplateDefaultsResponse }) defaults!: TemplateDefaultsResponse;
  @ApiProperty({ example: EXAMPLE_BODY }) body!: string;
  @ApiProperty({ description: 'Built-in templates are read-only.', example: true }) builtIn!: boolean;
  @ApiProperty({ type: [String], example: ['WAN_NAME', 'PEER_NAME', 'PRIVATE_KEY', 'TUNNEL_IP', 'DNS', 'PEERS'] }) variables!: readonly TemplateVariable[];
}

export const toTemplateResponse = (template: ConfigTemplate): TemplateResponse => ({
  id: template.id,
  name: template.name,
  description: template.description,
  peerType: template.peerType,
  defaults: { ...template.defaults },
  body: template.body,
  builtIn: template.builtIn,
  variables: templateVariablesOf(template.body),
});
