// Draws every Find map on the page with Leaflet. The features come from a JSON data block
// (<script type="application/json">) that the server wrote, each already carrying its colour
// and a one-line label, so the legend, the table and the map cannot disagree. A base map is
// drawn only when the server names a tile URL (PREVHUB_MAP_TILE_URL): police networks often
// block tile servers, and the data layers must still work without one. No inline HTML is
// injected (popups are DOM nodes with textContent), so the Content Security Policy holds.
// Boundaries (LSOAs, districts) come from the hub itself (data-boundaries-url, same origin) and
// are drawn in a pane under the data, outlines only, so a map without tiles still has places.
import {
  circleMarker,
  control,
  geoJSON,
  map as leafletMap,
  tileLayer,
} from "leaflet/dist/leaflet-src.esm.js";

const OUTLINE = "#505a5f";
const BOUNDARY_STYLES = {
  lsoa: { color: "#6f777b", weight: 0.6, fill: false, interactive: false },
  district: { color: "#0b0c0c", weight: 2, fill: false, interactive: false },
};

async function drawBoundaries(map, element) {
  const url = element.dataset.boundariesUrl;
  if (!url) return;
  const pane = map.createPane("boundaries");
  pane.style.zIndex = "350"; // under the overlay pane (400), where the data are
  pane.style.pointerEvents = "none";
  let drawn = 0;
  for (const layer of ["district", "lsoa"]) {
    const response = await fetch(`${url}&layer=${layer}`, { credentials: "same-origin" });
    if (!response.ok) continue;
    const data = await response.json();
    const style = BOUNDARY_STYLES[layer];
    const shapes = geoJSON(data, { pane: "boundaries", style: () => style, interactive: false });
    shapes.addTo(map);
    drawn += shapes.getLayers().length;
    if (layer === "district" && data.attribution) {
      map.attributionControl.addAttribution(data.attribution);
    }
  }
  element.dataset.boundariesDrawn = String(drawn);
}

function popup(text) {
  const element = document.createElement("p");
  element.className = "govuk-body-s hub-map__popup";
  element.textContent = text;
  return element;
}

function draw(element) {
  const source = document.getElementById(element.dataset.mapFeatures);
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const map = leafletMap(element, { zoomSnap: 0.5 });
  const url = element.dataset.tileUrl;
  if (url) {
    tileLayer(url, { attribution: element.dataset.tileAttribution || "", maxZoom: 19 }).addTo(map);
  }
  const layer = geoJSON(data, {
    style: (feature) => ({
      color: OUTLINE,
      weight: 0.5,
      fillColor: feature.properties.colour,
      fillOpacity: 0.75,
    }),
    pointToLayer: (feature, latlng) => circleMarker(latlng, { radius: 8 }),
    onEachFeature: (feature, featureLayer) => {
      featureLayer.bindPopup(popup(feature.properties.label));
    },
  }).addTo(map);
  if (layer.getLayers().length > 0) {
    map.fitBounds(layer.getBounds(), { padding: [8, 8] });
  } else {
    map.setView([54.0, -2.0], 6); // Great Britain, when there is nothing to show
  }
  control.scale({ imperial: false }).addTo(map);
  element.dataset.mapDrawn = String(layer.getLayers().length);
  drawBoundaries(map, element).catch((error) => console.warn("boundaries not drawn:", error.message));
}

for (const element of document.querySelectorAll("[data-map-features]")) {
  try {
    draw(element);
  } catch (error) {
    console.warn("map not drawn:", error.message);
  }
}
