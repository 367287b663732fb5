export * from './comment-text.util';
export * from './wire-values.validator';
