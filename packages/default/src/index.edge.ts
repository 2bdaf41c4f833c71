// The edge and browser entry (the `workerd`, `edge-light`, `browser` and `deno` conditions): the same exports,
// built with `__NODE_BUILD__` false, so the members that need Node.js and the packages they import are left out.
export * from './index.js';
