import { problems } from '#shared/http/problem.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { reports } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.reconciliationReport, async (request) => {
  const report = await reports().report(request.params.date);
  if (!report) throw problems.notFound();
  return reply.ok({ date: request.params.date, ...report });
});
