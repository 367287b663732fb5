export * from './wg-quick.renderer';
