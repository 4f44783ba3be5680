/** @module canonical/state: the cursor shared by the strict parser's scanners. */
export {};
//# sourceMappingURL=state.js.map