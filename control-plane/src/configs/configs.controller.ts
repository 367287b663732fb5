import { HeavyRoute } from '../rate-limit/rate-limit.decorators';
import { Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { UuidPipe } from '../common/http/uuid.pipe';
import { ConfigQuery, ExportQuery, QrQuery, RegenerateAllResponse, RegenerateKeysResponse } from './configs.dto';
import { ConfigsService } from './configs.service';
import { send } from './download';
import { RegenerationService } from './regeneration.service';

/** Generated configurations and exports (spec §7.2, §7.6, §8). */
@ApiTags('configurations')
@Controller()
export class ConfigsController {
  constructor(
    @Inject(ConfigsService) private readonly configs: ConfigsService,
    @Inject(RegenerationService) private readonly regeneration: RegenerationService,
  ) {}

  @ApiOperation({ summary: 'The peer’s wg-quick file. Without its private key unless includePrivateKey=true (privileged, audited).' })
  @ApiProduces('text/plain')
  @Get('peers/:id/config') config(@Param('id', UuidPipe) id: string, @Query() q: ConfigQuery, @CurrentPrincipal() actor: Principal | undefined, @Res() res: Response): Promise<void> { return this.configs.wgQuick(id, q.includePrivateKey, actor).then(send(res)); }

  @ApiOperation({ summary: 'The non-destructive RouterOS script (.rsc) for the peer (spec §8.3).' })
  @ApiProduces('text/plain')
  @Get('peers/:id/config/mikrotik-script') mikrotikScript(@Param('id', UuidPipe) id: string, @Res() res: Response): Promise<void> { return this.configs.mikrotikScript(id).then(send(res)); }

  @ApiOperation({ summary: 'The wg-quick file as a QR code (PNG, or SVG with format=svg) for the mobile app; it includes the private key (privileged, audited).' })
  @ApiProduces('image/png', 'image/svg+xml')
  @Get('peers/:id/config/qr') qr(@Param('id', UuidPipe) id: string, @Query() q: QrQuery, @CurrentPrincipal() actor: Principal | undefined, @Res() res: Response): Promise<void> { return this.configs.qr(id, q.format, actor).then(send(res)); }

  @ApiOperation({ summary: 'The peer’s files as a ZIP. Private key only with includePrivateKeys=true.' })
  @ApiProduces('application/zip')
  @HeavyRoute() @Get('peers/:id/export') peerExport(@Param('id', UuidPipe) id: string, @Query() q: ExportQuery, @CurrentPrincipal() actor: Principal | undefined, @Res() res: Response): Promise<void> { return this.configs.peerExport(id, q.includePrivateKeys, actor).then(send(res)); }

  @ApiOperation({ summary: 'A new key pair for a config-file peer (409 PEER.KEY_MANAGED_BY_DEVICE for agents and routers); every peer of the WAN changes.' })
  @ApiOkResponse({ type: RegenerateKeysResponse })
  @Post('peers/:id/regenerate-keys') @HttpCode(200) regenerateKeys(@Param('id', UuidPipe) id: string): Promise<RegenerateKeysResponse> { return this.configs.regenerateKeys(id); }

  @ApiOperation({ summary: 'Every peer’s files as a ZIP: one folder per peer, README mapping peers to files. Private keys only with includePrivateKeys=true.' })
  @ApiProduces('application/zip')
  @HeavyRoute() @Get('wan/:wanId/export') wanExport(@Param('wanId', UuidPipe) wanId: string, @Query() q: ExportQuery, @CurrentPrincipal() actor: Principal | undefined, @Res() res: Response): Promise<void> { return this.regeneration.wanExport(wanId, q.includePrivateKeys, actor).then(send(res)); }

  @ApiOperation({ summary: 'Compiles every peer and stores a configuration version for each one that changed (spec §9.4).' })
  @ApiOkResponse({ type: RegenerateAllResponse })
  @HeavyRoute() @Post('wan/:wanId/regenerate-all') @HttpCode(200) regenerateAll(@Param('wanId', UuidPipe) wanId: string): Promise<RegenerateAllResponse> { return this.regeneration.regenerateAll(wanId); }
}
