// Build the front-end assets into the Django static folder (run by `make assets`).
// Everything comes from node_modules (the npm registry at set-up); nothing from a CDN.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "prevhub", "web", "static", "vendor");
const nm = join(here, "node_modules");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const css = sass.compile(join(here, "app.scss"), {
  loadPaths: [nm, here],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
});
writeFileSync(join(out, "prevhub.css"), css.css);

const copies = [
  ["govuk-frontend/dist/govuk/assets", "govuk/assets"],
  ["govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk/govuk-frontend.min.js"],
  ["@ministryofjustice/frontend/moj/all.bundle.mjs", "moj/moj-frontend.min.mjs"],
  ["@ministryofjustice/frontend/moj/assets", "moj/assets"],
  ["htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"],
];
for (const [from, to] of copies) {
  cpSync(join(nm, from), join(out, to), { recursive: true });
}
// Charts: Vega, Vega-Lite, vega-embed and vega-interpreter bundled into one module.
await esbuild.build({
  entryPoints: [join(here, "src", "charts.mjs")],
  bundle: true,
  format: "esm",
  minify: true,
  outfile: join(out, "charts", "charts.min.mjs"),
  logLevel: "warning",
});

// Maps: Leaflet (from npm) and our own small module that draws the Find pages' layers.
await esbuild.build({
  entryPoints: [join(here, "src", "maps.mjs")],
  bundle: true,
  format: "esm",
  minify: true,
  outfile: join(out, "maps", "maps.min.mjs"),
  logLevel: "warning",
});
// Leaflet's stylesheet and the Find pages' own styles in one file; Leaflet's images beside it
// (its CSS refers to them as images/...).
writeFileSync(
  join(out, "maps", "maps.css"),
  readFileSync(join(nm, "leaflet/dist/leaflet.css"), "utf8") +
    readFileSync(join(here, "src", "maps.css"), "utf8"),
);
cpSync(join(nm, "leaflet/dist/images"), join(out, "maps", "images"), { recursive: true });

// MoJ's precompiled CSS points at /assets/; serve its images from our static folder instead.
const mojCss = readFileSync(join(nm, "@ministryofjustice/frontend/moj/moj-frontend.min.css"), "utf8");
writeFileSync(
  join(out, "moj", "moj-frontend.min.css"),
  mojCss.replaceAll("url(/assets/", "url(/static/vendor/moj/assets/"),
);
console.log(`front-end assets built into ${out}`);
