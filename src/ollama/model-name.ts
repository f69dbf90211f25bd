/** Ollama lists models with their tag; a configured name without one means `:latest`. */
export function isSameModel(listedName: string, configuredName: string): boolean {
  return listedName === configuredName || listedName === `${configuredName}:latest`;
}
