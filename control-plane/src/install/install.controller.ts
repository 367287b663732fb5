import { createReadStream } from 'node:fs';
import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AgentInstallInfo } from '@wom/contracts';
import { Public, Roles } from '../auth/auth.decorators';
import { AppError } from '../common/errors/app-error';
import { ApiAuthErrors, ApiErrors, ApiPublicOperation } from '../openapi/api-responses';
import { AgentArtifacts, SERVED_NAMES, type ServedName } from './agent-artifacts';
import { AgentInstallInfoDoc } from './install.dto';
import { InstallInfoService } from './install-info.service';

const CONTENT_TYPES: Readonly<Record<ServedName, string>> = {
  'wom-agent-linux-x64': 'application/octet-stream',
  'wom-agent-linux-x64.sha256': 'text/plain; charset=utf-8',
  'wom-agent.mjs': 'text/javascript; charset=utf-8',
  'wom-agent.mjs.sha256': 'text/plain; charset=utf-8',
  'agent.md': 'text/markdown; charset=utf-8',
};

const notBuilt = (what: string) =>
  new AppError('INSTALL.NOT_BUILT', `This control plane has no ${what} to serve. Build the agent on it ("npm run build:agent") or set AGENT_DIST_DIR to a directory holding the build.`);

/**
 * What a box needs to join, served without authentication: the installer, the agent and its
 * checksum, and the guide. Nothing here is secret; the enrollment token the installer is given
 * is what grants access, and the executable is checked against its SHA-256 before it runs.
 */
@ApiTags('agents')
@Controller('install')
@Public()
export class InstallController {
  constructor(@Inject(AgentArtifacts) private readonly artifacts: AgentArtifacts) {}

  @ApiPublicOperation({ summary: 'The agent installer, with this control plane as its server: `curl -fsSL <PUBLIC_URL>/install/agent.sh | sudo sh -s -- --token <token>`.' })
  @ApiProduces('text/x-shellscript')
  @ApiResponse({ status: 200, description: 'A POSIX shell script.', content: { 'text/x-shellscript': { schema: { type: 'string' } } } })
  @ApiErrors(404)
  @Get('agent.sh')
  async script(@Res() res: Response): Promise<void> {
    const script = await this.artifacts.installScript();
    if (script === null) throw notBuilt('agent installer');
    res.setHeader('Cache-Control', 'no-cache').type('text/x-shellscript; charset=utf-8').send(script);
  }

  /** HEAD is answered too (Express runs GET for it): the installer's size and date without the body. */
  @ApiPublicOperation({ summary: 'A file of the built agent: the linux-x64 executable, the wom-agent.mjs bundle, their .sha256 files, or agent.md.' })
  @ApiProduces('application/octet-stream')
  @ApiResponse({ status: 200, description: 'The file; the executable as gzip when the client accepts it.', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(404)
  @Get(':file')
  download(@Param('file') name: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send(name, req, res);
  }

  private async send(name: string, req: Request, res: Response): Promise<void> {
    if (!(SERVED_NAMES as readonly string[]).includes(name)) {
      throw new AppError('INSTALL.NOT_FOUND', `There is no file "${name}" to install. The files are: agent.sh, ${SERVED_NAMES.join(', ')}.`);
    }
    const file = await this.artifacts.file(name as ServedName);
    if (file === null) throw notBuilt(name);
    const gzip = file.gzip !== null && req.acceptsEncodings('gzip', 'identity') === 'gzip' ? file.gzip : null;
    res.setHeader('Content-Type', CONTENT_TYPES[name as ServedName]);
    res.setHeader('Content-Length', String(gzip?.sizeBytes ?? file.sizeBytes));
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Last-Modified', new Date(file.modifiedMs).toUTCString());
    res.setHeader('Vary', 'Accept-Encoding');
    if (gzip !== null) res.setHeader('Content-Encoding', 'gzip');
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await new Promise<void>((resolve) => {
      const stream = createReadStream(gzip?.path ?? file.path);
      stream.once('error', () => res.destroy());
      res.once('close', () => {
        stream.destroy();
        resolve();
      });
      stream.pipe(res);
    });
  }
}

/** For the console's install dialog: the public address, NATS, and what would keep a box out. */
@ApiTags('agents')
@ApiAuthErrors()
@Controller('agents')
export class InstallInfoController {
  constructor(@Inject(InstallInfoService) private readonly info: InstallInfoService) {}

  @ApiOperation({ summary: 'How boxes reach this control plane to install an agent, and every reason one elsewhere could not.' })
  @ApiOkResponse({ type: AgentInstallInfoDoc, description: 'The install facts and warnings.' })
  @Get('install')
  @Roles('read-only')
  get(): Promise<AgentInstallInfo> {
    return this.info.get();
  }
}
