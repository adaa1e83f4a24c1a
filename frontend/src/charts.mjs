// Draws every Vega-Lite chart on the page. The spec comes from a JSON data block
// (<script type="application/json">) that the server wrote; expressions run through
// vega-interpreter, so the Content Security Policy need not allow eval, and vega-embed's
// injected styles and tooltips (inline <style>) are switched off.
import embed from "vega-embed";
import { expressionInterpreter } from "vega-interpreter";

for (const element of document.querySelectorAll("[data-vega-spec]")) {
  const source = document.getElementById(element.dataset.vegaSpec);
  if (!source) continue;
  const spec = JSON.parse(source.textContent);
  embed(element, spec, {
    ast: true,
    expr: expressionInterpreter,
    actions: false,
    renderer: "canvas",
    defaultStyle: false,
    tooltip: false,
  }).catch((error) => console.warn("chart not drawn:", error.message));
}
