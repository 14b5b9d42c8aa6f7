// Placeholder: the thin VS Code client lands with the language server.
export function activate(): void {}
export function deactivate(): void {}
