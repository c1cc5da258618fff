/**
 * One chart (Chart.js, canvas). The canvas is an image with a label for screen readers; every chart
 * has its values in a table next to it, so nothing is only in the picture. Colours are told apart by
 * dash pattern and point shape as well (colour-blind staff).
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);
Chart.defaults.font.size = 14;
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";

/** Dark enough for 3:1 against white (WCAG non-text contrast). */
export const SERIES_STYLES = [
  { color: '#1d4ed8', dash: [] as number[], point: 'circle' as const },
  { color: '#b45309', dash: [6, 4], point: 'rectRot' as const },
  { color: '#15803d', dash: [2, 3], point: 'triangle' as const },
];

export interface Series {
  label: string;
  values: (number | null)[];
}

export function ChartView(props: { kind: 'line' | 'bar'; label: string; labels: string[]; series: Series[]; yMin?: number; yMax?: number; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { kind, labels, series, yMin, yMax } = props;
  useEffect(() => {
    if (!canvas.current) return;
    const datasets = series.map((s, i) => {
      const style = SERIES_STYLES[i % SERIES_STYLES.length]!;
      return {
        label: s.label,
        data: s.values,
        borderColor: style.color,
        backgroundColor: kind === 'bar' ? style.color : `${style.color}33`,
        borderDash: style.dash,
        pointStyle: style.point,
        pointRadius: 4,
        spanGaps: false,
      };
    }) as ChartDataset<'line' | 'bar', (number | null)[]>[];
    const chart = new Chart(canvas.current, {
      type: kind,
      data: { labels, datasets: datasets as never },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { labels: { color: '#16182a', usePointStyle: true } } },
        scales: {
          x: { ticks: { color: '#4a5263' } },
          y: { ticks: { color: '#4a5263' }, beginAtZero: true, ...(yMin !== undefined ? { min: yMin } : {}), ...(yMax !== undefined ? { max: yMax } : {}) },
        },
      },
    });
    return () => chart.destroy();
  }, [kind, labels, series, yMin, yMax]);
  return (
    <div className="chart-box">
      <canvas ref={canvas} role="img" aria-label={props.label} data-testid={props.testId} />
    </div>
  );
}
