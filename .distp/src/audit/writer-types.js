export {};
//# sourceMappingURL=writer-types.js.map