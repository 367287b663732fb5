export { renderRouterOsScript, type RouterOsScriptOptions } from './routeros-script.renderer';
export { routerOsCommentText, routerOsString } from './routeros-string.encoder';
