// Turns /api/analytics timeSeries into Chart.js labels and datasets (one per model when broken down).
import { color, fill, pointRadius } from '../charts.js';
import * as f from '../format.js';

export const METRICS = {
  requests: { label: 'Requests', unit: 'Requests', fmt: f.int },
  tokens: { label: 'Token Usage', unit: 'Tokens', fmt: f.int },
  costUsd: { label: 'Cost ($)', unit: 'Cost (USD)', fmt: (v) => f.cost(v) },
  avgResponseTime: { label: 'Response Time', unit: 'Response time (ms)', fmt: f.duration },
  avgTokensPerSecond: { label: 'Output Speed', unit: 'Output speed (tok/s)', fmt: f.speed },
  errorRate: { label: 'Error Rate', unit: 'Error rate (%)', fmt: (v) => f.pct(v, 1) },
  cacheHitRate: { label: 'Cache Hit', unit: 'Cache hit (%)', fmt: (v) => f.pct(v, 1) },
};

export function seriesData(points, keys, range, area = true) {
  const stamps = [...new Set(points.map((p) => p.ts))].sort((a, b) => a - b);
  const labels = stamps.map((ts) => f.bucketLabel(ts, range));
  const byModel = points.some((p) => p.model);
  if (!byModel) {
    const sorted = [...points].sort((a, b) => a.ts - b.ts);
    return {
      labels,
      datasets: keys.map((key, i) => ({
        label: METRICS[key].label, data: sorted.map((p) => p[key]), borderColor: color(i),
        backgroundColor: fill(i), fill: area && keys.length === 1, cubicInterpolationMode: 'monotone', pointRadius: pointRadius(stamps.length), spanGaps: true,
      })),
    };
  }
  const models = [...new Set(points.map((p) => p.model))];
  const key = keys[0];
  return {
    labels,
    datasets: models.map((model, i) => {
      const at = new Map(points.filter((p) => p.model === model).map((p) => [p.ts, p[key]]));
      return { label: model, data: stamps.map((ts) => (at.has(ts) ? at.get(ts) : null)), borderColor: color(i), backgroundColor: fill(i), cubicInterpolationMode: 'monotone', pointRadius: pointRadius(stamps.length), spanGaps: true };
    }),
  };
}
