export { assignNatTranslation, NAT_TRANSLATION_SPACES } from './nat-translation.allocator';
