import { Inject, Injectable } from '@nestjs/common';
import { MetricsRegistry } from './metrics.registry';

@Injectable()
export class MetricsService {
  constructor(@Inject(MetricsRegistry) private readonly metrics: MetricsRegistry) {}

  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
