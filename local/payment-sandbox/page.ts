import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DevRoute } from '../gateway.ts';
import { sendJson } from '../http-util.ts';
import { devRequest, isRecord, jsonBody, SandboxHttpError } from '../sandbox-server.ts';
import { MIDTRANS_CODES } from './midtrans.ts';
import {
  formatRupiah,
  isFinal,
  isWebUrl,
  jakartaTime,
  PAID_STATUSES,
  untouched,
  type Pay,
  type SandboxAttempt,
  type SandboxMethod,
  type SandboxOutcome,
} from './model.ts';
import type { AttemptState } from './state.ts';

/**
 * The hosted payment page the customer clicks, served through the gateway (a dev route) and on the
 * sandbox's own port: `GET /sandbox/pay` (recent attempts), `GET /sandbox/pay/{id}` (amount, order,
 * status, expiry and the Pay / Fail / Expire buttons, plus Midtrans's "choose method" step) and
 * `POST /sandbox/pay/{id}/{outcome}` (runs `pay()`: JSON back for scripts, back to the page for a
 * form). `id` is our payment id or the provider order id. After a button press the page links back
 * to the app (Midtrans `callbacks.finish` with the outcome in its query, Xendit's success or failure
 * URL) without redirecting, so humans can still read it. In Bahasa Indonesia and English.
 */

export const PAGE_PREFIX = '/sandbox/pay';

/** Where the page addresses an attempt: our payment id when known, else the provider order id. */
export const pagePath = (attempt: SandboxAttempt) =>
  `${PAGE_PREFIX}/${encodeURIComponent(attempt.paymentId ?? attempt.providerOrderId)}`;

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/**
 * Where the provider's page would send the customer once an outcome is chosen: the success URL if paid,
 * else the failure URL; Midtrans adds the outcome to its one finish URL's query (Snap "Custom Finish URL").
 */
