/** @module http: node:http edges shared by the gate and the guard: listening, connection discipline, byte budgets. */
export { listen, closeServer } from './listen.js';
export { disciplineConnections } from './connections.js';
export { createByteBudget } from './budget.js';
export { rawProblemResponse, endWithProblem } from './raw-response.js';
//# sourceMappingURL=index.js.map