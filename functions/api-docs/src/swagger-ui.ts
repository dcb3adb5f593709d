// Swagger UI's files travel inside the function's bundle (esbuild's text loader): the docs page loads
// nothing from another origin. Imported by main.ts only: Node and Vitest do not load `type: 'text'`.

import css from 'swagger-ui-dist/swagger-ui.css' with { type: 'text' };
import script from 'swagger-ui-dist/swagger-ui-bundle.js' with { type: 'text' };

export const swaggerUi = { script, css };
