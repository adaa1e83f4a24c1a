// Build the front-end assets into the Django static folder (run by `make assets`).
// Everything comes from node_modules (the npm registry at set-up); nothing from a CDN.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const staticRoot = join(here, "..", "src", "prevhub", "web", "static");
const out = join(staticRoot, "vendor");
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
  if (statSync(join(nm, from)).isFile()) shipSourceMap(join(nm, from), join(out, to));
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

// MoJ's precompiled CSS points at /assets/; serve its images from beside it instead.
const mojCssFrom = join(nm, "@ministryofjustice/frontend/moj/moj-frontend.min.css");
const mojCssTo = join(out, "moj", "moj-frontend.min.css");
writeFileSync(mojCssTo, readFileSync(mojCssFrom, "utf8").replaceAll("url(/assets/", "url(assets/"));
shipSourceMap(mojCssFrom, mojCssTo);

checkReferences(out);
console.log(`front-end assets built into ${out}`);

// A vendor file that names a source map (`sourceMappingURL=x.map`) gets that map beside it.
// Production's manifest storage (WhiteNoise) follows these references at `collectstatic` and
// refuses to finish if one points at a file that was not shipped.
function shipSourceMap(from, to) {
  const named = readFileSync(to, "utf8").match(/sourceMappingURL=([^\s*]+)/);
  if (!named || named[1].startsWith("data:")) return;
  cpSync(join(dirname(from), named[1]), join(dirname(to), named[1]));
}

// Every url(...) in a stylesheet and every source map named in a stylesheet or script must be a
// file in the static folder: the same check `collectstatic` makes in production, made here so a
// new vendor file that breaks it fails the build, not the deployment.
function checkReferences(folder) {
  const missing = [];
  for (const file of walk(folder)) {
    if (!/\.(css|m?js)$/.test(file)) continue;
    const text = readFileSync(file, "utf8");
    const refs = [...text.matchAll(/sourceMappingURL=([^\s*]+)/g)].map((m) => m[1]);
    if (file.endsWith(".css")) {
      refs.push(...[...text.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((m) => m[1]));
    }
    for (const ref of refs) {
      if (/^(data:|[a-z]+:|\/\/|#)/i.test(ref)) continue;
      const path = ref.split(/[?#]/)[0];
      const target = path.startsWith("/static/")
        ? join(staticRoot, path.slice("/static/".length))
        : resolve(dirname(file), path);
      if (!existsSync(target)) missing.push(`${relative(staticRoot, file)} -> ${ref}`);
    }
  }
  if (missing.length) {
    throw new Error(`front-end files refer to files not shipped:\n  ${missing.join("\n  ")}`);
  }
}

function* walk(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
