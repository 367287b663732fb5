export { BUILT_IN_TEMPLATE_IDS, BUILT_IN_TEMPLATES, findBuiltInTemplate } from './built-in-templates';
export { isCommentLine, scanPlaceholders, templateVariablesOf, validateTemplateBody, type TemplatePlaceholder } from './template-body.validator';
export {
  applyTemplateDefaults,
  validateCustomTemplate,
  validatePeerType,
  validateTemplateDefaults,
  type TemplatedPeerInput,
  type TemplatePeerInput,
} from './template-defaults';
export {
  BLOCK_VARIABLES,
  FREE_TEXT_VARIABLES,
  MAX_TEMPLATE_BODY_LENGTH,
  TEMPLATE_VARIABLES,
  type ConfigTemplate,
  type TemplateDefaults,
  type TemplateValues,
  type TemplateVariable,
} from './template.model';
export { neutraliseTemplateText, peerSectionsOf, renderTemplate, TEMPLATE_TEXT_MAX_LENGTH } from './template.renderer';
