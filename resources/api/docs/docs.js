// Starts Swagger UI on the page GET /api/docs (resources/api/docs/index.html). Paths are
// relative to the page, so the page also works behind a reverse proxy that adds a prefix.
'use strict';
window.addEventListener('DOMContentLoaded', function () {
  window.ui = SwaggerUIBundle({
    url: 'openapi.json',
    dom_id: '#swagger-ui',
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    deepLinking: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    displayRequestDuration: true,
    // No calls to validator.swagger.io (the CSP would refuse them anyway).
    validatorUrl: null,
    // A pasted token or API key lives only as long as the page.
    persistAuthorization: false
  });
});
