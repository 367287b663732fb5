import { HttpErrorResponse, type HttpHandlerFn, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { AuthService } from './auth.service';
import { isSessionCall } from './session.logic';

const withToken = (req: HttpRequest<unknown>, token: string | null) => (token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req);

/**
 * Adds the bearer token to API calls. A 401 gets one renewal through the refresh cookie and
 * one retry; when that fails too the AuthService signs out and the console asks for a sign-in.
 */
export const authInterceptor: HttpInterceptorFn = (req, next: HttpHandlerFn) => {
  if (!req.url.startsWith('/api/')) return next(req);
  const auth = inject(AuthService);
  const sent = auth.token();
  if (isSessionCall(req.url)) return next(withToken(req, sent));
  return next(withToken(req, sent)).pipe(
    catchError((error: unknown) => {
      // Only "who are you?" (a missing, expired or ended token); a wrong password is a 401 of another code.
      const unauthenticated = error instanceof HttpErrorResponse && error.status === 401 && (error.error as { code?: unknown } | null)?.code === 'AUTH.UNAUTHENTICATED';
      if (!unauthenticated) return throwError(() => error);
      return from(auth.renew()).pipe(switchMap((token) => (token ? next(withToken(req, token)) : throwError(() => error))));
    }),
  );
};
