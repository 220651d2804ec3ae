// Stored payload helpers: base64 bodies to text, pretty JSON, header rendering, copy to clipboard.
import { ok, fail } from './toast.js';

export function decodeBody(body) {
  if (body === null || body === undefined) return null;
  if (body === '[streamed]') return '[Streaming data not captured]';
  try {
    const bytes = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  } catch {
    return String(body);
  }
}

export function pretty(text, beautify = true) {
  if (text === null || text === undefined) return '';
  if (!beautify) return text;
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
}

export function headersText(headers, beautify = true) {
  if (!headers) return '';
  if (beautify) return JSON.stringify(headers, null, 2);
  return Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\n');
}

export function decodedPayload(payload) {
  const out = { ...payload, decoded: true };
  if (payload.request) out.request = { ...payload.request, body: decodeBody(payload.request.body) };
  if (payload.response) out.response = { ...payload.response, body: decodeBody(payload.response.body) };
  return out;
}

export async function copy(text, what = 'Text') {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
    } else {
      const area = document.createElement('textarea');
      area.value = text;
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      const done = document.execCommand('copy');
      area.remove();
      if (!done) throw new Error('the browser refused to copy');
    }
    ok(`${what} copied to the clipboard`);
  } catch (e) {
    fail(new Error(`Could not copy: ${e.message}`));
  }
}
