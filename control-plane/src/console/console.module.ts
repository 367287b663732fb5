import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { join } from 'node:path';
import { consoleAnswer, findConsoleRoot } from './console-static';

/**
 * Serves the built Angular console from the control plane, with deep links falling back to its
 * index page. Registered when the module initialises, which is after Nest has added every
 * route, so no console path can shadow the API; reserved prefixes pass through regardless.
 */
@Module({})
export class ConsoleModule implements OnModuleInit {
  private readonly logger = new Logger('Console');

  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const root = findConsoleRoot(process.cwd());
    const app = this.adapterHost.httpAdapter?.getInstance() as { use?: (handler: unknown) => void } | undefined;
    if (!root || typeof app?.use !== 'function') {
      if (!root) this.logger.log('No built console under ui/dist/console/browser; serving the API only. Build it with `npx nx run ui:build`.');
      return;
    }
    app.use((req: Request, res: Response, next: NextFunction) => {
      const answer = consoleAnswer(root, req.method, req.path);
      if (answer.kind === 'pass') return next();
      if (answer.kind === 'file') {
        return res.sendFile(answer.path, { dotfiles: 'deny', maxAge: answer.immutable ? '365d' : 0, immutable: answer.immutable }, (error) => error && next(error));
      }
      res.setHeader('Cache-Control', 'no-cache');
      return res.sendFile(join(root, 'index.html'), (error) => error && next(error));
    });
  }
}
