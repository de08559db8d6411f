/** The files of swagger-ui-dist the page loads, served by GET /docs/assets/{file} (no CDN, works offline). */
export const DOCS_ASSETS = ['swagger-ui-bundle.js', 'swagger-ui.css'] as const;

/**
 * Swagger UI's filter box matches tag names only; this plugin (its documented `fn.opsFilter` hook)
 * matches every word typed against an operation's domain, method, path, summary and id.
 */
const SEARCH_PLUGIN = `function searchEverything() {
  return { fn: { opsFilter: function (taggedOps, phrase) {
    var words = String(phrase || '').toLowerCase().split(/\\s+/).filter(Boolean);
    return taggedOps.map(function (tagObj, tag) {
      return tagObj.set('operations', tagObj.get('operations').filter(function (op) {
        var text = [tag, op.get('method'), op.get('path'), op.getIn(['operation', 'summary']), op.getIn(['operation', 'operationId'])].join(' ').toLowerCase();
        return words.every(function (word) { return text.indexOf(word) !== -1; });
      }));
    }).filter(function (tagObj) { return tagObj.get('operations').size > 0; });
  } } };
}`;

/**
 * The API reference page: Swagger UI (swagger-ui-dist, served by this API) on the generated OpenAPI
 * document — operations grouped by domain, a search box over paths and summaries, request and
 * response schemas with examples, and "try it out" with a bearer token. Decision 0024.
 */
export function docsPage(openApiUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>PetPro API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<style>body{margin:0;background:#fafafa}.swagger-ui .topbar{display:none}header{background:#0f766e;color:#fff;padding:14px 24px;font:600 20px system-ui,sans-serif}</style>
</head>
<body><header>PetPro API</header><div id="reference"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>
${SEARCH_PLUGIN}
window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(openApiUrl)},
  dom_id: '#reference',
  deepLinking: true,
  filter: true,
  docExpansion: 'list',
  defaultModelsExpandDepth: 0,
  defaultModelExpandDepth: 2,
  displayRequestDuration: true,
  persistAuthorization: true,
  plugins: [searchEverything],
});
</script></body></html>`;
}
