// Light/dark: follows the system until the user picks one; applied as <html data-theme>.
import { effect, signal } from "@preact/signals";

export type Theme = "auto" | "light" | "dark";
const KEY = "pigeonhole.theme";

const saved = localStorage.getItem(KEY);
export const theme = signal<Theme>(saved === "light" || saved === "dark" ? saved : "auto");

effect(() => {
  const value = theme.value;
  if (value === "auto") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = value;
});

export function cycleTheme(): void {
  theme.value = theme.value === "auto" ? "light" : theme.value === "light" ? "dark" : "auto";
  localStorage.setItem(KEY, theme.value);
}
