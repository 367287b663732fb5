export { compile, compilePeer } from './compile';
