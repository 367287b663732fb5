import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app/app.component';
import { appConfig } from './app/app.config';

/**
 * Resolves once the browser has had a chance to paint index.html's boot bar. Starting the
 * console is one long task; run at once, it would hold the first paint back until it ends.
 * A hidden tab gets no animation frames, so it starts at once.
 */
function afterFirstPaint(): Promise<void> {
  if (document.visibilityState !== 'visible') return Promise.resolve();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

afterFirstPaint()
  .then(() => bootstrapApplication(AppComponent, appConfig))
  .catch((error: unknown) => console.error(error));