function returnUrl(attempt: SandboxAttempt): string | undefined {
  if (untouched(attempt) || !attempt.returnUrls) return undefined;
  const chosen = PAID_STATUSES.has(attempt.status) ? attempt.returnUrls.success : attempt.returnUrls.failure;
  if (!isWebUrl(chosen)) return undefined;
  if (attempt.provider === 'xendit') return chosen;
  const url = new URL(chosen);
  url.searchParams.set('order_id', attempt.providerOrderId);
  url.searchParams.set('status_code', MIDTRANS_CODES[attempt.status] ?? '200');
  url.searchParams.set('transaction_status', attempt.status);
  return url.toString();
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1f2933}small{color:#616e7c;font-weight:normal}
dt{margin-top:.75rem;font-weight:600}dd{margin:0}.amount{font-size:2rem;font-weight:700}.actions{display:flex;gap:.5rem;margin:1.5rem 0}
button{font-size:1rem;padding:.75rem 1rem;border:0;border-radius:.5rem;color:#fff;cursor:pointer}button:disabled{opacity:.4;cursor:default}
.pay{background:#1f7a4d}.fail{background:#b42318}.expire{background:#6b7280}.pending{background:#1d4ed8}.back{font-size:1.1rem}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #e4e7eb}</style>
</head><body>${body}</body></html>`;
}

function listPage(attempts: Iterable<SandboxAttempt>): string {
  const rows = [...attempts]
    .reverse()
    .slice(0, 50)
    .map(
      (attempt) =>
        `<tr><td><a href="${pagePath(attempt)}">${escapeHtml(attempt.providerOrderId)}</a></td><td>${attempt.paymentId ? `<code>${escapeHtml(attempt.paymentId)}</code>` : '—'}</td><td>${attempt.provider}</td><td>${formatRupiah(attempt.amount)}</td><td>${escapeHtml(attempt.status)}</td></tr>`,
    );
  return layout(
    'Pembayaran sandbox · Payment sandbox',
    `<h1>Pembayaran sandbox <small>Payment sandbox</small></h1>
<table><thead><tr><th>Nomor pesanan · Order ID</th><th>ID pembayaran · Payment ID</th><th>Penyedia · Provider</th><th>Jumlah · Amount</th><th>Status</th></tr></thead><tbody>${rows.join('') || '<tr><td colspan="5">Belum ada pembayaran · No payments yet</td></tr>'}</tbody></table>`,
  );
}

/** `addressedAs`: the id in the page's URL (our payment id or the provider order id); its buttons post to the same. */
function attemptPage(attempt: SandboxAttempt, addressedAs: string): string {
  const id = encodeURIComponent(addressedAs);
  const disabled = isFinal(attempt) ? ' disabled' : '';
  // Past its expiry the page takes no payment nor method (pay() refuses them too).
  const lapsed = !isFinal(attempt) && Date.parse(attempt.expiresAt) <= Date.now();
  const button = (outcome: SandboxOutcome, label: string, english: string, off = disabled) =>
    `<form method="post" action="${PAGE_PREFIX}/${id}/${outcome}"><button class="${outcome}" type="submit"${off}>${label} <small>${english}</small></button></form>`;
  // Snap has a step Xendit's invoice lacks: a method chosen (a VA issued), not paid yet.
  const pending =
    attempt.provider === 'midtrans'
      ? button(
          'pending',
          'Pilih metode',
          'Choose method, pay later',
          attempt.status === 'created' && !lapsed ? '' : ' disabled',
        )
      : '';
  const back = returnUrl(attempt);
  const closing = attempt.cancelledAt
    ? '<p>Pembayaran ini dibatalkan oleh penjual dan tidak bisa dibayar lagi. <small>The merchant cancelled this payment: it can no longer be paid.</small></p>'
    : isFinal(attempt)
      ? '<p>Pembayaran ini sudah selesai. <small>This payment is final.</small></p>'
      : lapsed
        ? '<p>Halaman pembayaran ini sudah kedaluwarsa dan tidak bisa dibayar lagi. <small>This payment page has expired: it can no longer be paid.</small></p>'
        : '';
  return layout(
    `${formatRupiah(attempt.amount)} · ${escapeHtml(attempt.providerOrderId)}`,
    `<h1>Pembayaran sandbox <small>Payment sandbox · ${attempt.provider === 'midtrans' ? 'Midtrans Snap' : 'Xendit Invoice'}</small></h1>
<dl>
  <dt>Jumlah <small>Amount</small></dt><dd class="amount">${formatRupiah(attempt.amount)}</dd>
  <dt>Nomor pesanan <small>Order ID</small></dt><dd><code>${escapeHtml(attempt.providerOrderId)}</code></dd>
  ${attempt.paymentId ? `<dt>ID pembayaran <small>Payment ID</small></dt><dd><code>${escapeHtml(attempt.paymentId)}</code></dd>` : ''}
  <dt>Status</dt><dd><code>${escapeHtml(attempt.status)}</code></dd>
  <dt>Kedaluwarsa pada <small>Expires at</small></dt><dd>${escapeHtml(jakartaTime(attempt.expiresAt))} WIB</dd>
</dl>
${closing}
<div class="actions">${button('pay', 'Bayar', 'Pay', lapsed ? ' disabled' : disabled)}${button('fail', 'Gagal', 'Fail')}${button('expire', 'Kedaluwarsa', 'Expire')}${pending}</div>
${back ? `<p class="back"><a href="${escapeHtml(back)}">Kembali ke aplikasi <small>Back to the app</small></a></p>` : ''}
<p><small>Lokal saja: tidak ada uang sungguhan. · Local only: no real money moves.</small></p>`,
  );
}

const sendHtml = (response: ServerResponse, status: number, html: string) => {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
  });
  response.end(html);
};

/**
 * GET /sandbox/pay (recent attempts), GET /sandbox/pay/{id} (the page), POST /sandbox/pay/{id}/{outcome}
 * (JSON, or back to the page for a form); `id` is our payment id or the provider order id. A refusal
 * (unknown id, a final attempt, a bad outcome) is answered `{ message }` with its status.
 */
export function paymentPageRoute(state: AttemptState, pay: Pay): DevRoute {
  async function page(request: IncomingMessage, response: ServerResponse, url: URL) {
    const { method, rest } = devRequest(request, url, PAGE_PREFIX);
    if (method === 'GET' && rest.length === 0) return sendHtml(response, 200, listPage(state.attempts.values()));
    if (method === 'GET' && rest.length === 1) {
      const attempt = state.find(rest[0]!);
      if (!attempt)
        return sendHtml(
          response,
          404,
          layout('404', '<h1>Pembayaran tidak ditemukan <small>Payment not found</small></h1>'),
        );
      return sendHtml(response, 200, attemptPage(attempt, rest[0]!));
    }
    if (method === 'POST' && rest.length === 2) {
      // The id is our payment id or the provider order id; a form returns to the page it came from.
      const [id, outcome] = rest as [string, string];
      // Scripts may send { times, outOfOrder, method } as JSON or as query parameters; a browser form sends neither.
      const body = /json/.test(request.headers['content-type'] ?? '') ? await jsonBody(request) : undefined;
      const field = (name: 'times' | 'outOfOrder' | 'method') =>
        isRecord(body) && body[name] !== undefined ? body[name] : url.searchParams.get(name);
      const paidWith = field('method') ?? undefined;
      const times = Number(field('times') ?? 1);
      const outOfOrder = [true, 'true', '1'].includes(field('outOfOrder') as string);
      const result = await pay(id, outcome as SandboxOutcome, {
        times: Number.isFinite(times) ? times : 1,
        outOfOrder,
        ...(paidWith !== undefined ? { method: paidWith as SandboxMethod } : {}),
      });
      if (/text\/html/.test(request.headers.accept ?? '')) {
        response.writeHead(303, { location: `${PAGE_PREFIX}/${encodeURIComponent(id)}` });
        return response.end();
      }
      return sendJson(response, 200, result);
    }
    sendJson(response, 404, { message: `not a sandbox page: ${method} ${url.pathname}` });
  }

  return async (request, response, url) => {
    try {
      await page(request, response, url);
    } catch (error) {
      if (!(error instanceof SandboxHttpError)) throw error;
      sendJson(response, error.status, { message: error.message });
    }
  };
}
