export { compile, compilePeer, prepareCompilation, type Compilation, type PeerCompileResult } from './compile';
