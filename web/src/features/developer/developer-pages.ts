export { DeveloperPage } from './developer-page';
export { WebhookEndpointPage } from './webhook-endpoint-page';
