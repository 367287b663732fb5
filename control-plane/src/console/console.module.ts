import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ConsoleFiles } from './console-files';
import { findConsoleRoot } from './console-static';

/**
 * Serves the built Angular console from the control plane, compressed (see {@link ConsoleFiles}),
 * with deep links falling back to its index page. Registered when the module initialises,
 * which is after Nest has added every route, so no console path can shadow the API; reserved
 * prefixes pass through regardless.
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
    app.use(new ConsoleFiles().handler(root));
  }
}
