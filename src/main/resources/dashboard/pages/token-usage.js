// The token usage panel for one request (zero cache, cost and speed rows hidden).
import { h } from 'preact';
import * as f from '../format.js';

export function TokenUsage({ row }) {
  const input = row.inputTokens || 0;
  const output = row.outputTokens || 0;
  const read = row.cacheReadInputTokens || 0;
  const write = row.cacheCreationInputTokens || 0;
  const items = [
    ['Input', f.int(input)],
    ['Output', f.int(output)],
    read ? ['Cache Read', f.int(read)] : null,
    write ? ['Cache Creation', f.int(write)] : null,
    ['Total', f.int(row.totalTokens || input + output + read + write)],
    row.costUsd ? ['Cost', f.cost(row.costUsd)] : null,
    ['Response Time', f.duration(row.responseTimeMs)],
    row.tokensPerSecond ? ['Speed', f.speed(row.tokensPerSecond)] : null,
  ].filter(Boolean);
  return h('dl', { class: 'kv token-usage' }, items.flatMap(([k, v]) => [h('dt', { key: `${k}-k` }, k), h('dd', { key: `${k}-v` }, v)]));
}
