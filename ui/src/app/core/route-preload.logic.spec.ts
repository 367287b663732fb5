import { Component } from '@angular/core';
import type { Routes } from '@angular/router';
import { pageLoaderFor } from './route-preload.logic';

@Component({ selector: 'wom-page', template: '' })
class Page {}

/** A distinct loader per page: the spec checks which one is found, never calls it. */
const load = (_name: string) => () => Promise.resolve(Page);
const dashboard = load('dashboard');
const peers = load('peers');
const peer = load('peer');
const users = load('users');
const login = load('login');

const routes: Routes = [
  { path: 'login', loadComponent: login },
  {
    path: '',
    children: [
      { path: '', pathMatch: 'full', loadComponent: dashboard },
      { path: 'wans/:wanId', children: [{ path: '', pathMatch: 'full', loadComponent: dashboard }, { path: 'peers', loadComponent: peers }, { path: 'peers/:id', loadComponent: peer }, { path: '**', redirectTo: '' }] },
      { path: 'users', loadComponent: users },
      { matcher: () => ({ consumed: [] }), children: [] },
    ],
  },
  { path: '**', redirectTo: '' },
];

describe('pageLoaderFor', () => {
  it.each([
    ['/', dashboard],
    ['/login', login],
    ['/users', users],
    ['/wans/4d2c/peers', peers],
    ['/wans/4d2c/peers?sort=-name&type=client', peers],
    ['/wans/4d2c/peers/9a1b', peer],
    ['/wans/4d2c', dashboard],
    ['/wans/4d2c/', dashboard],
  ])('finds the page %s shows', (path, expected) => {
    expect(pageLoaderFor(routes, path)).toBe(expected);
  });

  it.each(['/wans/4d2c/nowhere', '/wans', '/users/extra/parts'])('finds nothing for %s, which the router redirects', (path) => {
    expect(pageLoaderFor(routes, path)).toBeNull();
  });
});
