export {};
//# sourceMappingURL=verify-types.js.map