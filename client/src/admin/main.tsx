// The admin console's page (/admin): its own entry, so the inbox never loads it.
import { effect } from "@preact/signals";
import { render } from "preact";
import { loadConfig } from "../config";
import { lang } from "../i18n";
import "../style.css";
import "../panels.css";
import "../theme";
import { AdminApp } from "./admin-app";
import { tt } from "./admin-i18n";

loadConfig();

effect(() => {
  document.documentElement.lang = lang.value === "zh" ? "zh-CN" : "en";
  document.title = tt("title");
});

const root = document.getElementById("app");
if (root) render(<AdminApp />, root);
