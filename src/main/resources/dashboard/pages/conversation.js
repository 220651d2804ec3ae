// Renders the request's messages as chat bubbles, then the assistant reply rebuilt from the response.
import { h } from 'preact';
import { Empty } from '../ui.js';

const stripReminders = (text) => text.replace(/<system-reminder>[\s\S]*?<\/system-reminder>/g, '').trim();

function Block({ block }) {
  if (typeof block === 'string') return h('div', null, stripReminders(block));
  switch (block.type) {
    case 'text': return h('div', null, stripReminders(block.text || ''));
    case 'thinking': return h('details', { class: 'block' }, h('summary', null, 'Thinking'), block.thinking || '');
    case 'tool_use': return h('div', { class: 'block' }, h('b', null, `Tool: ${block.name}`), h('pre', { style: 'margin:4px 0 0;white-space:pre-wrap' }, JSON.stringify(block.input, null, 2)));
    case 'tool_result': {
      const content = Array.isArray(block.content) ? block.content.map((c) => c.text || JSON.stringify(c)).join('\n') : String(block.content ?? '');
      return h('div', { class: 'block' }, h('b', null, 'Tool result'), h('pre', { style: 'margin:4px 0 0;white-space:pre-wrap' }, content));
    }
    default: return h('div', { class: 'block' }, `[${block.type}]`);
  }
}

function Bubble({ role, content }) {
  const blocks = Array.isArray(content) ? content : [content];
  return h('div', { class: `bubble ${role === 'user' ? 'user' : 'assistant'}` },
    h('div', { class: 'role' }, role), blocks.map((b, i) => h(Block, { key: i, block: b })));
}

/** Content blocks of the reply: from an SSE transcript (deltas assembled) or a JSON message. */
export function replyBlocks(text) {
  if (!text) return [];
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try { return JSON.parse(trimmed).content || []; } catch { return [text]; }
  }
  const blocks = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('data:')) continue;
    let event;
    try { event = JSON.parse(line.slice(5)); } catch { continue; }
    if (event.type === 'content_block_start') {
      blocks[event.index] = { ...event.content_block, text: event.content_block.text || '', thinking: event.content_block.thinking || '', partial: '' };
    } else if (event.type === 'content_block_delta' && blocks[event.index]) {
      const b = blocks[event.index];
      const d = event.delta || {};
      if (d.type === 'text_delta') b.text += d.text;
      else if (d.type === 'thinking_delta') b.thinking += d.thinking;
      else if (d.type === 'input_json_delta') b.partial += d.partial_json;
    }
  }
  return blocks.filter(Boolean).map((b) => {
    if (b.type !== 'tool_use' || !b.partial) return b;
    try { return { ...b, input: JSON.parse(b.partial) }; } catch { return { ...b, input: b.partial }; }
  });
}

export function Conversation({ requestText, responseText }) {
  let body = null;
  try { body = requestText ? JSON.parse(requestText) : null; } catch { body = null; }
  const messages = (body && Array.isArray(body.messages)) ? body.messages : [];
  const reply = replyBlocks(responseText);
  if (!messages.length && !reply.length) return h(Empty, null, 'No conversation in this request');
  return h('div', { class: 'conversation' },
    messages.map((m, i) => h(Bubble, { key: i, role: m.role, content: m.content })),
    reply.length ? h(Bubble, { role: 'assistant (reply)', content: reply }) : null);
}
