import { Global, Module } from '@nestjs/common';
import { DeviceRemoval } from './device-removal';
import { RemovalPreviewer } from './removal-preview';
import { RemovalSweeper } from './removal-sweeper';

/**
 * Delete as undeploy: peers and WANs start removals here (`DeviceRemoval`), the sweeper
 * finishes them. It depends on the database, audit and events only, never on the feature
 * modules that call it.
 */
@Global()
@Module({ providers: [DeviceRemoval, RemovalSweeper, RemovalPreviewer], exports: [DeviceRemoval, RemovalSweeper, RemovalPreviewer] })
export class RemovalModule {}
