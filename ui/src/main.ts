import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app/app.component';
import { appConfig } from './app/app.config';
import { routes } from './app/app.routes';
import { TOKEN_KEY } from './app/core/auth.service';
import { startEarlyRequests } from './app/core/early-requests';
import { pageLoaderFor } from './app/core/route-preload.logic';

/**
 * Resolves once the browser has had a chance to paint index.html's boot bar. Starting the
 * console is one long task; run at once, it would hold the first paint back until it ends.
 * A hidden tab gets no animation frames, so it starts at once.
 */
function afterFirstPaint(): Promise<void> {
  if (document.visibilityState !== 'visible') return Promise.resolve();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/** The opened page's code downloads while the console boots; the router finds it loaded. */
function preloadOpenedPage(): void {
  try {
    void Promise.resolve(pageLoaderFor(routes, location.pathname)?.()).catch(() => undefined);
  } catch {
    // Only a head start: the router loads the page (and reports a failure) itself.
  }
}

preloadOpenedPage();
startEarlyRequests(sessionStorage.getItem(TOKEN_KEY));
afterFirstPaint()
  .then(() => bootstrapApplication(AppComponent, appConfig))
  .catch((error: unknown) => console.error(error));
