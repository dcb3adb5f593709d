import { useTranslation } from 'react-i18next';
import { namespaces } from './i18n-namespaces';

/** `t` for every namespace, keys written `ns:key` (typed from en-US, see i18next.d.ts). */
export const useT = () => useTranslation(namespaces);
export type Translate = ReturnType<typeof useT>['t'];
