/** Version of this `@dagnostics/core` build (kept equal to package.json by a test). */
export const coreVersion = '0.1.0';
