import type {
  ApiClient,
  FormatId,
  Page,
  Template,
  TemplateCategory,
  TemplateFacets,
  TemplateView,
} from '../../lib/api';
import { enc, query } from '../../lib/query';

export interface TemplateQuery {
  view: TemplateView;
  category?: TemplateCategory | '';
  tag?: string;
  format?: FormatId | '';
  q?: string;
  cursor?: string;
}

/** functions/templates: the gallery and private templates saved from projects (Pro and above). */
export const templatesApi = (api: ApiClient) => ({
  // Documents come with the list: every card shows a preview.
  list: (q: TemplateQuery) =>
    api.get<Page<Template>>(`/v1/templates${query({ ...q, include: 'document', limit: 24 })}`),
  facets: () => api.get<TemplateFacets>('/v1/templates/categories'),
  get: (id: string) => api.get<Template>(`/v1/templates/${enc(id)}`),
  saveFromProject: (body: { projectId: string; name: string; category: TemplateCategory; tags?: string[] }) =>
    api.post<Template>('/v1/templates', body),
});
