import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { provideZonelessChangeDetection, type ApplicationConfig } from '@angular/core';
import { provideRouter, RouteReuseStrategy, withComponentInputBinding } from '@angular/router';
import { routes } from './app.routes';
import { authInterceptor } from './core/auth.interceptor';
import { connectionInterceptor } from './core/connection.service';
import { earlyAnswerInterceptor } from './core/early-requests';
import { WanRouteReuseStrategy } from './core/wan-routing';

export const appConfig: ApplicationConfig = {
  providers: [
    provideZonelessChangeDetection(),
    provideRouter(routes, withComponentInputBinding()),
    { provide: RouteReuseStrategy, useClass: WanRouteReuseStrategy },
    provideHttpClient(withInterceptors([authInterceptor, connectionInterceptor, earlyAnswerInterceptor])),
  ],
};
