import { HeavyRoute } from '../rate-limit/rate-limit.decorators';
import { Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthErrors, ApiErrors } from '../openapi/api-responses';
import type { Response } from 'express';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { UuidPipe } from '../common/http/uuid.pipe';
import { ConfigQuery, ExportQuery, QrQuery, RegenerateAllResponse, RegenerateKeysResponse } from './configs.dto';
import { ConfigsService } from './configs.service';
import { send } from './download';
import { RegenerationService } from './regeneration.service';

const WG_QUICK_EXAMPLE = '[Interface]\nAddress = 10.0.0.12/32\nListenPort = 51820\n\n[Peer]\nPublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\nAllowedIPs = 10.0.0.0/24\nEndpoint = hub.example.com:51820\n';
const RSC_EXAMPLE = '# paris-gw: WAN corp-wan\n/interface wireguard add name=wg-wan-overlay listen-port=51820 comment="wom:peer:5a1d7c3e"\n';
const binary = (mediaType: string) => ({ [mediaType]: { schema: { type: 'string', format: 'binary' } } });

/** Generated configurations and exports (spec §7.2, §7.6, §8). */
@ApiTags('configurations')
@ApiAuthErrors()
@Controller()
export class ConfigsController {
  constructor(
    @Inject(ConfigsService) private readonly configs: ConfigsService,
    @Inject(RegenerationService) private readonly regeneration: RegenerationService,
  ) {}

  @ApiOperation({ summary: 'The peer’s wg-quick file. Without its private key unless includePrivateKey=true (privileged, audited).' })
  @ApiProduces('text/plain')
  @ApiResponse({ status: 200, description: 'The wg-quick file, as an attachment.', content: { 'text/plain': { schema: { type: 'string' }, example: WG_QUICK_EXAMPLE } } })
  @ApiErrors(400, 404, 409)
  @Get('peers/:id/config') config(@Param('id', UuidPipe) id: string, @Query() q: ConfigQuery, @CurrentPrincipal() actor: Principal | undefined, @Res() res: Response): Promise<void> { return this.configs.wgQuick(id, q.includePrivateKey, actor).then(send(res)); }

  @ApiOperation({ summary: 'The non-destructive RouterOS script (.rsc) for the peer (spec §8.3).' })
  @ApiProduces('text/plain')
  @ApiResponse({ status: 200, description: 'The RouterOS script, as an attachment.', content: { 'text/plain': { schema: { type: 'string' }, example: RSC_EXAMPLE } } })
  @ApiErrors(400, 404, 409)
  @Get('peers/:id/config/mikrotik-script') mikrotikScript(@Param('id', UuidPipe) id: string, @Res() res: Response): Promise<void> { return this.configs.mikrotikScript(id).then(send(res)); }

  @ApiOperation({ summary: 'The wg-quick file as a QR code (PNG, or SVG with format=svg) for the mobile app; it includes the private key (privileged, audited).' })
  @ApiProduces('image/png', 'image/svg+xml')
  @ApiResponse({ status: 200, description: 'The QR code image.', content: { ...binary('image/png'), 'image/svg+xml': { schema: { type: 'string' }, example: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 45 45">…</svg>' } } })
  @ApiErrors(400, 404, 409)
  @Get('peers/:id/config/qr') qr(@Param('id', UuidPipe) id: string, @Query() q: QrQuery, @CurrentPrincipal() actor: Principal | undefined, @Res() res: Response): Promise<void> { return this.configs.qr(id, q.format, actor).then(send(res)); }

  @ApiOperation({ summary: 'The peer’s files as a ZIP. Private key only with includePrivateKeys=true.' })
  @ApiProduces('application/zip')
  @ApiResponse({ status: 200, description: 'A ZIP with the peer’s wg-quick file, script and README.', content: binary('application/zip') })
  @ApiErrors(400, 404, 429)
  @HeavyRoute() @Get('peers/:id/export') peerExport(@Param('id', UuidPipe) id: string, @Query() q: ExportQuery, @CurrentPrincipal() actor: Principal | undefined, @Res() res: Response): Promise<void> { return this.configs.peerExport(id, q.includePrivateKeys, actor).then(send(res)); }

  @ApiOperation({ summary: 'A new key pair for a config-file peer (409 PEER.KEY_MANAGED_BY_DEVICE for agents and routers); every peer of the WAN changes.' })
  @ApiOkResponse({ type: RegenerateKeysResponse, description: 'The new public key and the peers whose configuration changed.' })
  @ApiErrors(400, 404, 409)
  @Post('peers/:id/regenerate-keys') @HttpCode(200) regenerateKeys(@Param('id', UuidPipe) id: string): Promise<RegenerateKeysResponse> { return this.configs.regenerateKeys(id); }

  @ApiOperation({ summary: 'Every peer’s files as a ZIP: one folder per peer, README mapping peers to files. Private keys only with includePrivateKeys=true.' })
  @ApiProduces('application/zip')
  @ApiResponse({ status: 200, description: 'A ZIP with one folder per peer and a README mapping peers to files.', content: binary('application/zip') })
  @ApiErrors(400, 404, 429)
  @HeavyRoute() @Get('wan/:wanId/export') wanExport(@Param('wanId', UuidPipe) wanId: string, @Query() q: ExportQuery, @CurrentPrincipal() actor: Principal | undefined, @Res() res: Response): Promise<void> { return this.regeneration.wanExport(wanId, q.includePrivateKeys, actor).then(send(res)); }

  @ApiOperation({ summary: 'Compiles every peer and stores a configuration version for each one that changed (spec §9.4).' })
  @ApiOkResponse({ type: RegenerateAllResponse, description: 'What was generated, unchanged or needs applying by hand.' })
  @ApiErrors(400, 404, 429)
  @HeavyRoute() @Post('wan/:wanId/regenerate-all') @HttpCode(200) regenerateAll(@Param('wanId', UuidPipe) wanId: string): Promise<RegenerateAllResponse> { return this.regeneration.regenerateAll(wanId); }
}
