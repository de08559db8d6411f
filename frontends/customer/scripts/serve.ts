// Serves the web export (dist/, or DIST) as a single-page app: the file asked for, else index.html.
// PORT (default 5173, which the local API's CORS allows). No dependencies; Node 22 strips the types.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const root = resolve(process.env.DIST ?? resolve(import.meta.dirname, '..', 'dist'));
const port = Number(process.env.PORT ?? 5173);
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.css': 'text/css',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
};

function fileFor(url: string): string {
  const path = normalize(decodeURIComponent(new URL(url, 'http://x').pathname));
  const file = join(root, path);
  if (file.startsWith(root)) {
    try {
      if (statSync(file).isFile()) return file;
    } catch {
      // not there: the app's index
    }
  }
  return join(root, 'index.html');
}

createServer((request, response) => {
  const file = fileFor(request.url ?? '/');
  response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(response);
}).listen(port, () => console.log(`customer app (${root}) on http://localhost:${port}`));
