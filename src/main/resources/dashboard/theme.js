// Light / dark / system theme, stored in localStorage "theme"; charts listen to "themechange".
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const media = matchMedia('(prefers-color-scheme: dark)');

export const current = () => localStorage.getItem('theme') || 'system';

function apply(choice) {
  const dark = choice === 'dark' || (choice === 'system' && media.matches);
  const next = dark ? 'dark' : 'light';
  if (document.documentElement.dataset.theme !== next) {
    document.documentElement.dataset.theme = next;
    dispatchEvent(new Event('themechange'));
  }
}

media.addEventListener('change', () => apply(current()));

export function ThemeToggle() {
  const [choice, setChoice] = useState(current());
  useEffect(() => apply(choice), [choice]);
  const pick = (value) => {
    localStorage.setItem('theme', value);
    setChoice(value);
  };
  return h('div', { class: 'seg', role: 'group', 'aria-label': 'Theme' },
    ['light', 'dark', 'system'].map((value) => h('button', {
      type: 'button', 'aria-pressed': String(choice === value), 'data-theme-choice': value, onClick: () => pick(value),
    }, value[0].toUpperCase() + value.slice(1))));
}
