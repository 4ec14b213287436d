// Starts the staff pages' islands (app/src/islands). The portal serves this file with the
// paths of its bundle filled in. A module script runs once the page has been parsed, and a
// page whose script fails to load still works: every island wraps a plain form.
import init, * as islands from "__GLUE__";

await init({ module_or_path: "__WASM__" });
islands.hydrate();
for (const el of document.querySelectorAll("leptos-island")) {
  const start = islands[el.dataset.component];
  if (start) start(el);
}
